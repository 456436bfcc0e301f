import { describe, expect, it, vi } from 'vitest'
import { fire, mount } from '../../test/render.tsx'
import { Message } from './Message.tsx'
import type { MessageView } from './types.ts'
import { Uploads } from './Uploads.tsx'

const pending: MessageView = {
  id: 'a',
  clientId: 'a',
  mine: true,
  senderName: 'Sophie',
  senderType: 'customer',
  kind: 'text',
  content: 'Bonjour',
  attachments: [],
  createdAt: new Date().toISOString(),
  delivery: 'pending',
  read: false
}

describe('offline', () => {
  it('a message sent offline says it waits for the connection, not that it failed', () => {
    const online = mount(<Message message={pending} onRetry={() => undefined} />).container
    expect(online.textContent).toContain('Sending…')
    const offline = mount(<Message message={pending} onRetry={() => undefined} offline />).container
    expect(offline.textContent).toContain('Waiting for the connection…')
    expect(offline.querySelector('[data-state]')!.getAttribute('data-state')).toBe('pending')
  })

  it('a failed attachment offers Retry and Remove, each naming the file', () => {
    const onRetry = vi.fn()
    const onRemove = vi.fn()
    const { container } = mount(
      <Uploads
        uploads={[{ id: 'u', name: 'photo.png', progress: 0, error: 'Network request failed' }]}
        onRetry={onRetry}
        onRemove={onRemove}
      />
    )
    const [retry, remove] = [...container.querySelectorAll('button')]
    expect(retry!.getAttribute('aria-label')).toBe('Retry photo.png')
    fire(retry!, new MouseEvent('click', { bubbles: true }))
    fire(remove!, new MouseEvent('click', { bubbles: true }))
    expect(remove!.getAttribute('aria-label')).toBe('Remove photo.png')
    expect(onRetry).toHaveBeenCalledWith('u')
    expect(onRemove).toHaveBeenCalledWith('u')
  })
})
