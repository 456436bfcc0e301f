import type { ChatMessage, MessageCursor, ReadReceipt } from '../types/api.ts'
import { compareCursor } from './compare.ts'

export interface MessageList<T extends ChatMessage = ChatMessage> {
  /** Adds or replaces rows by id; returns true when anything changed. */
  ingest(rows: readonly T[]): boolean
  /** Marks the other side's messages up to read_at as read by the reader. */
  applyRead(receipt: ReadReceipt): boolean
  /** Sorted by (created_at, id); the same array until something changes. */
  rows(): readonly T[]
  hasClientId(clientId: string): boolean
  oldest(): MessageCursor | null
  newest(): MessageCursor | null
  readonly size: number
}

function sameRow(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.content === b.content &&
    a.read_by_customer === b.read_by_customer &&
    a.read_by_staff === b.read_by_staff &&
    a.read_at === b.read_at &&
    a.created_at === b.created_at &&
    JSON.stringify(a.attachments) === JSON.stringify(b.attachments)
  )
}

/**
 * The server-confirmed messages of one conversation: deduplicated by id, ordered by
 * (created_at, id) whatever order they arrive in (socket, catch-up, older pages).
 */
export function createMessageList<T extends ChatMessage = ChatMessage>(): MessageList<T> {
  let sorted: T[] = []
  const byId = new Map<string, T>()
  const clientIds = new Set<string>()
  let snapshot: readonly T[] = sorted

  function position(row: MessageCursor): number {
    let low = 0
    let high = sorted.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compareCursor(sorted[middle] as T, row) < 0) low = middle + 1
      else high = middle
    }
    return low
  }

  function insert(row: T): void {
    const last = sorted[sorted.length - 1]
    if (!last || compareCursor(last, row) < 0) sorted.push(row)
    else sorted.splice(position(row), 0, row)
  }

  return {
    ingest(rows) {
      let changed = false
      const fresh: T[] = []
      const freshAt = new Map<string, number>()
      for (const row of rows) {
        const pending = freshAt.get(row.id)
        if (pending !== undefined) {
          fresh[pending] = row
          byId.set(row.id, row)
          continue
        }
        const existing = byId.get(row.id)
        if (existing) {
          if (sameRow(existing, row)) continue
          const at = position(existing)
          if (existing.created_at === row.created_at && sorted[at] === existing) sorted[at] = row
          else {
            sorted.splice(sorted.indexOf(existing), 1)
            insert(row)
          }
        } else {
          freshAt.set(row.id, fresh.length)
          fresh.push(row)
        }
        byId.set(row.id, row)
        if (row.client_id) clientIds.add(row.client_id)
        changed = true
      }
      // A page at once: one sort of two sorted runs (linear in V8's TimSort) beats a splice per row.
      if (fresh.length > 16) sorted = sorted.concat(fresh).sort(compareCursor)
      else for (const row of fresh) insert(row)
      if (changed) snapshot = sorted.slice()
      return changed
    },
    applyRead(receipt) {
      const readAt = Date.parse(receipt.read_at)
      const field = receipt.reader === 'customer' ? 'read_by_customer' : 'read_by_staff'
      let changed = false
      for (let index = 0; index < sorted.length; index++) {
        const row = sorted[index] as T
        if (row[field] || row.sender_type === receipt.reader || Date.parse(row.created_at) > readAt) continue
        const next: T = { ...row, [field]: true, read_at: row.read_at ?? receipt.read_at }
        sorted[index] = next
        byId.set(next.id, next)
        changed = true
      }
      if (changed) snapshot = sorted.slice()
      return changed
    },
    rows: () => snapshot,
    hasClientId: (clientId) => clientIds.has(clientId),
    oldest() {
      const first = sorted[0]
      return first ? { created_at: first.created_at, id: first.id } : null
    },
    newest() {
      const last = sorted[sorted.length - 1]
      return last ? { created_at: last.created_at, id: last.id } : null
    },
    get size() {
      return sorted.length
    }
  }
}
