import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { requireUuid } from '../errors/validate.ts'
import type { ChatConversation } from '../types/api.ts'
import type { TablesUpdate } from '../types/database.ts'
import { STAFF_CONVERSATION_COLUMNS } from './columns.ts'

/** A staff change to a conversation row (RLS decides who may); returns the new row. */
export async function updateConversation(
  context: Context,
  conversationId: string,
  changes: TablesUpdate<'chat_conversations'>
): Promise<ChatConversation> {
  requireUuid(conversationId, 'conversationId')
  const session = await context.requireSession()
  if (session.kind !== 'staff') throw new ParleyError('NOT_AUTHORIZED', 'Only staff can change a conversation')
  const row = await call(
    context.supabase().from('chat_conversations').update(changes).eq('id', conversationId).select(STAFF_CONVERSATION_COLUMNS).maybeSingle()
  )
  if (!row) throw new ParleyError('NOT_FOUND', `Conversation ${conversationId} does not exist or you may not change it`)
  return row as unknown as ChatConversation
}
