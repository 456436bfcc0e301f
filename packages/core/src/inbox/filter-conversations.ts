import type { ChatConversation, ConversationPriority, ConversationStatus, InboxCounts, InboxFilters } from '../types/api.ts'

function includes<T extends string>(wanted: T | readonly T[] | undefined, value: T): boolean {
  if (wanted === undefined) return true
  return typeof wanted === 'string' ? wanted === value : wanted.length === 0 || wanted.includes(value)
}

/** Conversations matching the filters; `me` is the signed-in profile id. */
export function filterConversations(rows: readonly ChatConversation[], filters: InboxFilters, me: string | null): ChatConversation[] {
  const search = filters.search?.trim().toLowerCase()
  return rows.filter((row) => {
    if (!includes(filters.status, row.status)) return false
    if (!includes(filters.priority, row.priority)) return false
    if (filters.assignee === 'unassigned' && row.assigned_to !== null) return false
    if (filters.assignee === 'me' && (me === null || row.assigned_to !== me)) return false
    if (filters.assignee && filters.assignee !== 'me' && filters.assignee !== 'unassigned' && row.assigned_to !== filters.assignee)
      return false
    if (filters.tag && !(row.tags ?? []).includes(filters.tag)) return false
    if (filters.unread && !(row.unread_count_staff > 0)) return false
    if (search) {
      const haystack = `${row.customer_name} ${row.customer_email ?? ''} ${row.subject ?? ''}`.toLowerCase()
      if (!haystack.includes(search)) return false
    }
    return true
  })
}

/** Newest activity first; conversations without messages by creation time. */
export function compareActivity(a: ChatConversation, b: ChatConversation): number {
  const at = a.last_message_at ?? a.created_at
  const bt = b.last_message_at ?? b.created_at
  return at === bt ? (a.id < b.id ? 1 : -1) : at < bt ? 1 : -1
}

export function countConversations(rows: readonly ChatConversation[], me: string | null): InboxCounts {
  const byStatus: Record<ConversationStatus, number> = { active: 0, resolved: 0, archived: 0 }
  const byPriority: Record<ConversationPriority, number> = { low: 0, normal: 0, high: 0, urgent: 0 }
  let unread = 0
  let mine = 0
  let unassigned = 0
  for (const row of rows) {
    byStatus[row.status]++
    byPriority[row.priority]++
    if (row.unread_count_staff > 0) unread++
    if (me !== null && row.assigned_to === me) mine++
    if (row.assigned_to === null) unassigned++
  }
  return { total: rows.length, unread, mine, unassigned, byStatus, byPriority }
}
