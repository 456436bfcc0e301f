import { type ConversationView, ParleyError } from '@parley/core'
import { act } from 'preact/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { fire, mount, type } from '../../test/render.tsx'
import type { ResolutionDeps } from '../connect/resolution.ts'
import type { VisitorRecord } from '../connect/visitor-storage.ts'
import { ResolvedPrompt } from './ResolvedPrompt.tsx'

const conversation: ConversationView = {
  id: '44444444-4444-4444-8444-444444444401',
  status: 'resolved',
  last_message_at: '2026-12-02T10:00:00Z'
}

function deps(parley: Partial<ResolutionDeps['parley']> = {}) {
  let record: VisitorRecord = { tokens: {}, active: null, sound: false, pushDismissed: false, pushId: null }
  return {
    parley: { rateConversation: vi.fn(async () => undefined), requestTranscript: vi.fn(async () => 'ada@example.com'), ...parley },
    visitor: { read: () => record, write: (change: Partial<VisitorRecord>) => (record = { ...record, ...change }) }
  }
}

/** Lets the promise a click started settle, inside act() so Preact re-renders. */
const settle = () => act(async () => await new Promise((resolve) => setTimeout(resolve, 0)))
const submit = (container: Element) => fire(container.querySelector('form')!, new Event('submit', { bubbles: true, cancelable: true }))

describe('ResolvedPrompt', () => {
  it('asks for a 1–5 rating as a labelled radio group, sends it with the comment, then thanks', async () => {
    const d = deps()
    const { container } = mount(<ResolvedPrompt conversation={conversation} deps={d} />, 'fr-CA')
    const radios = [...container.querySelectorAll<HTMLInputElement>('input[type="radio"]')]
    expect(radios).toHaveLength(5)
    expect(container.querySelector('legend')!.textContent).toBe('Êtes-vous satisfait de notre aide?')
    expect(container.querySelector(`label[for="${radios[3]!.id}"]`)!.textContent).toBe('4Satisfait')
    fire(radios[3]!, new Event('change', { bubbles: true }))
    type(container.querySelector('textarea')!, '  Rapide et clair  ')
    submit(container)
    await settle()
    expect(d.parley.rateConversation).toHaveBeenCalledWith(conversation.id, 4, 'Rapide et clair')
    expect(container.querySelector('form')).toBeNull()
    expect(container.textContent).toContain('Merci pour votre évaluation!')
    expect(d.visitor.read().resolutions).toEqual({ [conversation.id]: conversation.last_message_at })
  })

  it('says to choose a rating first, and does not send without one', () => {
    const d = deps()
    const { container } = mount(<ResolvedPrompt conversation={conversation} deps={d} />)
    submit(container)
    expect(container.querySelector('[role="alert"]')!.textContent).toContain('Choose a rating from 1 to 5')
    expect(d.parley.rateConversation).not.toHaveBeenCalled()
  })

  it('takes CONFLICT as rated elsewhere, and says other refusals in words with the form kept', async () => {
    const already = deps({ rateConversation: vi.fn(async () => Promise.reject(new ParleyError('CONFLICT', 'already rated'))) })
    const first = mount(<ResolvedPrompt conversation={conversation} deps={already} />)
    fire(first.container.querySelectorAll('input[type="radio"]')[4]!, new Event('change', { bubbles: true }))
    submit(first.container)
    await settle()
    expect(first.container.textContent).toContain('You already rated this conversation')
    expect(already.visitor.read().resolutions?.[conversation.id]).toBe(conversation.last_message_at)

    const offline = deps({ rateConversation: vi.fn(async () => Promise.reject(new ParleyError('NETWORK', 'offline'))) })
    const second = mount(<ResolvedPrompt conversation={conversation} deps={offline} />)
    fire(second.container.querySelectorAll('input[type="radio"]')[0]!, new Event('change', { bubbles: true }))
    submit(second.container)
    await settle()
    expect(second.container.querySelector('[role="alert"]')!.textContent).toContain('Check your connection')
    expect(second.container.querySelector('form')).not.toBeNull()
  })

  it('does not ask again for a resolution rated or dismissed, but does after the next one', () => {
    const d = deps()
    const first = mount(<ResolvedPrompt conversation={conversation} deps={d} />)
    fire(first.container.querySelector('button.link')!, new MouseEvent('click', { bubbles: true }))
    expect(first.container.querySelector('form')).toBeNull()
    first.unmount()
    expect(mount(<ResolvedPrompt conversation={conversation} deps={d} />).container.querySelector('form')).toBeNull()
    const reopened = { ...conversation, last_message_at: '2026-12-03T09:00:00Z' }
    expect(mount(<ResolvedPrompt conversation={reopened} deps={d} />).container.querySelector('form')).not.toBeNull()
  })

  it('sends the transcript and says where, or why not, in words', async () => {
    const d = deps()
    const { container } = mount(<ResolvedPrompt conversation={conversation} deps={d} />)
    const button = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Send me the transcript')!
    fire(button, new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(d.parley.requestTranscript).toHaveBeenCalledWith(conversation.id)
    expect(container.textContent).toContain('Transcript sent to a…@example.com.')

    for (const [code, words] of [
      ['RATE_LIMITED', 'already sent within the hour'],
      ['INVALID_INPUT', 'no e-mail address on this conversation'],
      ['EMAIL_SUPPRESSED', 'asked not to receive our e-mails']
    ] as const) {
      const refused = deps({ requestTranscript: vi.fn(async () => Promise.reject(new ParleyError(code, code))) })
      const view = mount(<ResolvedPrompt conversation={conversation} deps={refused} />)
      fire([...view.container.querySelectorAll('button')].find((b) => b.textContent === 'Send me the transcript')!, new MouseEvent('click'))
      await settle()
      expect(view.container.querySelector('p.problem')!.textContent).toContain(words)
    }
  })
})
