import { describe, expect, it, vi } from 'vitest'
import { fire, mount } from '../../test/render.tsx'
import { MessageList } from './MessageList.tsx'
import type { MessageView } from './types.ts'

const message = (id: number, change: Partial<MessageView> = {}): MessageView => ({
  id: `m${id}`,
  clientId: `c${id}`,
  mine: id % 2 === 0,
  senderName: id % 2 === 0 ? 'Ada' : 'Julie',
  senderType: id % 2 === 0 ? 'customer' : 'staff',
  kind: 'text',
  content: `message ${id}`,
  attachments: [],
  createdAt: new Date(Date.UTC(2026, 10, 20, 12, 0, id)).toISOString(),
  delivery: 'sent',
  read: false,
  ...change
})

describe('MessageList', () => {
  it('is a polite log with day separators', () => {
    const messages = [message(1, { createdAt: '2026-11-01T15:00:00.000Z' }), message(2, { createdAt: '2026-11-02T15:00:00.000Z' })]
    const { container } = mount(<MessageList messages={messages} hasMore={false} onLoadOlder={() => {}} onRetry={() => {}} />)
    const log = container.querySelector('[role="log"]')!
    expect(log.getAttribute('aria-live')).toBe('polite')
    expect(container.querySelectorAll('.day')).toHaveLength(2)
  })

  it('shows sending, delivered and read states, and a retry for failures', () => {
    const onRetry = vi.fn()
    const messages = [message(2, { delivery: 'pending' }), message(4), message(6, { read: true }), message(8, { delivery: 'failed' })]
    const { container } = mount(<MessageList messages={messages} hasMore={false} onLoadOlder={() => {}} onRetry={onRetry} />)
    expect([...container.querySelectorAll('.message')].map((node) => node.getAttribute('data-state'))).toEqual([
      'pending',
      'sent',
      'read',
      'failed'
    ])
    expect(container.querySelector('.tick.read .sr')!.textContent).toBe('Read')
    fire(container.querySelector('.failed button')!, new MouseEvent('click', { bubbles: true }))
    expect(onRetry).toHaveBeenCalledWith(messages[3])
  })

  it('keeps only a window of a long history in the DOM', () => {
    const messages = Array.from({ length: 5000 }, (_, index) => message(index))
    const { container } = mount(<MessageList messages={messages} hasMore onLoadOlder={() => {}} onRetry={() => {}} />)
    const rendered = container.querySelectorAll('.message').length
    expect(rendered).toBeGreaterThan(0)
    expect(rendered).toBeLessThanOrEqual(40)
    expect(container.textContent).toContain('message 4999')
  })

  it('asks for older messages', () => {
    const onLoadOlder = vi.fn()
    const { container } = mount(<MessageList messages={[message(1)]} hasMore onLoadOlder={onLoadOlder} onRetry={() => {}} />)
    fire(container.querySelector('.older')!, new MouseEvent('click', { bubbles: true }))
    expect(onLoadOlder).toHaveBeenCalled()
  })

  it('shows images inline and other files as links', () => {
    const messages = [
      message(1, {
        attachments: [
          { name: 'photo.png', size: 10, mimeType: 'image/png', url: 'https://x/photo.png' },
          { name: 'facture.pdf', size: 10, mimeType: 'application/pdf', url: 'https://x/f.pdf' }
        ]
      })
    ]
    const { container } = mount(<MessageList messages={messages} hasMore={false} onLoadOlder={() => {}} onRetry={() => {}} />)
    expect(container.querySelector('img')!.getAttribute('alt')).toBe('photo.png')
    expect(container.querySelector('a.file')!.getAttribute('href')).toBe('https://x/f.pdf')
  })
})
