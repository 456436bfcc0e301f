import type { SupabaseClient, SupabaseClientOptions } from '@supabase/supabase-js'
import type { ReadableAtom } from 'nanostores'
import type { ParleyError } from '../errors/parley-error.ts'
import type { Database, Enums, Json, Tables, Views } from './database.ts'

/** A chat conversation row (access_token never leaves the database in clear). */
export type ChatConversation = Tables<'chat_conversations'>
/** A chat message row as the server stores it. */
export type ChatMessage = Tables<'chat_messages'>
/** One entry of a claim's status history. */
export type ClaimStatusUpdate = Tables<'claim_status_updates'>
/** A row of the staff notification centre. */
export type ParleyNotification = Tables<'notifications'>
/** A staff profile. */
export type Profile = Tables<'profiles'>
/** A stored push subscription. */
export type PushSubscriptionRow = Tables<'push_subscriptions'>

export type ConversationStatus = Enums<'conversation_status'>
export type ConversationPriority = Enums<'conversation_priority'>
export type ClaimStatus = Enums<'claim_status'>
export type PushPlatform = Enums<'push_platform'>
export type SenderType = Enums<'sender_type'>
export type MessageType = Enums<'message_type'>
export type UserRole = Enums<'user_role'>

/** Undoes a subscription: removes its listeners and, when it was the last, its channel. */
export type Unsubscribe = () => void

/** An uploaded file as stored in `chat_messages.attachments`. */
export interface Attachment {
  /** Object path in the `chat-attachments` bucket: `<org>/<conversation>/<client_id>/<name>`. */
  path: string
  name: string
  size: number
  mime_type: string
}

/** A customer's view of their conversation (the `customer_conversations` view). */
export type CustomerConversation = Views<'customer_conversations'>

/**
 * A conversation as the caller may see it: staff get the whole row (minus the token hash);
 * customers get the customer-safe projection (no tags, internal notes or token) with the
 * assigned agent's name and avatar, as `conversation` events carry it.
 */
export type ConversationView = Partial<Omit<ChatConversation, 'access_token'>> &
  Partial<Pick<CustomerConversation, 'assigned_agent_name' | 'assigned_agent_avatar_url'>> & { id: string }

/** Delivery state of a message in a conversation store. */
export type DeliveryState = 'pending' | 'sent' | 'failed'

/** A message in a conversation store: a server row, or an optimistic one awaiting it. */
export type ConversationMessage = ChatMessage & {
  delivery: DeliveryState
  /** Why a failed message failed. */
  error?: ParleyError
}

/** Someone typing in a conversation (`typing` broadcast). */
export interface TypingIndicator {
  conversation_id: string
  user_type: 'customer' | 'staff'
  user_name: string | null
  is_typing: boolean
  expires_at: string
}

/** A read receipt (`read` broadcast). */
export interface ReadReceipt {
  conversation_id: string
  reader: 'customer' | 'staff'
  read_at: string
}

/** When each side last read the conversation. */
export interface ReadState {
  customer: string | null
  staff: string | null
}

/** Who is signed in: an anonymous customer or a staff member with their profile. */
export interface ParleySession {
  userId: string
  kind: 'customer' | 'staff'
  /** Staff only. */
  profile: Profile | null
}

/** The realtime link as the UI should present it. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline'

/** A send kept until the server confirms it (survives reloads where storage is allowed). */
export interface OutboxEntry {
  client_id: string
  conversation_id: string
  content: string
  message_type: MessageType
  attachments: Attachment[]
  is_internal: boolean
  /** Local time of the send, ISO 8601. */
  queued_at: string
  attempts: number
}

export interface StartConversationInput {
  organization_id: string
  customer_name: string
  customer_email: string
  customer_phone?: string | null
  subject?: string | null
  /** Honoured for staff callers only (the database ignores it for customers). */
  warranty_id?: string | null
  /** Honoured for staff callers only (the database ignores it for customers). */
  claim_id?: string | null
}

