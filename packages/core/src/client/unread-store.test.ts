import { describe, expect, it, vi } from 'vitest'
import { CUSTOMER, fakeContext, settle, STAFF } from '../../test/fake-context.ts'
import { createUnreadStore } from './unread-store.ts'

const lists: Record<string, Array<Record<string, unknown>>> = {}
vi.mock('../conversations/list-conversations.ts', () => ({
  listConversations: async (context: { $session: { get(): { kind: string } | null } }) => lists[context.$session.get()?.kind ?? 'none'] ?? []
}))

describe('$unread', () => {
  it('sums a customer’s conversations and follows conversation broadcasts', async () => {
    lists.customer = [{ id: 'a', unread_count_customer: 1 }, { id: 'b', unread_count_customer: 2 }]
    const server = fakeContext(CUSTOMER)
    const $unread = createUnreadStore(server.context)
    const stop = $unread.listen(() => undefined)
    await settle()
    expect($unread.get()).toBe(3)
    expect(server.topics().sort()).toEqual(['conversation:a', 'conversation:b'])
    server.broadcast('conversation:a', 'conversation', { id: 'a', unread_count_customer: 0 })
    expect($unread.get()).toBe(2)
    stop()
  })

  it('sums the organization’s unread for staff from the staff topic', async () => {
    lists.staff = [{ id: 'a', unread_count_staff: 4 }]
    const server = fakeContext(STAFF)
    const $unread = createUnreadStore(server.context)
    const stop = $unread.listen(() => undefined)
    await settle()
    expect($unread.get()).toBe(4)
    server.broadcast('staff:org', 'conversation', { id: 'c', unread_count_staff: 2 })
    expect($unread.get()).toBe(6)
    stop()
  })
})
