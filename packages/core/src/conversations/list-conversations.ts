import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import type { ChatConversation, ConversationListItem } from '../types/api.ts'
import { CUSTOMER_CONVERSATIONS, STAFF_CONVERSATION_COLUMNS } from './columns.ts'
import { withAgent } from './with-agent.ts'

/** Staff: the organization's conversations, latest activity first. */
export async function listStaffConversations(context: Context, limit = 500): Promise<ChatConversation[]> {
  const rows = await call(
    context
      .supabase()
      .from('chat_conversations')
      .select(STAFF_CONVERSATION_COLUMNS)
      .order('last_message_at', { ascending: false, nullsFirst: false })
      .order('created_at', { ascending: false })
      .limit(limit)
  )
  return rows as unknown as ChatConversation[]
}

/** The caller's conversations, latest activity first: a customer's own, or staff's org's. */
export async function listConversations(context: Context, limit = 500): Promise<ConversationListItem[]> {
  const session = await context.session()
  if (!session) return []
  if (session.kind === 'staff') return listStaffConversations(context, limit)
  const rows = await call(
    context
      .supabase()
      .from(CUSTOMER_CONVERSATIONS)
      .select('*')
      .order('last_message_at', { ascending: false, nullsFirst: false })
      .order('created_at', { ascending: false })
      .limit(limit)
  )
  return rows.map(withAgent)
}