/** A new conversation. The access token is shown this once: keep it to resume later. */
export interface StartedConversation {
  conversation_id: string
  access_token: string
}

/** What a redeemed access token grants. */
export interface ResumedAccess {
  conversation_id: string | null
  claim_id: string | null
}

export interface SendMessageInput {
  conversation_id: string
  content: string
  /** Makes retries idempotent; generated when absent. */
  client_id?: string
  message_type?: MessageType
  attachments?: Attachment[]
  /** Staff only: an internal note customers never receive. */
  is_internal?: boolean
  /** Accepted for the seed's shape; the server sets it from the caller. */
  sender_type?: SenderType
  /** Accepted for the seed's shape; the server sets it from the caller. */
  sender_name?: string
}

/** A file to attach: a Blob/File; `name` defaults to the File's name. */
export interface UploadAttachmentInput {
  conversation_id: string
  file: Blob
  name?: string
  client_id?: string
  /** Fraction 0..1; fine-grained where the platform reports upload progress. */
  onProgress?: (fraction: number) => void
}

export interface SendAttachmentInput extends UploadAttachmentInput {
  content?: string
  is_internal?: boolean
}

/** A position in a conversation, ordered by (created_at, id). */
export interface MessageCursor {
  created_at: string
  id: string
}

export interface LoadMessagesOptions {
  /** Messages strictly older than this. */
  before?: MessageCursor
  /** Messages strictly newer than this. */
  after?: MessageCursor
  limit?: number
}

export interface ConversationHandlers {
  onMessage?: (message: ChatMessage) => void
  onMessageUpdated?: (message: ChatMessage) => void
  onTyping?: (indicator: TypingIndicator) => void
  onConversationUpdate?: (conversation: ConversationView) => void
  onRead?: (receipt: ReadReceipt) => void
  onDeleted?: (conversationId: string) => void
  /** Subscription state, e.g. to show a reconnecting banner. */
  onStatus?: (status: ChannelStatus, error?: ParleyError) => void
}

export type ChannelStatus = 'SUBSCRIBED' | 'CHANNEL_ERROR' | 'TIMED_OUT' | 'CLOSED'

export interface ChangeClaimStatusInput {
  claim_id: string
  new_status: ClaimStatus
  reason?: string | null
  notes?: string | null
}

/** The seed's shape; who changed it and the old status are recorded by the database. */
export interface CreateClaimStatusUpdateInput extends ChangeClaimStatusInput {
  organization_id?: string
  old_status?: string | null
  changed_by?: string
  changed_by_name?: string
}

export interface PushPreferences {
  new_messages: boolean
  claim_updates: boolean
  warranty_expiring: boolean
  system_alerts: boolean
}

/** What push-test reports per subscription it tried. */
export interface PushTestResult {
  subscription_id: string
  outcome: string
  status?: number
  error?: string
}

export interface RegisterPushSubscriptionInput {
  organization_id: string
  platform: PushPlatform
  /** Accepted for the seed's shape; the subscription belongs to the signed-in user. */
  user_id?: string
  /** Native (iOS/Android) device token. */
  push_token?: string
  /** Web Push endpoint (from PushSubscription.toJSON()). */
  endpoint?: string
  keys?: { p256dh: string; auth: string }
  preferences?: Partial<PushPreferences>
  user_agent?: string
}

export interface InboxFilters {
  status?: ConversationStatus | readonly ConversationStatus[]
  priority?: ConversationPriority | readonly ConversationPriority[]
  /** A profile id, 'me', or 'unassigned'. */
  assignee?: string
  tag?: string
  /** Only conversations with messages staff have not read. */
  unread?: boolean
  /** Case-insensitive match on customer name, email or subject. */
  search?: string
}

export interface InboxCounts {
  total: number
  unread: number
  mine: number
  unassigned: number
  byStatus: Record<ConversationStatus, number>
  byPriority: Record<ConversationPriority, number>
}

