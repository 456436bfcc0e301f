/** What the components draw; the connect layer maps core's rows to these. */
import type { ClaimStatus, ConversationStatus, MessageType, SenderType } from '@parley/core'

export type Delivery = 'pending' | 'sent' | 'failed'

export interface AttachmentView {
  name: string
  size: number
  mimeType: string
  /** Resolved lazily (signed URL); undefined while loading. */
  url?: string
}

export interface MessageView {
  id: string
  /** The client id of our own sends, to retry them. */
  clientId?: string | null
  mine: boolean
  senderName: string | null
  senderType: SenderType
  kind: MessageType
  content: string
  attachments: AttachmentView[]
  createdAt: string
  delivery: Delivery
  /** Our message and the other side has read it. */
  read: boolean
  error?: string
}

export interface AgentView {
  name: string | null
  avatarUrl: string | null
}

export interface UploadView {
  id: string
  name: string
  progress: number
  previewUrl?: string
  error?: string
  /** The file itself was refused (size, type): retrying cannot help. */
  refused?: boolean
}

export interface ConversationSummary {
  id: string
  title: string
  lastMessageAt: string | null
  unread: number
  status?: ConversationStatus
  /** The claim this conversation is about, if any. */
  claimId?: string | null
}

export interface ClaimUpdateView {
  id: string
  from: ClaimStatus | null
  to: ClaimStatus
  at: string
  by: string | null
  reason: string | null
}

export type Connection = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline'
