import { describe, expect, it } from 'vitest'
import { conversationRow as conversation } from '../../test/fake-context.ts'
import { compareActivity, countConversations, filterConversations } from './filter-conversations.ts'

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
