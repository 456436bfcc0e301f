import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'

/** Marks the other side's messages read and zeroes the caller's unread count; returns read_at. */
export async function markRead(context: Context, conversationId: string): Promise<string> {
  requireUuid(conversationId, 'conversationId')
  await context.requireSession()
  return call(context.supabase().rpc('mark_read', { conversation_id: conversationId }))
}
