import { atom, onMount, type ReadableAtom } from 'nanostores'
import { listConversations } from '../conversations/list-conversations.ts'
import { conversationOf, staffTopic } from '../messages/conversation-events.ts'
import type { ConversationView, ParleySession } from '../types/api.ts'
import type { Context } from './context.ts'
import { liveTopic } from './live-topic.ts'

function field(session: ParleySession): 'unread_count_staff' | 'unread_count_customer' {
  return session.kind === 'staff' ? 'unread_count_staff' : 'unread_count_customer'
}

/**
 * Unread messages for whoever is signed in, live: a customer's staff replies over their own
 * conversations, or staff's unread customer messages over the organization's.
 */
export function createUnreadStore(context: Context): ReadableAtom<number> {
  const $unread = atom(0)
  const counts = new Map<string, number>()
  /** Counts broadcast while a re-read is under way: newer than what the re-read returns. */
  let heard: Map<string, number> | null = null

  function publish(): void {
    let total = 0
    for (const count of counts.values()) total += count
    $unread.set(total)
  }

  const { open } = liveTopic(context, {
    follow: true,
    async topics(session) {
      if (session.kind === 'staff' && session.profile) return [staffTopic(session.profile)]
      return (await listConversations(context)).map((row) => `conversation:${row.id}`)
    },
    event(name, payload, session) {
      const record = conversationOf(name, payload) as Partial<ConversationView> | undefined
      const value = record?.[field(session)]
      if (typeof record?.id === 'string' && typeof value === 'number') {
        counts.set(record.id, value)
        heard?.set(record.id, value)
        publish()
      }
    },
    async refresh(session) {
      const during = new Map<string, number>()
      heard = during
      try {
        const rows = await listConversations(context)
        counts.clear()
        for (const row of rows) counts.set(row.id, row[field(session)] ?? 0)
        for (const [id, value] of during) counts.set(id, value)
        publish()
      } finally {
        heard = null
      }
    },
    stop() {
      counts.clear()
      publish()
    }
  })

  onMount($unread, open)
  return $unread
}
