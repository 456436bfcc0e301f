import type { ChatConversation } from '@parley/core'
import { render } from 'preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createInboxStore } from '../../../core/src/inbox/inbox-store.ts'
import { conversationRow, fakeContext, STAFF, settle } from '../../../core/test/fake-context.ts'
import type { ParleyInbox } from './element.ts'
import { useAttention } from './use-attention.ts'

// The tone, in place of an AudioContext.
const playTone = vi.hoisted(() => vi.fn())
vi.mock('@parley/widget/tone', () => ({ playTone }))

// What the server holds; every (re)read of the inbox returns it.
const rows: ChatConversation[] = []
let failing = false
vi.mock('../../../core/src/conversations/list-conversations.ts', () => ({
  listStaffConversations: async () => {
    if (failing) throw new Error('network down')
    return rows.map((row) => ({ ...row }))
  }
}))

const ME = STAFF.userId
const COLLEAGUE = '22222222-2222-4222-8222-222222222203'
const TOPIC = 'staff:org'

/** The inbox on a page titled "Support", following the fake server; `sound` set. */
async function setUp(held: ChatConversation[]) {
  rows.splice(0, rows.length, ...held)
  document.title = 'Support'
  const server = fakeContext(STAFF)
  // The view's own store, filtered as the inbox opens: the badge and the tone look past the filters.
  const inbox = createInboxStore(server.context, { status: 'active' })
  const host = { sound: true } as ParleyInbox
  function Probe() {
    useAttention(inbox, ME, host)
    return null
  }
  const root = document.createElement('div')
  render(<Probe />, root)
  await settle()
  server.status(TOPIC, 'SUBSCRIBED')
  await settle()
  return {
    server,
    host,
    /** A message as the server broadcasts it, carrying the conversation's new counters if it moved them. */
    message(conversation: ChatConversation | null, extra: object = {}) {
      server.broadcast(TOPIC, 'message', { id: crypto.randomUUID(), conversation_id: 'a', ...extra, ...(conversation && { conversation }) })
    },
    unmount: () => render(null, root)
  }
}

const unread = (id: string, count: number, overrides: Partial<ChatConversation> = {}) =>
  conversationRow(id, { unread_count_staff: count, ...overrides })

describe('useAttention (title badge and tone of <parley-inbox>)', () => {
  beforeEach(() => playTone.mockClear())
  afterEach(() => {
    document.title = ''
  })

  it('shows the count on load without a tone, then one tone per new customer message', async () => {
    const page = await setUp([unread('a', 2), unread('b', 1, { assigned_to: ME })])
    expect(document.title).toBe('(3) Support')
    expect(playTone).not.toHaveBeenCalled()

    page.message(unread('a', 3))
    expect(document.title).toBe('(4) Support')
    expect(playTone).toHaveBeenCalledTimes(1)
    page.unmount()
    await settle()
    expect(document.title).toBe('Support')
  })

  it('stays silent for a colleague’s reply, an internal note and a conversation read elsewhere', async () => {
    const page = await setUp([unread('a', 2)])
    // A staff reply carries the conversation with its counter unchanged.
    page.message(unread('a', 2), { sender_type: 'staff' })
    // An internal note carries no conversation at all.
    page.message(null, { sender_type: 'staff', is_internal: true })
    // Read in another tab: the count goes down…
    page.server.broadcast(TOPIC, 'conversation', unread('a', 0))
    expect(document.title).toBe('Support')
    expect(playTone).not.toHaveBeenCalled()
    // …and the next customer message there is news again.
    page.message(unread('a', 1))
    expect(document.title).toBe('(1) Support')
    expect(playTone).toHaveBeenCalledTimes(1)
    page.unmount()
  })

  it('rings once for what a catch-up brings, and not for a catch-up that brings nothing', async () => {
    const page = await setUp([unread('a', 1), unread('b', 0)])
    page.server.status(TOPIC, 'SUBSCRIBED')
    await settle()
    expect(playTone).not.toHaveBeenCalled()
    // Three customer messages while the socket was down, in two conversations.
    rows.splice(0, rows.length, unread('a', 3), unread('b', 1))
    page.server.context.wake.emit('online')
    await settle()
    expect(document.title).toBe('(4) Support')
    expect(playTone).toHaveBeenCalledTimes(1)
    page.unmount()
  })

  it('rings for the agent’s own and unassigned conversations, not a colleague’s; never without `sound`', async () => {
    const page = await setUp([unread('a', 0, { assigned_to: COLLEAGUE }), unread('b', 0)])
    page.message(unread('a', 1, { assigned_to: COLLEAGUE }))
    expect(document.title).toBe('(1) Support')
    expect(playTone).not.toHaveBeenCalled()
    page.host.sound = false
    page.message(unread('b', 1), { conversation_id: 'b' })
    expect(document.title).toBe('(2) Support')
    expect(playTone).not.toHaveBeenCalled()
    page.unmount()
  })

  it('takes the first read that succeeds for the load, not one that failed', async () => {
    failing = true
    const page = await setUp([unread('a', 2)])
    expect(document.title).toBe('Support')
    failing = false
    page.server.status(TOPIC, 'SUBSCRIBED')
    await settle()
    expect(document.title).toBe('(2) Support')
    expect(playTone).not.toHaveBeenCalled()
    page.unmount()
  })
})
