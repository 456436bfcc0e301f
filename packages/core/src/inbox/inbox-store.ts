import { atom, computed, onMount } from 'nanostores'
import type { Context } from '../client/context.ts'
import { liveTopic } from '../client/live-topic.ts'
import { listStaffConversations } from '../conversations/list-conversations.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { conversationOf, staffTopic } from '../messages/conversation-events.ts'
import type { ChatConversation, InboxFilters, InboxStore } from '../types/api.ts'
import { compareActivity, countConversations, filterConversations } from './filter-conversations.ts'

/**
 * Staff inbox over the organization's conversations, live from `staff:<org>`: rows arrive
 * and change by `conversation` broadcasts and by the state messages and read receipts carry,
 * leave by `conversation_deleted`, and are re-read whole after every rejoin or wake.
 * Filtering and counts are local, so they are instant.
 */
export function createInboxStore(context: Context, initial: InboxFilters = {}): InboxStore {
  const $filters = atom<InboxFilters>({ ...initial })
  const $rows = atom<ReadonlyMap<string, ChatConversation>>(new Map())
  const $me = computed(context.$session, (session) => session?.userId ?? null)
  const $sorted = computed($rows, (rows) => [...rows.values()].sort(compareActivity))
  const $conversations = computed([$sorted, $filters, $me], (rows, filters, me) => filterConversations(rows, filters, me))
  const $counts = computed([$sorted, $me], (rows, me) => countConversations(rows, me))

  // What arrives live while the list is being read: re-applied over the read (null: deleted).
  let during: Map<string, ChatConversation | null> | null = null

  function upsert(row: ChatConversation): void {
    const next = new Map($rows.get())
    next.set(row.id, { ...next.get(row.id), ...row })
    $rows.set(next)
    during?.set(row.id, next.get(row.id)!)
  }

  const { open, refresh, $loading, $error } = liveTopic(context, {
    topics(session) {
      if (session.kind !== 'staff' || !session.profile) throw new ParleyError('NOT_AUTHORIZED', 'The inbox is for staff; sign in first')
      return [staffTopic(session.profile)]
    },
    event(name, payload) {
      const row = conversationOf(name, payload)
      if (typeof row?.id === 'string') upsert(row as unknown as ChatConversation)
      if (name === 'conversation_deleted' && typeof payload.id === 'string') {
        const next = new Map($rows.get())
        if (next.delete(payload.id)) $rows.set(next)
        during?.set(payload.id, null)
      }
    },
    async refresh() {
      // A read that fails leaves this collecting until the next read replaces it.
      const live = new Map<string, ChatConversation | null>()
      during = live
      const next = new Map((await listStaffConversations(context)).map((row) => [row.id, row]))
      during = null
      for (const [id, row] of live) {
        const read = next.get(id)
        // The read may be the newer of the two: it started before the event but can see after it.
        if (!row) next.delete(id)
        else if (!read || row.updated_at >= read.updated_at) next.set(id, row)
      }
      $rows.set(next)
    }
  })

  for (const store of [$sorted, $conversations, $counts, $loading, $error]) onMount(store, open)

  return {
    $filters,
    $all: $sorted,
    $conversations,
    $counts,
    $loading,
    $error,
    open,
    refresh,
    setFilters(filters) {
      $filters.set({ ...filters })
    }
  }
}
