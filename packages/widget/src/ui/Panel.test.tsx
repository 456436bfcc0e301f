import { describe, expect, it, vi } from 'vitest'
import { key, mount } from '../../test/render.tsx'
import { Panel } from './Panel.tsx'

describe('Panel', () => {
  it('is a labelled dialog that takes focus when it opens', () => {
    const { container } = mount(
      <Panel open labelledBy="t" onClose={() => {}}>
        <h2 id="t">Chat</h2>
        <textarea data-autofocus="" />
      </Panel>
    )
    const dialog = container.querySelector('[role="dialog"]')!
    expect(dialog.getAttribute('aria-labelledby')).toBe('t')
    expect(document.activeElement).toBe(container.querySelector('textarea'))
  })

  it('gives the new view focus when the change removed the focused element, and only then', () => {
    const form = (
      <Panel open view="form" labelledBy="t" onClose={() => {}}>
        <button type="submit" data-autofocus="">
          Start
        </button>
      </Panel>
    )
    const chat = (
      <Panel open view="chat" labelledBy="t" onClose={() => {}}>
        <textarea data-autofocus="" />
      </Panel>
    )
    const { container, rerender } = mount(form)
    expect(document.activeElement).toBe(container.querySelector('button'))
    rerender(chat)
    expect(document.activeElement).toBe(container.querySelector('textarea'))

    // A visitor working elsewhere on the page keeps their focus when the view changes.
    const elsewhere = document.createElement('input')
    document.body.append(elsewhere)
    elsewhere.focus()
    rerender(form)
    expect(document.activeElement).toBe(elsewhere)
    elsewhere.remove()
  })

  it('is modal on a phone, where it covers the page: Tab and Shift+Tab wrap around inside it', () => {
    const media = vi.spyOn(window, 'matchMedia').mockReturnValue({ matches: true } as MediaQueryList)
    try {
      const { container } = mount(
        <Panel open labelledBy="t" onClose={() => {}}>
          <button type="button">Close</button>
          <button type="button" disabled>
            Send
          </button>
          <textarea data-autofocus="" />
        </Panel>
      )
      expect(container.querySelector('[role="dialog"]')!.getAttribute('aria-modal')).toBe('true')
      // happy-dom lays nothing out: every control counts as shown.
      for (const control of container.querySelectorAll('button, textarea'))
        Object.defineProperty(control, 'offsetParent', { value: document.body })
      const [close] = container.querySelectorAll('button')
      const textarea = container.querySelector('textarea')!
      key(textarea, 'Tab')
      expect(document.activeElement).toBe(close)
      key(close!, 'Tab', { shiftKey: true })
      expect(document.activeElement).toBe(textarea)
    } finally {
      media.mockRestore()
    }
  })

  it('is not modal beside the page on a wider screen: Tab leaves it', () => {
    const { container } = mount(
      <Panel open labelledBy="t" onClose={() => {}}>
        <textarea data-autofocus="" />
      </Panel>
    )
    expect(container.querySelector('[role="dialog"]')!.getAttribute('aria-modal')).toBe('false')
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true })
    container.querySelector('textarea')!.dispatchEvent(tab)
    expect(tab.defaultPrevented).toBe(false)
  })

  it('closes on Escape', () => {
    const onClose = vi.fn()
    const { container } = mount(
      <Panel open labelledBy="t" onClose={onClose}>
        <input />
      </Panel>
    )
    key(container.querySelector('input')!, 'Escape')
    expect(onClose).toHaveBeenCalledTimes(1)
  })

  it('is hidden while closed', () => {
    const { container } = mount(
      <Panel open={false} labelledBy="t" onClose={() => {}}>
        x
      </Panel>
    )
    expect(container.querySelector<HTMLElement>('[role="dialog"]')!.hidden).toBe(true)
  })
})
