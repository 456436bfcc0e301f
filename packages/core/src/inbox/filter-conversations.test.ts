import { describe, expect, it } from 'vitest'
import type { ChatConversation } from '../types/api.ts'
import { compareActivity, countConversations, filterConversations } from './filter-conversations.ts'

function conversation(id: string, overrides: Partial<ChatConversation> = {}): ChatConversation {
  return {
    id,
    organization_id: 'org',
    customer_name: `Customer ${id}`,
    customer_email: `${id}@example.com`,
    customer_phone: null,
    assigned_to: null,
    warranty_id: null,
    claim_id: null,
    status: 'active',
    priority: 'normal',
    last_message_at: null,
    unread_count_customer: 0,
    unread_count_staff: 0,
    tags: [],
    internal_notes: null,
    subject: null,
    created_by: null,
    created_at: '2026-11-24T07:00:00Z',
    updated_at: '2026-11-24T07:00:00Z',
    customer_updated_at: '2026-11-24T07:00:00Z',
    deleted_at: null,
    deleted_by: null,
    customer_last_seen_at: null,
    staff_last_seen_at: null,
    customer_verified_at: null,
    ...overrides
  }
}

const rows = [
  conversation('a', {
    assigned_to: 'me',
    priority: 'urgent',
    tags: ['vip'],
    unread_count_staff: 2,
    last_message_at: '2026-11-24T07:05:00Z'
  }),
  conversation('b', { status: 'resolved', assigned_to: 'other', subject: 'Freins' }),
  conversation('c', { priority: 'high', last_message_at: '2026-11-24T07:10:00Z' })
]

describe('inbox filters', () => {
  it('filters by status, priority, assignee, tag, unread and search', () => {
    const ids = (filters: Parameters<typeof filterConversations>[1]) => filterConversations(rows, filters, 'me').map((row) => row.id)
    expect(ids({})).toEqual(['a', 'b', 'c'])
    expect(ids({ status: 'active' })).toEqual(['a', 'c'])
    expect(ids({ status: ['active', 'resolved'] })).toEqual(['a', 'b', 'c'])
    expect(ids({ priority: ['urgent', 'high'] })).toEqual(['a', 'c'])
    expect(ids({ assignee: 'me' })).toEqual(['a'])
    expect(ids({ assignee: 'unassigned' })).toEqual(['c'])
    expect(ids({ assignee: 'other' })).toEqual(['b'])
    expect(ids({ tag: 'vip' })).toEqual(['a'])
    expect(ids({ unread: true })).toEqual(['a'])
    expect(ids({ search: 'FREINS' })).toEqual(['b'])
    expect(ids({ search: 'c@example' })).toEqual(['c'])
  })

  it('sorts by latest activity and counts everything', () => {
    expect([...rows].sort(compareActivity).map((row) => row.id)).toEqual(['c', 'a', 'b'])
    expect(countConversations(rows, 'me')).toEqual({
      total: 3,
      unread: 1,
      mine: 1,
      unassigned: 1,
      byStatus: { active: 2, resolved: 1, archived: 0 },
      byPriority: { low: 0, normal: 1, high: 1, urgent: 1 }
    })
  })
})
