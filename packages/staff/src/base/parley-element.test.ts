import { type Parley, ParleyError, type ParleySession, type Profile, type UserRole } from '@parley/core'
import { atom } from 'nanostores'
import { afterEach, describe, expect, it } from 'vitest'
import '../index.ts'
import { loadErrorTexts } from './errors/index.ts'

/** Just what the element base reads before a view needs more: the session. */
function fakeParley(role: UserRole | null): Parley {
  const profile = role ? ({ id: 'p1', role, display_name: 'Test', organization_id: 'o1' } as Profile) : null
  const session: ParleySession | null = profile ? { userId: 'p1', kind: 'staff', profile } : null
  return { $session: atom(session), getSession: async () => session } as unknown as Parley
}

const text = (element: HTMLElement) => element.shadowRoot?.textContent ?? ''

afterEach(() => {
  document.body.innerHTML = ''
  document.documentElement.removeAttribute('lang')
})

describe('staff element base', () => {
  it('asks for configuration when it has no client', async () => {
    const element = document.createElement('parley-inbox')
    document.body.append(element)
    await expect.poll(() => text(element)).toContain('set the parley property, or the supabase-url and supabase-key attributes')
  })

  it('says a role cannot use an element instead of failing, naming the role in the element’s language (f_and_i and the inbox, agent and notifications)', async () => {
    const inbox = document.createElement('parley-inbox')
    inbox.parley = fakeParley('f_and_i')
    const bell = document.createElement('parley-notification-center')
    bell.parley = fakeParley('agent')
    bell.setAttribute('lang', 'fr-CA')
    document.body.append(inbox, bell)
    await expect.poll(() => text(inbox), { timeout: 20_000 }).toContain('Your role (F&I) does not give access to the inbox.')
    await expect.poll(() => text(bell), { timeout: 20_000 }).toContain('Votre rôle (agent) ne donne pas accès au centre de notifications.')
  })

  it('asks a signed-out visitor to sign in, in the document’s language', async () => {
    document.documentElement.lang = 'fr-CA'
    const tracker = document.createElement('parley-claim-tracker')
    tracker.parley = fakeParley(null)
    document.body.append(tracker)
    await expect.poll(() => text(tracker), { timeout: 20_000 }).toContain('Connectez-vous comme membre du personnel')
  })

  it('dispatches parley-error with the code, bubbling out of shadow roots, and words it in the element’s language', async () => {
    await loadErrorTexts('fr-CA')
    const element = document.createElement('parley-push-settings')
    element.lang = 'fr-CA'
    document.body.append(element)
    const seen: unknown[] = []
    document.addEventListener('parley-error', (event) => seen.push((event as CustomEvent).detail))
    expect(element.report(new ParleyError('RATE_LIMITED', 'Too many'))).toBe('Trop de tentatives : attendez un moment et réessayez.')
    element.report(new Error('not a ParleyError'))
    expect(seen).toMatchObject([
      { code: 'RATE_LIMITED', message: 'Too many' },
      { code: 'UNKNOWN', message: 'not a ParleyError' }
    ])
  })
})
