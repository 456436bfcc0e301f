import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'

/** One typing announcement (the database broadcasts it and expires it after 8 s). */
export async function setTyping(context: Context, conversationId: string, isTyping: boolean, internal?: boolean): Promise<void> {
  requireUuid(conversationId, 'conversationId')
  await call(context.supabase().rpc('set_typing', { conversation_id: conversationId, is_typing: isTyping, internal }))
}
