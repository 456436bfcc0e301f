import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import type { ConversationView, ParleySession } from '../types/api.ts'
import { CUSTOMER_CONVERSATIONS, STAFF_CONVERSATION_COLUMNS } from './columns.ts'
import { withAgent } from './with-agent.ts'

/** One conversation as the caller may see it; NOT_FOUND when absent or not theirs. */
export async function fetchConversation(context: Context, session: ParleySession, conversationId: string): Promise<ConversationView> {
  const client = context.supabase()
  const row =
    session.kind === 'staff'
      ? await call(client.from('chat_conversations').select(STAFF_CONVERSATION_COLUMNS).eq('id', conversationId).maybeSingle())
      : await call(client.from(CUSTOMER_CONVERSATIONS).select('*').eq('id', conversationId).maybeSingle())
  if (!row) throw new ParleyError('NOT_FOUND', `Conversation ${conversationId} does not exist or is not yours`)
  return withAgent(row as ConversationView)
}
