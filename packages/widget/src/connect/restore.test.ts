import { describe, expect, it, vi } from 'vitest'
import { fakeCore, fakeState, memoryVisitor } from '../../test/fake-core.ts'
import { createRestore } from './restore.ts'

const A = '22222222-2222-4222-8222-222222222201'
const B = '22222222-2222-4222-8222-222222222202'
const CLAIM = '44444444-4444-4444-8444-444444444442'
const row = (id: string, claim_id: string | null = null) => ({
  id,
  subject: id,
  claim_id,
  status: 'active' as const,
  unread_count_customer: 2,
  last_message_at: null
})

function setUp(core: ReturnType<typeof fakeCore>, visitor = memoryVisitor(), token?: string) {
  const state = fakeState()
  const messages = { select: vi.fn((id: string) => state.set({ view: 'chat', activeId: id })) }
  const claims = { show: vi.fn(async (id: string) => state.set({ claim: { id } as never })), link: vi.fn() }
  const restore = createRestore({ parley: core.parley, config: { token }, visitor, claims, messages, ...state })
  return { state, messages, claims, restore }
}

describe('restore slice', () => {
  it('a new visitor gets the pre-chat form, without a session being created', async () => {
    const core = fakeCore()
    const { state, restore } = setUp(core)
    await restore.restore()
    expect(state.get().view).toBe('form')
    expect(core.parley.getSession).not.toHaveBeenCalled()
  })

  it('several conversations and none open: home with their unread counts and the claim they are about', async () => {
    const core = fakeCore({ conversations: [row(A, CLAIM), row(B)] })
    const { state, claims, restore } = setUp(core, memoryVisitor({ tokens: { [A]: 'a', [B]: 'b' } }))
    await restore.restore()
    expect(state.get().view).toBe('list')
    expect(state.get().conversations.map((conversation) => [conversation.id, conversation.unread])).toEqual([
      [A, 2],
      [B, 2]
    ])
    expect(claims.show).toHaveBeenCalledWith(CLAIM)
    expect(claims.link).toHaveBeenCalledWith(CLAIM, A)
  })

  it('the conversation the visitor had open comes back; a lost session is rebound with their tokens', async () => {
    const core = fakeCore({ conversations: [row(A), row(B)] })
    core.parley.getSession.mockResolvedValueOnce(null as never)
    const { messages, restore } = setUp(core, memoryVisitor({ tokens: { [A]: 'a', [B]: 'b' }, active: B }))
    await restore.restore()
    expect(core.parley.resumeConversation).toHaveBeenCalledWith('a')
    expect(core.parley.resumeConversation).toHaveBeenCalledWith('b')
    expect(messages.select).toHaveBeenCalledWith(B)
  })

  it('a link that cannot be redeemed leaves the form and says why', async () => {
    const core = fakeCore()
    core.parley.resumeConversation.mockRejectedValueOnce(new Error('TOKEN_INVALID'))
    const { state, restore } = setUp(core, memoryVisitor(), 'bad-token')
    await restore.restore()
    expect(state.get().view).toBe('form')
    expect(state.failures).toEqual([new Error('TOKEN_INVALID')])
  })
})