/** A lazily connected unit: its stores connect when first listened to, or on open(). */
export interface Openable {
  /** Connects now (same as listening to a store); returns the matching release. */
  open(): Unsubscribe
}

export interface ConversationStore extends Openable {
  readonly conversationId: string
  /** Server rows then pending sends, ordered by (created_at, id), no duplicates. */
  readonly $messages: ReadableAtom<readonly ConversationMessage[]>
  readonly $conversation: ReadableAtom<ConversationView | null>
  /** Others typing now (your own typing is left out). */
  readonly $typing: ReadableAtom<readonly TypingIndicator[]>
  readonly $read: ReadableAtom<ReadState>
  /** Unread messages from the other side, as the server counts them. */
  readonly $unread: ReadableAtom<number>
  readonly $hasMore: ReadableAtom<boolean>
  readonly $loading: ReadableAtom<boolean>
  readonly $error: ReadableAtom<ParleyError | null>
  /** Sends text (optimistically shown, kept in the outbox until confirmed). Stops typing. */
  send(content: string, options?: Omit<SendMessageInput, 'conversation_id' | 'content'>): Promise<ChatMessage>
  /** Uploads then sends a file message. */
  sendFile(file: Blob, options?: Omit<SendAttachmentInput, 'conversation_id' | 'file'>): Promise<ChatMessage>
  /** Sends a failed message again with the same client id. */
  retry(clientId: string): Promise<ChatMessage>
  /** Loads the previous page; resolves to how many messages were added. */
  loadOlder(): Promise<number>
  /** Call on every keystroke: announces typing at most every few seconds, stops when idle. */
  notifyTyping(): void
  stopTyping(): void
  markRead(): Promise<void>
  /** Fetches what the socket may have missed (also done after every reconnect). */
  catchUp(): Promise<void>
}

export interface InboxStore extends Openable {
  readonly $filters: ReadableAtom<InboxFilters>
  /** The conversations matching the filters, newest activity first. */
  readonly $conversations: ReadableAtom<readonly ChatConversation[]>
  /** Counts over every conversation loaded, regardless of filters. */
  readonly $counts: ReadableAtom<InboxCounts>
  readonly $loading: ReadableAtom<boolean>
  readonly $error: ReadableAtom<ParleyError | null>
  setFilters(filters: InboxFilters): void
  refresh(): Promise<void>
}

export interface NotificationCenter extends Openable {
  /** The latest 20, newest first. */
  readonly $items: ReadableAtom<readonly ParleyNotification[]>
  readonly $unreadCount: ReadableAtom<number>
  readonly $error: ReadableAtom<ParleyError | null>
  markRead(id: string): Promise<void>
  markAllRead(): Promise<void>
  refresh(): Promise<void>
}

export interface ClaimTimelineStore extends Openable {
  readonly claimId: string
  /** Oldest first. */
  readonly $updates: ReadableAtom<readonly ClaimStatusUpdate[]>
  readonly $status: ReadableAtom<ClaimStatus | null>
  readonly $loading: ReadableAtom<boolean>
  readonly $error: ReadableAtom<ParleyError | null>
  refresh(): Promise<void>
}

/** Where the outbox persists (localStorage's shape). */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export type ParleyConfig =
  | { supabaseUrl: string; supabaseKey: string; supabaseOptions?: SupabaseClientOptions<'public'> }
  | { supabase: SupabaseClient<Database> | SupabaseClient }

export interface ParleyOptions {
  /** Outbox persistence; defaults to localStorage when present, `null` disables it. */
  storage?: KeyValueStorage | null
  /** Messages per page (default 50). */
  pageSize?: number
  /** Typing broadcasts at most this often while typing (default 3000 ms). */
  typingThrottleMs?: number
  /** Typing stops after this long without a keystroke (default 5000 ms). */
  typingIdleMs?: number
  /** Outbox retry backoff bounds (default 500 ms … 15 s). */
  retryMinMs?: number
  retryMaxMs?: number
  /** Attachment limits checked before upload (defaults match the bucket: 10 MB, images, PDF, text). */
  maxAttachmentBytes?: number
  allowedAttachmentTypes?: readonly string[]
  /** Where 'online' and 'visibilitychange' are heard (default globalThis / document). */
  events?: EventTarget | null
}

