import { atom, onMount, type ReadableAtom } from 'nanostores'
import { listConversations } from '../conversations/list-conversations.ts'
import { unwrapRecord } from '../messages/conversation-events.ts'
import type { ConversationListItem, ConversationView, ParleySession } from '../types/api.ts'
import type { Context } from './context.ts'

/**
 * Unread messages for whoever is signed in, live: a customer's staff replies over their own
 * conversations, or staff's unread customer messages over the organization's.
 */
export function createUnreadStore(context: Context): ReadableAtom<number> {
  const $unread = atom(0)
  const counts = new Map<string, number>()
  let generation = 0
  let cleanups: Array<() => void> = []

  function field(session: ParleySession): 'unread_count_staff' | 'unread_count_customer' {
    return session.kind === 'staff' ? 'unread_count_staff' : 'unread_count_customer'
  }

  function publish(): void {
    let total = 0
    for (const count of counts.values()) total += count
    $unread.set(total)
  }

  function onConversation(session: ParleySession, payload: Record<string, unknown>): void {
    const record = unwrapRecord(payload) as Partial<ConversationView>
    const value = record[field(session)]
    if (typeof record.id === 'string' && typeof value === 'number') {
      counts.set(record.id, value)
      publish()
    }
  }

  async function refresh(session: ParleySession, run: number): Promise<ConversationListItem[]> {
    const rows: ConversationListItem[] = await listConversations(context).catch(() => [])
    if (run !== generation) return rows
    counts.clear()
    for (const row of rows) counts.set(row.id, row[field(session)] ?? 0)
    publish()
    return rows
  }

  async function start(run: number): Promise<void> {
    const session = await context.session().catch(() => null)
    if (!session || run !== generation) return
    context.watch()
    const rows = await refresh(session, run)
    if (run !== generation) return
    const listener = {
      event: (name: string, payload: Record<string, unknown>) => {
        if (name === 'conversation') onConversation(session, payload)
      },
      status: (status: string) => {
        if (status === 'SUBSCRIBED') void refresh(session, run)
      }
    }
    const topics = session.kind === 'staff' && session.profile ? [`staff:${session.profile.organization_id}`] : rows.map((row) => `conversation:${row.id}`)
    cleanups.push(
      context.wake.listen((reason) => {
        if (reason !== 'offline') void refresh(session, run)
      }),
      context.$session.listen((next) => {
        if (next?.userId !== session.userId) restart()
      }),
      ...topics.map((topic) => context.topics.listen(topic, listener))
    )
  }

  function stop(): void {
    generation++
    for (const cleanup of cleanups) cleanup()
    cleanups = []
  }

  function restart(): void {
    stop()
    counts.clear()
    publish()
    void start(generation)
  }

  onMount($unread, () => {
    void start(++generation)
    return stop
  })
  return $unread
}
