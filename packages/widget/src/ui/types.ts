/** What the components draw; the connect layer maps core's rows to these. */

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
  senderType: 'customer' | 'staff' | 'system'
  kind: 'text' | 'file' | 'image' | 'status_update' | 'system'
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
}

export interface ConversationSummary {
  id: string
  title: string
  lastMessageAt: string | null
  unread: number
  status?: string
}

export type ClaimStatusName = 'submitted' | 'under_review' | 'info_requested' | 'approved' | 'denied' | 'in_repair' | 'completed' | 'closed'

export interface ClaimUpdateView {
  id: string
  from: ClaimStatusName | null
  to: ClaimStatusName
  at: string
  by: string | null
  reason: string | null
}

export type Connection = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline'
