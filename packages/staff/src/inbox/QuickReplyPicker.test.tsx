import type { ConversationStore, Parley, Profile, ReplyTemplate } from '@parley/core'
import { render } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { matchReplyTemplates } from '../../../core/src/replies/match-reply-templates.ts'
import { Context, type StaffContext } from '../base/context.ts'
import { translator } from '../base/i18n.ts'
import { Composer } from './Composer.tsx'
import { slashTokenAt } from './slash-token.ts'

const template = (id: string, shortcut: string, title: string, owner: string | null = null) =>
  ({ id, shortcut, title, owner_id: owner, body_en: `${title}, {{customer.name}}`, body_fr: '' }) as ReplyTemplate

// By shortcut, as listReplyTemplates returns them.
const TEMPLATES = [
  template('t3', '/garage', 'Garage address', 'p1'),
  template('t1', '/garantie', 'Warranty'),
  template('t2', '/hours', 'Opening hours')
]

function setUp() {
  const parley = {
    listReplyTemplates: vi.fn(async () => TEMPLATES),
    searchReplyTemplates: vi.fn(async (query: string, list?: readonly ReplyTemplate[]) => matchReplyTemplates(list ?? [], query)),
    renderReplyTemplate: vi.fn(async (id: string) => `Filled ${id} for Sophie`)
  }
  const store = { notifyTyping: vi.fn(), stopTyping: vi.fn(), send: vi.fn(async () => undefined), sendFile: vi.fn() }
  const context: StaffContext = {
    parley: parley as unknown as Parley,
    profile: { id: 'p1', role: 'agent' } as Profile,
    locale: 'en',
    t: translator('en'),
    emit: () => undefined,
    fail: (error) => String(error)
  }
  const root = document.createElement('div')
  document.body.append(root)
  render(
    <Context.Provider value={context}>
      <Composer store={store as unknown as ConversationStore} request={null} conversationId="c1" />
    </Context.Provider>,
    root
  )
  const textarea = root.querySelector('textarea')!
  const combobox = () => root.querySelector<HTMLInputElement>('[role="combobox"]')
  const options = () => [...root.querySelectorAll('[role="option"]')].map((option) => option.querySelector('.shortcut')?.textContent)
  const typeInField = (value: string) => {
    textarea.value = value
    textarea.setSelectionRange(value.length, value.length)
    textarea.dispatchEvent(new Event('input', { bubbles: true }))
  }
  const typeInPicker = (value: string) => {
    combobox()!.value = value
    combobox()!.dispatchEvent(new Event('input', { bubbles: true }))
  }
  const press = (key: string, target: Element = combobox()!, shiftKey = false) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true }))
  return { root, parley, store, textarea, combobox, options, typeInField, typeInPicker, press }
}

afterEach(() => {
  render(null, document.body)
  document.body.innerHTML = ''
})

describe('slash tokens', () => {
  it('finds a / that starts the text or a word, not one inside a word or URL', () => {
    expect(slashTokenAt('/gar', 4)).toEqual({ start: 0, end: 4 })
    expect(slashTokenAt('Bonjour /ga', 11)).toEqual({ start: 8, end: 11 })
    expect(slashTokenAt('https://example.com/a', 21)).toBeNull()
    expect(slashTokenAt('1/2', 3)).toBeNull()
    expect(slashTokenAt('/gar suite', 10)).toBeNull()
  })
})

