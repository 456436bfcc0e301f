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