export interface SignInInput {
  email: string
  password: string
}

/** The Parley client. Create with createParley(); nothing connects until used. */
export interface Parley {
  /** The underlying supabase-js client (created on first access). */
  readonly supabase: SupabaseClient<Database>
  readonly $session: ReadableAtom<ParleySession | null>
  readonly $connection: ReadableAtom<ConnectionState>
  readonly $outbox: ReadableAtom<readonly OutboxEntry[]>
  /** Customers: unread staff messages over their conversations. Staff: unread over the org's. */
  readonly $unread: ReadableAtom<number>

  /** The current session, loading the staff profile once; null when signed out. */
  getSession(): Promise<ParleySession | null>
  signIn(input: SignInInput): Promise<ParleySession>
  signOut(): Promise<void>

  startConversation(input: StartConversationInput): Promise<StartedConversation>
  createConversation(input: StartConversationInput): Promise<StartedConversation>
  resumeConversation(accessToken: string): Promise<ResumedAccess>
  listConversations(): Promise<ConversationView[]>
  updateCustomerDetails(conversationId: string, details: { customer_name: string; customer_email: string; customer_phone?: string | null }): Promise<void>

  sendMessage(input: SendMessageInput): Promise<ChatMessage>
  uploadAttachment(input: UploadAttachmentInput): Promise<Attachment>
  sendAttachment(input: SendAttachmentInput): Promise<ChatMessage>
  getAttachmentUrl(attachment: Attachment | string, expiresInSeconds?: number): Promise<string>
  loadMessages(conversationId: string, options?: LoadMessagesOptions): Promise<ChatMessage[]>
  markRead(conversationId: string): Promise<string>
  setTyping(conversationId: string, isTyping: boolean): Promise<void>
  subscribeToConversation(conversationId: string, handlers: ConversationHandlers): Unsubscribe
  conversation(conversationId: string): ConversationStore

  changeClaimStatus(input: ChangeClaimStatusInput): Promise<ClaimStatusUpdate>
  createClaimStatusUpdate(input: CreateClaimStatusUpdateInput): Promise<ClaimStatusUpdate>
  subscribeToClaimUpdates(claimId: string, callback: (update: ClaimStatusUpdate) => void): Unsubscribe
  claimTimeline(claimId: string): ClaimTimelineStore

  inbox(filters?: InboxFilters): InboxStore
  assignConversation(conversationId: string, profileId: string | null): Promise<ChatConversation>
  setPriority(conversationId: string, priority: ConversationPriority): Promise<ChatConversation>
  setTags(conversationId: string, tags: readonly string[]): Promise<ChatConversation>
  setInternalNotes(conversationId: string, notes: string | null): Promise<ChatConversation>
  resolveConversation(conversationId: string): Promise<ChatConversation>
  archiveConversation(conversationId: string): Promise<ChatConversation>
  reopenConversation(conversationId: string): Promise<ChatConversation>
  rotateAccessToken(conversationId: string): Promise<string>
  revokeAccessToken(conversationId: string): Promise<void>
  issueClaimAccessToken(claimId: string): Promise<string>
  notifications(): NotificationCenter

  registerPushSubscription(input: RegisterPushSubscriptionInput): Promise<{ id: string }>
  updatePushPreferences(subscriptionId: string, preferences: Partial<PushPreferences>): Promise<void>
  sendTestNotification(subscriptionId?: string): Promise<PushTestResult[]>
  unregisterPushSubscription(subscriptionId: string): Promise<void>

  /** Leaves every channel, stops timers and listeners. The outbox stays persisted. */
  destroy(): Promise<void>
}

export type { Database, Json }
