import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'
import type { ChatMessage, LoadMessagesOptions, MessageCursor } from '../types/api.ts'

export const MESSAGE_COLUMNS =
  'id, organization_id, conversation_id, client_id, sender_type, sender_id, sender_name, message_type, content, attachments, read_by_customer, read_by_staff, read_at, is_internal, edited_at, created_at'

/** PostgREST filter for rows strictly before/after a (created_at, id) cursor. */
function cursorFilter(cursor: MessageCursor, direction: 'lt' | 'gt'): string {
  const at = `"${cursor.created_at}"`
  return `created_at.${direction}.${at},and(created_at.eq.${at},id.${direction}.${cursor.id})`
}

/**
 * A page of a conversation in server order (oldest first). `before` pages backwards (the
 * newest messages older than the cursor), `after` forwards; with neither, the latest page.
 */
export async function loadMessages(context: Context, conversationId: string, options: LoadMessagesOptions = {}): Promise<ChatMessage[]> {
  requireUuid(conversationId, 'conversationId')
  const limit = Math.max(1, Math.min(options.limit ?? context.options.pageSize, 1000))
  const forward = options.after !== undefined
  let query = context.supabase().from('chat_messages').select(MESSAGE_COLUMNS).eq('conversation_id', conversationId)
  if (options.before) query = query.or(cursorFilter(options.before, 'lt'))
  if (options.after) query = query.or(cursorFilter(options.after, 'gt'))
  const rows = (await call(
    query.order('created_at', { ascending: forward }).order('id', { ascending: forward }).limit(limit)
  )) as ChatMessage[]
  return forward ? rows : rows.reverse()
}
