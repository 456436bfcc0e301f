import { type Parley, ParleyError, type Profile, type ReplyTemplate, type UserRole } from '@parley/core'
import { render } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Context, type StaffContext } from '../base/context.ts'
import { type Locale, translator, viewTranslator } from '../base/i18n.ts'
import { explainTemplateError } from './explain.ts'
import { REPLY_TEMPLATES_TEXTS } from './i18n.ts'
import RepliesView from './RepliesView.tsx'

const shared = { id: 's1', shortcut: '/garantie', title: 'Warranty', owner_id: null, body_fr: 'Bonjour', body_en: 'Hello' } as ReplyTemplate
const mine = { id: 'm1', shortcut: '/merci', title: 'Thanks', owner_id: 'p1', body_fr: 'Merci', body_en: '' } as ReplyTemplate

function show(role: UserRole, locale: Locale = 'en') {
  const parley = {
    listReplyTemplates: vi.fn(async () => [shared, mine]),
    replyTemplateUsage: vi.fn(async () => [{ template_id: 's1', organization_id: 'o1', use_count: 3, last_used_at: null }]),
    createReplyTemplate: vi.fn(async () => {
      throw new ParleyError('CONFLICT', 'The shortcut /merci is already used')
    })
  }
  const context: StaffContext = {
    parley: parley as unknown as Parley,
    profile: { id: 'p1', role, organization_id: 'o1' } as Profile,
    locale,
    t: translator(locale),
    emit: () => undefined,
    fail: (error) => (error instanceof Error ? error.message : String(error))
  }
  const root = document.createElement('div')
  document.body.append(root)
  render(
    <Context.Provider value={context}>
      <RepliesView />
    </Context.Provider>,
    root
  )
  return { root, parley }
}

const buttons = (root: HTMLElement) =>
  [...root.querySelectorAll('button')].map((button) => button.getAttribute('aria-label') ?? button.textContent)

afterEach(() => {
  render(null, document.body)
  document.body.innerHTML = ''
})

describe('<parley-reply-templates> view', () => {
  it('lets an agent manage only their own replies, and says who manages the shared ones', async () => {
    const { root, parley } = show('agent')
    await expect.poll(() => root.textContent).toContain('/merci')
    expect(root.textContent).toContain('Shared replies are managed by your administrators')
    expect(root.textContent).toContain('It will be personal: only administrators create shared replies.')
    expect(buttons(root)).toEqual(expect.arrayContaining(['Edit /merci', 'Delete /merci']))
    expect(buttons(root)).not.toContain('Edit /garantie')
    expect(root.querySelector('[part="usage"]')).toBeNull()
    expect(parley.replyTemplateUsage).not.toHaveBeenCalled()
  })

  it('lets an admin manage shared replies and shows how often each was used', async () => {
    const { root } = show('admin')
    await expect.poll(() => root.querySelector('[part="usage"]')?.textContent).toBe('3 times')
    expect(buttons(root)).toEqual(expect.arrayContaining(['Edit /garantie', 'Delete /garantie', 'Edit /merci']))
    expect(root.textContent).toContain('The whole team')
  })

  it('says a duplicate shortcut in words, in French too', async () => {
    const { root } = show('agent', 'fr-CA')
    await expect.poll(() => root.textContent).toContain('/merci')
    const input = (label: string) =>
      [...root.querySelectorAll('label')]
        .find((node) => node.textContent?.startsWith(label))!
        .querySelector('input, textarea') as HTMLInputElement
    for (const [label, value] of [
      ['Titre', 'Merci encore'],
      ['Raccourci', '/merci'],
      ['Texte français', 'Merci!']
    ] as const) {
      input(label).value = value
      input(label).dispatchEvent(new Event('input', { bubbles: true }))
    }
    // Let Preact render the typed draft, as it does between a person's keystrokes and the click.
    await new Promise((resolve) => setTimeout(resolve, 0))
    root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await expect
      .poll(() => root.querySelector('[role="alert"]')?.textContent)
      .toBe('Le raccourci /merci est déjà utilisé par une autre réponse rapide : choisissez-en un autre.')
  })
})

describe('template refusals in words', () => {
  const t = viewTranslator('en', REPLY_TEMPLATES_TEXTS)
  it('names the unknown variable and its text, a stray brace, a bad shortcut, a missing text', () => {
    const refused = (message: string) => explainTemplateError(new ParleyError('INVALID_INPUT', message), '/x', t)
    expect(refused('body_en uses the unknown variable {{client}}; the variables are …')).toMatch(
      /^The English text uses \{\{client\}\}, which is not a variable\. The variables are: \{\{customer\.name\}\}, /
    )
    expect(refused('body_fr has unknown variable {{x.y}}; the variables are …')).toMatch(/^The French text uses \{\{x\.y\}\}/)
    expect(refused('body_fr has a {{ or }} that is not part of a variable')).toBe(
      'The French text has a {{ or }} that is not part of a variable.'
    )
    expect(refused('shortcut must be / followed by 1 to 32 lowercase letters')).toMatch(/^The shortcut must be/)
    expect(refused('A template needs a French or an English text')).toBe('Write a French or an English text (or both).')
    expect(refused('title must be at most 200 characters')).toBeNull()
    expect(explainTemplateError(new ParleyError('NOT_FOUND', 'gone'), '/x', t)).toMatch(/no longer exists/)
    expect(explainTemplateError(new Error('boom'), '/x', t)).toBeNull()
  })
})
