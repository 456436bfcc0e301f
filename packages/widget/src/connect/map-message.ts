import type { ConversationMessage, ReadState } from '@parley/core'
import type { AttachmentView, MessageView } from '../ui/types.ts'

interface StoredAttachment {
  path: string
  name: string
  size: number
  mime_type: string
}

/** A core message as the visitor sees it; `urls` holds signed URLs resolved so far. */
export function toMessageView(message: ConversationMessage, read: ReadState, urls: ReadonlyMap<string, string>): MessageView {
  const mine = message.sender_type === 'customer'
  const attachments = (Array.isArray(message.attachments) ? (message.attachments as unknown as StoredAttachment[]) : []).map(
    (file): AttachmentView => ({ name: file.name, size: file.size, mimeType: file.mime_type, url: urls.get(file.path) })
  )
  return {
    id: message.id,
    clientId: message.client_id,
    mine,
    senderName: message.sender_name,
    senderType: message.sender_type,
    kind: message.message_type,
    content: message.content ?? '',
    attachments,
    createdAt: message.created_at,
    delivery: message.delivery,
    read: mine && (message.read_by_staff || (read.staff !== null && Date.parse(read.staff) >= Date.parse(message.created_at))),
    error: message.error?.message
  }
}

/** Attachment paths of a message, to sign. */
export function attachmentPaths(message: ConversationMessage): string[] {
  return Array.isArray(message.attachments) ? (message.attachments as unknown as StoredAttachment[]).map((file) => file.path) : []
}
