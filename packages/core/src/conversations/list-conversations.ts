import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import type { ChatConversation } from '../types/api.ts'
import { CUSTOMER_CONVERSATION_COLUMNS, STAFF_CONVERSATION_COLUMNS } from './columns.ts'

/** The caller's conversations, latest activity first: a customer's own, or staff's org's. */
export async function listConversations(context: Context, limit = 500): Promise<ChatConversation[]> {
  const session = await context.session()
  if (!session) return []
  const columns = session.kind === 'staff' ? STAFF_CONVERSATION_COLUMNS : CUSTOMER_CONVERSATION_COLUMNS
  const rows = await call(
    context
      .supabase()
      .from('chat_conversations')
      .select(columns)
      .order('last_message_at', { ascending: false, nullsFirst: false })
      .order('created_at', { ascending: false })
      .limit(limit)
  )
  return rows as unknown as ChatConversation[]
}
