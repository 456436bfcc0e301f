import { describe, expect, it, vi } from 'vitest'
import { CUSTOMER, conversationRow, fakeContext, STAFF, settle } from '../../test/fake-context.ts'
import type { ChatConversation } from '../types/api.ts'
import { createInboxStore } from './inbox-store.ts'

const rows: ChatConversation[] = []
// Reads wait for this, to hold one in flight.
let reading: Promise<void> = Promise.resolve()
vi.mock('../conversations/list-conversations.ts', () => ({
  listStaffConversations: async () => {
    await reading
    return rows.map((row) => ({ ...row }))
  }
}))

const conversation = (id: string, overrides: Partial<ChatConversation> = {}) =>
  conversationRow(id, { customer_name: id, customer_email: null, ...overrides })

describe('inbox store', () => {
  it('loads on join, applies conversation broadcasts live, filters and counts locally', async () => {
    rows.splice(0, rows.length, conversation('a', { last_message_at: '2026-11-24T07:01:00Z' }), conversation('b', { status: 'resolved' }))
    const server = fakeContext(STAFF)
    const inbox = createInboxStore(server.context, { status: 'active' })
    const stop = inbox.$conversations.listen(() => undefined)
    await settle()
    expect(server.topics()).toEqual(['staff:org'])
    server.status('staff:org', 'SUBSCRIBED')
    await settle()
    expect(inbox.$conversations.get().map((row) => row.id)).toEqual(['a'])
    server.broadcast('staff:org', 'conversation', conversation('c', { assigned_to: STAFF.userId }))
    expect(inbox.$conversations.get().map((row) => row.id)).toEqual(['a', 'c'])
    // A message carries the conversation as it left it: activity order and counters at once.
    server.broadcast('staff:org', 'message', {
      id: 'm1',
      conversation_id: 'c',
      created_at: '2026-11-24T07:05:00Z',
      conversation: conversation('c', { unread_count_staff: 1, assigned_to: STAFF.userId, last_message_at: '2026-11-24T07:05:00Z' })
    })
    expect(inbox.$conversations.get().map((row) => row.id)).toEqual(['c', 'a'])
    expect(inbox.$counts.get()).toMatchObject({
      total: 3,
      unread: 1,
      mine: 1,
      unassigned: 2,
      byStatus: { active: 2, resolved: 1, archived: 0 }
    })
    inbox.setFilters({ assignee: 'me' })
    expect(inbox.$conversations.get().map((row) => row.id)).toEqual(['c'])
    server.broadcast('staff:org', 'conversation_deleted', { id: 'c' })
    expect(inbox.$conversations.get()).toEqual([])
    stop()
  })

  it('refuses customers with NOT_AUTHORIZED', async () => {
    const server = fakeContext(CUSTOMER)
    const inbox = createInboxStore(server.context)
    inbox.open()
    await settle()
    expect(inbox.$error.get()).toMatchObject({ code: 'NOT_AUTHORIZED' })
    expect(server.topics()).toEqual([])
  })

  it('keeps what arrives live while the list is being read', async () => {
    rows.splice(0, rows.length, conversation('a'), conversation('gone'))
    let release = () => {}
    reading = new Promise((resolve) => {
      release = resolve
    })
    const server = fakeContext(STAFF)
    const inbox = createInboxStore(server.context, {})
    const stop = inbox.$conversations.listen(() => undefined)
    await settle()
    server.status('staff:org', 'SUBSCRIBED')
    await settle()
    server.broadcast('staff:org', 'conversation', conversation('new', { updated_at: '2026-11-24T08:00:00Z' }))
    server.broadcast('staff:org', 'conversation_deleted', { id: 'gone' })
    release()
    await settle()
    expect(
      inbox.$conversations
        .get()
        .map((row) => row.id)
        .sort()
    ).toEqual(['a', 'new'])
    reading = Promise.resolve()
    stop()
  })
})
