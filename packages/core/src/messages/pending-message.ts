import type { ConversationMessage, OutboxEntry, ParleySession } from '../types/api.ts'

/** How a queued send looks in the list until the server row replaces it. */
export function pendingMessage(entry: OutboxEntry, session: ParleySession | null, organizationId: string): ConversationMessage {
  return {
    id: entry.client_id,
    organization_id: organizationId,
    conversation_id: entry.conversation_id,
    client_id: entry.client_id,
    sender_type: session?.kind === 'staff' ? 'staff' : 'customer',
    sender_id: session?.userId ?? null,
    sender_name: session?.profile?.display_name ?? '',
    message_type: entry.message_type,
    content: entry.content,
    attachments: entry.attachments as unknown as ConversationMessage['attachments'],
    read_by_customer: false,
    read_by_staff: false,
    read_at: null,
    is_internal: entry.is_internal,
    edited_at: null,
    created_at: entry.queued_at,
    delivery: 'pending'
  }
}