describe('quick-reply picker', () => {
  it('opens on /, filters as you type from one list, and inserts the chosen reply by keyboard without sending', async () => {
    const ui = setUp()
    ui.typeInField('Hello /')
    await expect.poll(() => ui.combobox()).not.toBeNull()
    const box = ui.combobox()!
    await expect.poll(() => document.activeElement).toBe(box)
    expect(box.getAttribute('aria-expanded')).toBe('true')
    expect(box.getAttribute('aria-controls')).toBe('quick-reply-list')
    await expect.poll(ui.options).toEqual(['/garage', '/garantie', '/hours'])

    ui.typeInPicker('/gar')
    await expect.poll(ui.options).toEqual(['/garage', '/garantie'])
    // The search is the composer's text too: closing keeps what was typed.
    expect(ui.textarea.value).toBe('Hello /gar')
    expect(box.getAttribute('aria-activedescendant')).toBe('quick-reply-t3')
    ui.press('ArrowDown')
    await expect.poll(() => box.getAttribute('aria-activedescendant')).toBe('quick-reply-t1')
    expect(ui.root.querySelector('#quick-reply-t1')!.getAttribute('aria-selected')).toBe('true')
    ui.press('ArrowDown')
    await expect.poll(() => box.getAttribute('aria-activedescendant')).toBe('quick-reply-t3')
    ui.press('ArrowUp')
    await expect.poll(() => box.getAttribute('aria-activedescendant')).toBe('quick-reply-t1')

    ui.press('Enter')
    await expect.poll(() => ui.textarea.value).toBe('Hello Filled t1 for Sophie')
    expect(ui.parley.renderReplyTemplate).toHaveBeenCalledWith('t1', 'c1', 'en')
    expect(ui.parley.listReplyTemplates).toHaveBeenCalledTimes(1)
    expect(ui.combobox()).toBeNull()
    await expect.poll(() => document.activeElement).toBe(ui.textarea)
    expect(ui.textarea.selectionStart).toBe(ui.textarea.value.length)
    expect(ui.store.send).not.toHaveBeenCalled()
  })

  it('inserts with Tab in the language chosen with Alt+L, and sends as an internal note in note mode', async () => {
    const ui = setUp()
    const note = ui.root.querySelector<HTMLInputElement>('input[type="checkbox"]')!
    note.click()
    ui.typeInField('/hou')
    await expect.poll(ui.options).toEqual(['/hours'])
    const pressed = () => ui.root.querySelector('.languages [aria-pressed="true"]')?.textContent
    expect(pressed()).toBe('English')
    ui.combobox()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', altKey: true, bubbles: true, cancelable: true }))
    await expect.poll(pressed).toBe('Français')
    ui.press('Tab')
    await expect.poll(() => ui.parley.renderReplyTemplate.mock.calls.length).toBe(1)
    expect(ui.parley.renderReplyTemplate).toHaveBeenCalledWith('t2', 'c1', 'fr-CA')
    await expect.poll(() => ui.textarea.value).toBe('Filled t2 for Sophie')
    ui.press('Enter', ui.textarea)
    expect(ui.store.send).toHaveBeenCalledWith('Filled t2 for Sophie', { is_internal: true })
  })

  it('closes with Escape, keeps the typed text, and stays closed on that word until the next /', async () => {
    const ui = setUp()
    ui.typeInField('/zz')
    await expect.poll(() => ui.root.querySelector('[role="status"]')?.textContent).toContain('No quick reply matches')
    ui.press('Escape')
    await expect.poll(ui.combobox).toBeNull()
    await expect.poll(() => document.activeElement).toBe(ui.textarea)
    expect(ui.textarea.value).toBe('/zz')
    ui.typeInField('/zzz')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(ui.combobox()).toBeNull()
    ui.typeInField('/zzz /')
    await expect.poll(ui.combobox).not.toBeNull()
  })

  it('says where quick replies are made when the team has none yet', async () => {
    const ui = setUp()
    ui.parley.listReplyTemplates.mockResolvedValueOnce([])
    ui.typeInField('Bonjour /')
    await expect
      .poll(() => ui.root.querySelector('[role="status"]')?.textContent)
      .toBe('No quick replies yet: add them on the Quick replies page.')
  })

  it('hands the text back to the composer when the / is deleted or a space typed', async () => {
    const ui = setUp()
    ui.typeInField('Hi /')
    await expect.poll(ui.combobox).not.toBeNull()
    ui.typeInPicker('/ok ')
    await expect.poll(ui.combobox).toBeNull()
    expect(ui.textarea.value).toBe('Hi /ok ')
    await expect.poll(() => document.activeElement).toBe(ui.textarea)
  })
})
