import { describe, expect, it, vi } from 'vitest'
import { fakeCore, fakeMessage, fakeState, memoryVisitor } from '../../test/fake-core.ts'
import { createMessages } from './messages.ts'

const ID = '22222222-2222-4222-8222-222222222201'
const CLAIM = '44444444-4444-4444-8444-444444444442'
const old = new Date(Date.now() - 60_000).toISOString()

function setUp(open = false) {
  const core = fakeCore()
  const state = fakeState({ open })
  const visitor = memoryVisitor()
  const announce = vi.fn()
  const claims = { show: vi.fn(), link: vi.fn() }
  const identity = { apply: vi.fn() }
  const messages = createMessages({ parley: core.parley, visitor, identity, claims, ...state, problem: String, announce })
  return { core, state, visitor, announce, claims, identity, messages }
}

describe('messages slice', () => {
  it('opens a conversation: remembered as active, identity applied, read when the panel is open', () => {
    const { core, state, visitor, identity, messages } = setUp(true)
    messages.select(ID)
    const store = core.conversations.get(ID)!
    expect(store.open).toHaveBeenCalled()
    expect(visitor.read().active).toBe(ID)
    expect(identity.apply).toHaveBeenCalledWith(ID)
    expect(store.markRead).toHaveBeenCalled()
    expect(state.get()).toMatchObject({ view: 'chat', activeId: ID })
  })

  it('announces replies that arrive, not the history or the visitor’s own', () => {
    const { core, state, announce, messages } = setUp()
    messages.select(ID)
    const store = core.conversations.get(ID)!
    store.$messages.set([fakeMessage('1', { created_at: old })])
    expect(announce).not.toHaveBeenCalled()
    store.$messages.set([
      ...store.$messages.get(),
      fakeMessage('2', { sender_type: 'customer' }),
      fakeMessage('3', { content: 'Votre véhicule est prêt' })
    ])
    expect(announce).toHaveBeenCalledTimes(1)
    expect(announce).toHaveBeenCalledWith('Votre véhicule est prêt', 'Julie')
    expect(state.get().messages.map((message) => message.id)).toEqual(['1', '2', '3'])
    expect(state.get().agent).toEqual({ name: 'Julie', avatarUrl: null })
  })

  it('follows the conversation’s claim, subject and assigned agent', () => {
    const { core, state, claims, messages } = setUp()
    messages.select(ID)
    core.conversations.get(ID)!.$conversation.set({
      id: ID,
      subject: 'Transmission',
      claim_id: CLAIM,
      assigned_agent: { display_name: 'Marc', avatar_url: null }
    } as never)
    expect(state.get()).toMatchObject({ title: 'Transmission', agent: { name: 'Marc' } })
    expect(claims.show).toHaveBeenCalledWith(CLAIM)
    expect(claims.link).toHaveBeenCalledWith(CLAIM, ID)
  })

  it('stops following a conversation it closed, and draws again after a failed send or retry', async () => {
    const { core, state, messages } = setUp()
    messages.select(ID)
    const store = core.conversations.get(ID)!
    store.send.mockRejectedValueOnce(new Error('offline'))
    messages.send('Bonjour')
    expect(store.send).toHaveBeenCalledWith('Bonjour')
    store.retry.mockRejectedValueOnce(new Error('refused'))
    messages.retry({ clientId: 'client-1' } as never)
    expect(store.retry).toHaveBeenCalledWith('client-1')
    messages.close()
    store.$messages.set([fakeMessage('9')])
    expect(state.get().messages).toEqual([])
  })

  it('loads older messages once at a time, and says why it could not', async () => {
    const { core, state, messages } = setUp()
    messages.select(ID)
    const store = core.conversations.get(ID)!
    store.loadOlder.mockRejectedValueOnce(new Error('network'))
    await messages.loadOlder()
    expect(state.failures).toHaveLength(1)
    expect(state.get().loadingOlder).toBe(false)
  })
})
