import type { Context } from '../client/context.ts'
import type { ChatMessage, MessageCursor } from '../types/api.ts'
import { loadMessages } from './load-messages.ts'

/** Catch-up re-reads this far behind the newest row: commits can land out of timestamp order. */
const OVERLAP_MS = 10_000
const ZERO_ID = '00000000-0000-0000-0000-000000000000'

/**
 * Reads every message after the newest one known, less an overlap window but never before
 * `floor` (older pages stay with whoever pages back), handing each page to `take` in order.
 */
export async function catchUpMessages(
  context: Context,
  conversationId: string,
  newest: MessageCursor,
  take: (rows: ChatMessage[]) => void,
  floor?: MessageCursor | null
): Promise<void> {
  const overlap = Date.parse(newest.created_at) - OVERLAP_MS
  let after = floor && overlap <= Date.parse(floor.created_at) ? floor : { created_at: new Date(overlap).toISOString(), id: ZERO_ID }
  for (;;) {
    const rows = await loadMessages(context, conversationId, { after })
    take(rows)
    const last = rows[rows.length - 1]
    if (!last || rows.length < context.options.pageSize) return
    after = { created_at: last.created_at, id: last.id }
  }
}
