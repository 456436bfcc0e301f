import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import type { ConversationView, ParleySession } from '../types/api.ts'
import { CUSTOMER_CONVERSATION_COLUMNS, STAFF_CONVERSATION_COLUMNS } from './columns.ts'

/** One conversation as the caller may see it; NOT_FOUND when absent or not theirs. */
export async function fetchConversation(context: Context, session: ParleySession, conversationId: string): Promise<ConversationView> {
  const columns = session.kind === 'staff' ? STAFF_CONVERSATION_COLUMNS : CUSTOMER_CONVERSATION_COLUMNS
  const row = await call(context.supabase().from('chat_conversations').select(columns).eq('id', conversationId).maybeSingle())
  if (!row) throw new ParleyError('NOT_FOUND', `Conversation ${conversationId} does not exist or is not yours`)
  return row as unknown as ConversationView
}
