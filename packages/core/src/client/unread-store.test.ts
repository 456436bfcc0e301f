import { describe, expect, it, vi } from 'vitest'
import { CUSTOMER, fakeContext, STAFF, settle } from '../../test/fake-context.ts'
import { createUnreadStore } from './unread-store.ts'

const lists: Record<string, Array<Record<string, unknown>>> = {}
let gate: Promise<void> = Promise.resolve()
vi.mock('../conversations/list-conversations.ts', () => ({
  listConversations: async (context: { $session: { get(): { kind: string } | null } }) => {
    const rows = lists[context.$session.get()?.kind ?? 'none'] ?? []
    await gate
    return rows
  }
}))

describe('$unread', () => {
  it('sums a customer’s conversations and follows conversation broadcasts', async () => {
    lists.customer = [
      { id: 'a', unread_count_customer: 1 },
      { id: 'b', unread_count_customer: 2 }
    ]
    const server = fakeContext(CUSTOMER)
    const $unread = createUnreadStore(server.context)
    const stop = $unread.listen(() => undefined)
    await settle()
    expect(server.topics().sort()).toEqual(['conversation:a', 'conversation:b'])
    server.status('conversation:a', 'SUBSCRIBED')
    await settle()
    expect($unread.get()).toBe(3)
    server.broadcast('conversation:a', 'conversation', { id: 'a', unread_count_customer: 0 })
    expect($unread.get()).toBe(2)
    // A reply carries the conversation's new counters: no separate conversation event.
    server.broadcast('conversation:a', 'message', { id: 'm', conversation_id: 'a', conversation: { id: 'a', unread_count_customer: 1 } })
    expect($unread.get()).toBe(3)
    stop()
  })

  it('opened before the visitor has a session or a conversation, follows each one they gain', async () => {
    lists.customer = []
    const server = fakeContext(null)
    const $unread = createUnreadStore(server.context)
    const stop = $unread.listen(() => undefined)
    await settle()
    expect(server.topics()).toEqual([])
    server.context.$session.set(CUSTOMER)
    lists.customer = [{ id: 'a', unread_count_customer: 1 }]
    server.context.joined.emit()
    await settle()
    expect(server.topics()).toEqual(['conversation:a'])
    lists.customer = [...lists.customer, { id: 'b', unread_count_customer: 2 }]
    server.context.joined.emit()
    await settle()
    expect(server.topics().sort()).toEqual(['conversation:a', 'conversation:b'])
    server.status('conversation:b', 'SUBSCRIBED')
    await settle()
    expect($unread.get()).toBe(3)
    stop()
  })

  it('sums the organization’s unread for staff from the staff topic', async () => {
    lists.staff = [{ id: 'a', unread_count_staff: 4 }]
    const server = fakeContext(STAFF)
    const $unread = createUnreadStore(server.context)
    const stop = $unread.listen(() => undefined)
    await settle()
    server.status('staff:org', 'SUBSCRIBED')
    await settle()
    expect($unread.get()).toBe(4)
    server.broadcast('staff:org', 'conversation', { id: 'c', unread_count_staff: 2 })
    expect($unread.get()).toBe(6)
    stop()
  })

  it('keeps a count broadcast while a re-read is under way (the re-read read older data)', async () => {
    lists.staff = [{ id: 'a', unread_count_staff: 0 }]
    const server = fakeContext(STAFF)
    const $unread = createUnreadStore(server.context)
    const stop = $unread.listen(() => undefined)
    await settle()
    let open: () => void = () => {}
    gate = new Promise((resolve) => (open = resolve))
    server.status('staff:org', 'SUBSCRIBED')
    await settle()
    server.broadcast('staff:org', 'conversation', { id: 'a', unread_count_staff: 1 })
    open()
    await settle()
    expect($unread.get()).toBe(1)
    stop()
  })
})
