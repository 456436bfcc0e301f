import { atom, computed, onMount } from 'nanostores'
import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { liveTopic } from '../client/live-topic.ts'
import { requireUuid } from '../errors/validate.ts'
import { compareCursor } from '../messages/compare.ts'
import type { NotificationCenter, ParleyNotification } from '../types/api.ts'

export const NOTIFICATION_LIMIT = 20

function newestFirst(a: ParleyNotification, b: ParleyNotification): number {
  return compareCursor(b, a)
}

/** The staff notification centre: latest 20, live from `user:<id>`, re-read on rejoin or wake. */
export function createNotificationCenter(context: Context): NotificationCenter {
  const $items = atom<readonly ParleyNotification[]>([])
  const $unreadCount = computed($items, (items) => items.filter((item) => item.read_at === null).length)

  function merge(rows: readonly ParleyNotification[]): void {
    const byId = new Map($items.get().map((row) => [row.id, row]))
    for (const row of rows) byId.set(row.id, row)
    $items.set([...byId.values()].sort(newestFirst).slice(0, NOTIFICATION_LIMIT))
  }

  async function markRead(ids: readonly string[] | null): Promise<void> {
    const session = await context.requireSession()
    const now = new Date().toISOString()
    let query = context.supabase().from('notifications').update({ read_at: now }).eq('user_id', session.userId).is('read_at', null)
    if (ids) query = query.in('id', ids as string[])
    await call(query)
    $items.set($items.get().map((item) => (item.read_at === null && (!ids || ids.includes(item.id)) ? { ...item, read_at: now } : item)))
  }

  const { open, refresh, $error } = liveTopic(context, {
    topics: (session) => [`user:${session.userId}`],
    event(name, payload) {
      if (name === 'notification' && typeof payload.id === 'string') merge([payload as unknown as ParleyNotification])
    },
    async refresh(session) {
      const rows = await call(
        context
          .supabase()
          .from('notifications')
          .select('*')
          .eq('user_id', session.userId)
          .order('created_at', { ascending: false })
          .limit(NOTIFICATION_LIMIT)
      )
      const fetched = [...rows].sort(newestFirst)
      // What arrived live while this read was on its way is newer than anything it found.
      const newer = $items.get().filter((item) => fetched[0] === undefined || newestFirst(item, fetched[0]) < 0)
      $items.set([...newer, ...fetched].slice(0, NOTIFICATION_LIMIT))
    }
  })

  for (const store of [$items, $unreadCount, $error]) onMount(store, open)

  return {
    $items,
    $unreadCount,
    $error,
    open,
    refresh,
    markRead: async (id) => markRead([requireUuid(id, 'id')]),
    markAllRead: () => markRead(null)
  }
}
