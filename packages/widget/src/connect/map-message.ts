import type { ConversationMessage, ReadState } from '@parley/core'
import type { AttachmentView, MessageView } from '../ui/types.ts'

interface StoredAttachment {
  path: string
  name: string
  size: number
  mime_type: string
}

/** A core message as the visitor sees it; `urlOf` gives an attachment's signed URL once there is one. */
export function toMessageView(message: ConversationMessage, read: ReadState, urlOf: (path: string) => string | undefined): MessageView {
  const mine = message.sender_type === 'customer'
  const attachments = (Array.isArray(message.attachments) ? (message.attachments as unknown as StoredAttachment[]) : []).map(
    (file): AttachmentView => ({ name: file.name, size: file.size, mimeType: file.mime_type, url: urlOf(file.path) })
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
