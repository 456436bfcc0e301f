import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import type { ChatMessage, OutboxEntry } from '../types/api.ts'
import type { Json } from '../types/database.ts'

/** One send_message call; safe to repeat for the same client_id. */
export function deliverMessage(context: Context, entry: OutboxEntry): Promise<ChatMessage> {
  return call(
    context.supabase().rpc('send_message', {
      conversation_id: entry.conversation_id,
      client_id: entry.client_id,
      content: entry.content,
      message_type: entry.message_type,
      attachments: entry.attachments as unknown as Json,
      is_internal: entry.is_internal
    })
  ) as Promise<ChatMessage>
}
