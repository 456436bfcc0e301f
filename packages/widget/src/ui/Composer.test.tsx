import { describe, expect, it, vi } from 'vitest'
import { fire, key, mount, type } from '../../test/render.tsx'
import { Composer } from './Composer.tsx'
import { Uploads } from './Uploads.tsx'

describe('Composer', () => {
  it('sends on Enter, keeps Shift+Enter for a new line, and clears after sending', () => {
    const onSend = vi.fn()
    const onTyping = vi.fn()
    const { container } = mount(<Composer onSend={onSend} onFiles={() => {}} onTyping={onTyping} />)
    const textarea = container.querySelector('textarea')!
    type(textarea, 'Bonjour')
    expect(onTyping).toHaveBeenCalledTimes(1)
    key(textarea, 'Enter', { shiftKey: true })
    expect(onSend).not.toHaveBeenCalled()
    key(textarea, 'Enter')
    expect(onSend).toHaveBeenCalledWith('Bonjour')
    expect(textarea.value).toBe('')
  })

  it('does not send blank text', () => {
    const onSend = vi.fn()
    const { container } = mount(<Composer onSend={onSend} onFiles={() => {}} />)
    const textarea = container.querySelector('textarea')!
    type(textarea, '   ')
    key(textarea, 'Enter')
    expect(onSend).not.toHaveBeenCalled()
    expect(container.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).toBe(true)
  })

  it('takes pasted and dropped files', () => {
    const onFiles = vi.fn()
    const { container } = mount(<Composer onSend={() => {}} onFiles={onFiles} />)
    const file = new File(['x'], 'photo.png', { type: 'image/png' })
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown }
    paste.clipboardData = { files: [file] }
    fire(container.querySelector('textarea')!, paste)
    expect(onFiles).toHaveBeenCalledWith([file])
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as Event & { dataTransfer: unknown }
    drop.dataTransfer = { files: [file] }
    fire(container.querySelector('form')!, drop)
    expect(onFiles).toHaveBeenCalledTimes(2)
  })

  it('shows uploads with progress and a labelled remove button', () => {
    const onRemove = vi.fn()
    const { container } = mount(<Uploads uploads={[{ id: 'u1', name: 'facture.pdf', progress: 0.4 }]} onRemove={onRemove} />)
    expect(container.querySelector('progress')!.getAttribute('value')).toBe('0.4')
    const remove = container.querySelector<HTMLButtonElement>('button[aria-label="Remove facture.pdf"]')!
    fire(remove, new MouseEvent('click', { bubbles: true }))
    expect(onRemove).toHaveBeenCalledWith('u1')
  })

  it('fetches the uploads list when the first file is on its way', async () => {
    const { container } = mount(
      <Composer onSend={() => {}} onFiles={() => {}} uploads={[{ id: 'u1', name: 'facture.pdf', progress: 0 }]} />
    )
    expect(container.querySelector('[role="status"]')!.textContent).toBe('Loading…')
    await expect.poll(() => container.querySelector('.uploads .name')?.textContent).toBe('facture.pdf')
  })

  it('uses 16px inputs so iOS does not zoom (checked in the stylesheet)', async () => {
    const { WIDGET_CSS } = await import('../styles/widget.css.ts')
    expect(WIDGET_CSS).toContain('input,textarea{font-size:16px}')
  })
})
