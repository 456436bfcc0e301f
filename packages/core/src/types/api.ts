import type { SupabaseClient, SupabaseClientOptions } from '@supabase/supabase-js'
import type { ReadableAtom } from 'nanostores'
import type { ParleyError } from '../errors/parley-error.ts'
import type { ClientDatabase } from './client-database.ts'
import type { Database, Enums, Json, Tables } from './database.ts'
import type { ParleySupabaseClient } from './supabase-client.ts'

/**
 * A chat conversation row as staff read it (token hashes live outside the API schema).
 * @example `const row: ChatConversation = await parley.resolveConversation(id)`
 */
export type ChatConversation = Tables<'chat_conversations'>
/**
 * A chat message row as the server stores it.
 * @example `const row: ChatMessage = await parley.sendMessage({ conversation_id, content: 'Bonjour' })`
 */
export type ChatMessage = Tables<'chat_messages'>
/**
 * One entry of a claim's status history.
 * @example `parley.subscribeToClaimUpdates(claimId, (update: ClaimStatusUpdate) => log(update.new_status))`
 */
export type ClaimStatusUpdate = Tables<'claim_status_updates'>
/**
 * A row of the staff notification centre.
 * @example `centre.$items.subscribe((items: readonly ParleyNotification[]) => render(items))`
 */
export type ParleyNotification = Tables<'notifications'>
/**
 * A staff profile.
 * @example `const profile: Profile | null = (await parley.getSession())?.profile ?? null`
 */
export type Profile = Tables<'profiles'>
/**
 * A stored push subscription.
 * @example `const { data } = await parley.supabase.from('push_subscriptions').select('*').returns<PushSubscriptionRow[]>()`
 */
export type PushSubscriptionRow = Tables<'push_subscriptions'>

/** @example `const status: ConversationStatus = 'resolved'` */
export type ConversationStatus = Enums<'conversation_status'>
/** @example `await parley.setPriority(id, 'urgent' satisfies ConversationPriority)` */
export type ConversationPriority = Enums<'conversation_priority'>
/** @example `const next: ClaimStatus = 'approved'` */
export type ClaimStatus = Enums<'claim_status'>
/** @example `const platform: PushPlatform = 'web'` */
export type PushPlatform = Enums<'push_platform'>
/** @example `const mine = (m: ChatMessage) => m.sender_type === ('customer' satisfies SenderType)` */
export type SenderType = Enums<'sender_type'>
/** @example `const isImage = (m: ChatMessage) => m.message_type === ('image' satisfies MessageType)` */
export type MessageType = Enums<'message_type'>
/** @example `const canSeeCentre = (role: UserRole) => role !== 'agent'` */
export type UserRole = Enums<'user_role'>

/**
 * Undoes a subscription: removes its listeners and, when it was the last, its channel.
 * @example `const stop: Unsubscribe = parley.subscribeToClaimUpdates(id, log); stop()`
 */
export type Unsubscribe = () => void

/**
 * An uploaded file as stored in `chat_messages.attachments`.
 * @example `const file: Attachment = await parley.uploadAttachment({ conversation_id, file })`
 */
export interface Attachment {
  /** Object path in the `chat-attachments` bucket: `<org>/<conversation>/<client_id>/<name>`. */
  path: string
  name: string
  size: number
  mime_type: string
}

/**
 * A customer's view of their conversation (the `customer_conversations` view).
 * @example `const [mine] = (await parley.listConversations()) as CustomerConversation[]`
 */
export type CustomerConversation = ClientDatabase['public']['Views']['customer_conversations']['Row']

/**
 * The agent a customer sees on their conversation.
 * @example `chat.$conversation.subscribe((c) => (agent.textContent = c?.assigned_agent?.display_name ?? ''))`
 */
export interface AssignedAgent {
  display_name: string | null
  avatar_url: string | null
}

/**
 * A conversation as the caller may see it: staff get the whole row; customers get the
 * customer-safe projection (no tags or internal notes) with the
 * assigned agent's name and avatar, also grouped as `assigned_agent`.
 * @example `chat.$conversation.subscribe((view) => header.textContent = view?.assigned_agent?.display_name ?? 'Support')`
 */
export type ConversationView = Partial<ChatConversation> &
  Partial<Pick<CustomerConversation, 'assigned_agent_name' | 'assigned_agent_avatar_url'>> & {
    id: string
    assigned_agent?: AssignedAgent | null
  }

/**
 * A row of listConversations(): the customer projection's columns are always there; staff
 * rows add the staff-only ones.
 * @example `for (const row of await parley.listConversations()) console.log(row.subject, row.last_message_at)`
 */
export type ConversationListItem = Omit<CustomerConversation, 'assigned_agent_name' | 'assigned_agent_avatar_url'> &
  Omit<ConversationView, keyof CustomerConversation>

/**
 * Delivery state of a message in a conversation store.
 * @example `const icon = { pending: '…', sent: '✓', failed: '!' } satisfies Record<DeliveryState, string>`
 */
export type DeliveryState = 'pending' | 'sent' | 'failed'

/**
 * A message in a conversation store: a server row, or an optimistic one awaiting it.
 * @example `chat.$messages.subscribe((messages) => messages.filter((m) => m.delivery === 'failed'))`
 */
export type ConversationMessage = ChatMessage & {
  delivery: DeliveryState
  /** Why a failed message failed. */
  error?: ParleyError
}

/**
 * Someone typing in a conversation (`typing` broadcast).
 * @example `chat.$typing.subscribe((typing) => hint.textContent = typing.map((t) => t.user_name).join(', '))`
 */
export interface TypingIndicator {
  conversation_id: string
  user_type: 'customer' | 'staff'
  user_name: string | null
  is_typing: boolean
  /** Staff writing an internal note; only staff ever hear these. */
  is_internal?: boolean
  expires_at: string
}

/**
 * What the typing is for. Typing an internal note reaches staff only, never the customer.
 * @example `chat.notifyTyping({ internal: noteMode })`
 */
export interface TypingOptions {
  /** Staff writing an internal note (customers cannot: `NOT_AUTHORIZED`). Default false. */
  internal?: boolean
}

/**
 * A read receipt (`read` broadcast).
 * @example `parley.subscribeToConversation(id, { onRead: (receipt) => markSeen(receipt.read_at) })`
 */
export interface ReadReceipt {
  conversation_id: string
  reader: 'customer' | 'staff'
  read_at: string
}

/**
 * When each side last read the conversation.
 * @example `chat.$read.subscribe(({ staff }) => seen.hidden = staff === null)`
 */
export interface ReadState {
  customer: string | null
  staff: string | null
}

/**
 * Who is signed in: an anonymous customer or a staff member with their profile.
 * @example `const session: ParleySession = await parley.signIn({ email, password })`
 */
export interface ParleySession {
  userId: string
  kind: 'customer' | 'staff'
  /** Staff only. */
  profile: Profile | null
}

/**
 * The realtime link as the UI should present it.
 * @example `parley.$connection.subscribe((state: ConnectionState) => dot.dataset.state = state)`
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline'

/**
 * A send kept until the server confirms it (survives reloads where storage is allowed).
 * @example `parley.$outbox.subscribe((entries) => entries.forEach((e: OutboxEntry) => log(e.client_id)))`
 */
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

/** @example `const input: StartConversationInput = { organization_id, customer_name: 'Ada', customer_email: 'ada@example.com' }` */
export interface StartConversationInput {
  organization_id: string
  customer_name: string
  customer_email: string
  customer_phone?: string | null
  subject?: string | null
  /** Honoured for staff callers only (the database ignores it for customers). */
  warranty_id?: string | null
  /**
   * Honoured for staff callers, and for a customer who follows that claim (its claim link);
   * the database ignores any other claim from a customer.
   */
  claim_id?: string | null
  /**
   * The dealer server's HMAC-SHA256 of the trimmed, lower-cased e-mail (hex, 64 characters)
   * with the organization's identity secret. Valid: the conversation is marked verified
   * (`customer_verified_at`); wrong: refused (hint IDENTITY_INVALID, HTTP 403).
   */
  customer_signature?: string | null
  /**
   * The page the conversation was started on (up to 2,000 characters), matched by routing's
   * `page_contains` rules; never shown to the customer.
   */
  page_url?: string | null
}

/**
 * A new conversation. The access token is shown this once: keep it to resume later.
 * @example `const { conversation_id, access_token }: StartedConversation = await parley.startConversation(input)`
 */
export interface StartedConversation {
  conversation_id: string
  access_token: string
}

/**
 * What a redeemed access token grants.
 * @example `const { conversation_id }: ResumedAccess = await parley.resumeConversation(token)`
 */
export interface ResumedAccess {
  conversation_id: string | null
  claim_id: string | null
}

/**
 * What an access token opens, before it is redeemed: the dealer's name and the subject or
 * claim number, never the customer's name or messages.
 * @example `const preview: AccessLinkPreview | null = await parley.peekAccessToken(tokenFromLink)`
 */
export interface AccessLinkPreview {
  kind: 'conversation' | 'claim'
  organization_name: string
  subject: string | null
  claim_number: string | null
}

/**
 * Whose e-mails an unsubscribe link stops, read before confirming.
 * @example `const { email, organization_name }: UnsubscribePreview = (await parley.peekUnsubscribe(code))!`
 */
export interface UnsubscribePreview {
  email: string
  organization_name: string
}

/** @example `const input: SendMessageInput = { conversation_id, content: 'Note', is_internal: true }` */
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

/**
 * A file to attach: a Blob/File; `name` defaults to the File's name.
 * @example `await parley.uploadAttachment({ conversation_id, file, onProgress: (f) => (bar.value = f) })`
 */
export interface UploadAttachmentInput {
  conversation_id: string
  file: Blob
  name?: string
  client_id?: string
  /** Fraction 0..1; fine-grained where the platform reports upload progress. */
  onProgress?: (fraction: number) => void
}

/** @example `await parley.sendAttachment({ conversation_id, file, content: 'Photo du tableau de bord' })` */
export interface SendAttachmentInput extends UploadAttachmentInput {
  content?: string
  is_internal?: boolean
}

/**
 * A position in a conversation, ordered by (created_at, id).
 * @example `const before: MessageCursor = { created_at: first.created_at, id: first.id }`
 */
export interface MessageCursor {
  created_at: string
  id: string
}

/** @example `await parley.loadMessages(id, { after: last, limit: 100 })` */
export interface LoadMessagesOptions {
  /** Messages strictly older than this. */
  before?: MessageCursor
  /** Messages strictly newer than this. */
  after?: MessageCursor
  limit?: number
}

/** @example `parley.subscribeToConversation(id, { onMessage: append, onStatus: (s) => log(s) })` */
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

/** @example `parley.subscribeToConversation(id, { onStatus: (status: ChannelStatus) => status === 'SUBSCRIBED' && hideBanner() })` */
export type ChannelStatus = 'SUBSCRIBED' | 'CHANNEL_ERROR' | 'TIMED_OUT' | 'CLOSED'

/** @example `await parley.changeClaimStatus({ claim_id, new_status: 'info_requested', notes: 'Photo du compteur' })` */
export interface ChangeClaimStatusInput {
  claim_id: string
  new_status: ClaimStatus
  reason?: string | null
  notes?: string | null
}

/**
 * The seed's shape; who changed it and the old status are recorded by the database.
 * @example `await parley.createClaimStatusUpdate({ claim_id, new_status: 'closed' })`
 */
export interface CreateClaimStatusUpdateInput extends ChangeClaimStatusInput {
  organization_id?: string
  old_status?: string | null
  changed_by?: string
  changed_by_name?: string
}

/**
 * An organization's identity verification settings (the secret itself never leaves the database).
 * @example `if (!(await parley.identityVerificationStatus(org)).configured) showSetup()`
 */
export type IdentityVerificationStatus = ClientDatabase['public']['Functions']['identity_verification_status']['Returns'][number]

/**
 * Which kinds of notification a push subscription receives.
 * @example `await parley.updatePushPreferences(id, { new_messages: true, claim_updates: true, warranty_expiring: false, system_alerts: true })`
 */
export interface PushPreferences {
  new_messages: boolean
  claim_updates: boolean
  warranty_expiring: boolean
  system_alerts: boolean
}

/**
 * A push subscription as its owner sees it: whether it still receives pushes (the dispatcher
 * turns it off when the push service says it is gone) and which kinds it wants.
 * @example `const sub: PushSubscriptionState | null = await parley.getPushSubscription(id)`
 */
export interface PushSubscriptionState {
  id: string
  enabled: boolean
  preferences: PushPreferences
}

/**
 * One of your push subscriptions as a device list shows it: no endpoint, keys or token.
 * `last_used_at` is the last time a notification was delivered to it (null: never yet);
 * `enabled` is false once the push service reported it gone.
 * @example `const devices: PushDevice[] = await parley.listPushSubscriptions()`
 */
export type PushDevice = Pick<Tables<'push_subscriptions'>, 'id' | 'platform' | 'user_agent' | 'enabled' | 'last_used_at' | 'created_at'>

/**
 * A colleague, as staff see them in an assignment list.
 * @example `const names = (await parley.listStaff()).map((member: StaffMember) => member.display_name)`
 */
export type StaffMember = Pick<Profile, 'id' | 'display_name' | 'role'>

/**
 * What push-test reports per subscription it tried.
 * @example `for (const result of await parley.sendTestNotification()) console.log(result.outcome)`
 */
export interface PushTestResult {
  subscription_id: string
  outcome: string
  status?: number
  error?: string
}

/** @example `await parley.registerPushSubscription({ organization_id, platform: 'android', push_token })` */
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

/** @example `inbox.setFilters({ status: ['active'], priority: 'urgent', assignee: 'me', unread: true })` */
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

/** @example `inbox.$counts.subscribe((counts) => (badge.textContent = String(counts.unread)))` */
export interface InboxCounts {
  total: number
  unread: number
  mine: number
  unassigned: number
  byStatus: Record<ConversationStatus, number>
  byPriority: Record<ConversationPriority, number>
}

/**
 * A lazily connected unit: its stores connect when first listened to, or on open().
 * @example `const release = parley.notifications().open(); release()`
 */
export interface Openable {
  /** Connects now (same as listening to a store); returns the matching release. */
  open(): Unsubscribe
}

/** @example `const chat = parley.conversation(id); chat.$messages.subscribe(render); await chat.send('Bonjour')` */
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
  /**
   * Call on every keystroke: announces typing at most every few seconds, stops when idle.
   * Pass `{ internal: true }` while staff write an internal note (switching re-announces at once).
   */
  notifyTyping(options?: TypingOptions): void
  stopTyping(): void
  markRead(): Promise<void>
  /** Fetches what the socket may have missed (also done after every reconnect). */
  catchUp(): Promise<void>
}

/** @example `const inbox = parley.inbox(); inbox.$conversations.subscribe(renderList)` */
export interface InboxStore extends Openable {
  readonly $filters: ReadableAtom<InboxFilters>
  /** Every conversation loaded, newest activity first, whatever the filters. */
  readonly $all: ReadableAtom<readonly ChatConversation[]>
  /** The conversations matching the filters, newest activity first. */
  readonly $conversations: ReadableAtom<readonly ChatConversation[]>
  /** Counts over every conversation loaded, regardless of filters. */
  readonly $counts: ReadableAtom<InboxCounts>
  readonly $loading: ReadableAtom<boolean>
  readonly $error: ReadableAtom<ParleyError | null>
  setFilters(filters: InboxFilters): void
  refresh(): Promise<void>
}

/** @example `const centre = parley.notifications(); await centre.markAllRead()` */
export interface NotificationCenter extends Openable {
  /** The latest 20, newest first. */
  readonly $items: ReadableAtom<readonly ParleyNotification[]>
  readonly $unreadCount: ReadableAtom<number>
  readonly $error: ReadableAtom<ParleyError | null>
  markRead(id: string): Promise<void>
  markAllRead(): Promise<void>
  refresh(): Promise<void>
}

/**
 * A claim's heading as its customer sees it, from `fetchClaim()`.
 * @example `const { claim_number, status }: ClaimSummary = await fetchClaim(parley, claimId)`
 */
export type ClaimSummary = Pick<Tables<'claims'>, 'id' | 'claim_number' | 'status' | 'customer_name' | 'customer_email'>

/** @example `const timeline = parley.claimTimeline(claimId); timeline.$status.subscribe(renderStatus)` */
export interface ClaimTimelineStore extends Openable {
  readonly claimId: string
  /** Oldest first. */
  readonly $updates: ReadableAtom<readonly ClaimStatusUpdate[]>
  readonly $status: ReadableAtom<ClaimStatus | null>
  readonly $loading: ReadableAtom<boolean>
  readonly $error: ReadableAtom<ParleyError | null>
  refresh(): Promise<void>
}

/**
 * Where the outbox persists (localStorage's shape).
 * @example `createParley(config, { storage: sessionStorage satisfies KeyValueStorage })`
 */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** @example `const config: ParleyConfig = { supabase: existingClient }` */
export type ParleyConfig =
  | { supabaseUrl: string; supabaseKey: string; supabaseOptions?: SupabaseClientOptions<'public'> }
  | { supabase: SupabaseClient<Database> | SupabaseClient | ParleySupabaseClient }

/** @example `createParley(config, { pageSize: 30, typingThrottleMs: 3000, storage: null })` */
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

/** @example `await parley.signIn({ email: 'julie@lavoie.demo', password: 'parley-demo' } satisfies SignInInput)` */
export interface SignInInput {
  email: string
  password: string
}

/**
 * A quick reply: shared by the organization (`owner_id` null, managed by admins) or personal
 * to one staff member. Texts may use the variables `{{customer.name}}`, `{{agent.name}}`,
 * `{{claim.number}}`, `{{claim.status}}`, `{{warranty.number}}`, `{{warranty.expiry}}` and `{{dealer.name}}`.
 * @example `const templates: ReplyTemplate[] = await parley.listReplyTemplates()`
 */
export type ReplyTemplate = Tables<'reply_templates'>

/**
 * How often a template was rendered (admins only).
 * @example `const usage: ReplyTemplateUsage[] = await parley.replyTemplateUsage()`
 */
export type ReplyTemplateUsage = Tables<'reply_template_usage'>

/**
 * The language a quick reply is rendered in; a template without that text falls back to the other.
 * @example `const locale: ReplyLocale = navigator.language.startsWith('fr') ? 'fr-CA' : 'en'`
 */
export type ReplyLocale = 'fr-CA' | 'en'

/**
 * A quick reply to save. At least one of the texts is required.
 * @example `{ title: 'Garantie', shortcut: '/garantie', body_fr: 'Bonjour {{customer.name}}, votre garantie {{warranty.number}} expire le {{warranty.expiry}}.' }`
 */
export interface ReplyTemplateInput {
  /** 1 to 200 characters. */
  title: string
  /** `/` then 1 to 32 of `a-z 0-9 - _`; unique among the shared templates, and among each person's own. */
  shortcut: string
  body_fr?: string
  body_en?: string
  /** Create it for the whole organization (admins only); personal otherwise. Ignored on update. */
  shared?: boolean
}

/**
 * One resolution of a conversation and the customer's rating of it, as managers read it.
 * @example `const [latest]: ConversationResolution[] = await parley.recentRatings(organization_id, 1)`
 */
export type ConversationResolution = Tables<'conversation_resolutions'>

/**
 * Which days an operations report covers and how it groups them (days in the organization's time zone; weeks start on Monday).
 * @example `{ period: 'week', from: '2026-09-01', to: '2026-11-30', byAgent: true }`
 */
export interface OperationsReportOptions {
  /** `day` (default) or `week`. */
  period?: 'day' | 'week'
  /** First day, `YYYY-MM-DD` (default: 29 days before `to`). */
  from?: string
  /** Last day, `YYYY-MM-DD`, included (default: today in the organization's time zone). At most 366 days after `from`. */
  to?: string
  /** One row per agent and period instead of one per period. */
  byAgent?: boolean
}

/**
 * One period (and agent) of an operations report; durations in seconds, null when there is
 * nothing to measure. See docs/operations.md for each figure.
 * @example `const rows: OperationsReportRow[] = await parley.operationsReport(organization_id)`
 */
export type OperationsReportRow = ClientDatabase['public']['Functions']['operations_report']['Returns'][number]

/**
 * Open conversations in one age bucket (`under_1h` … `over_7d`), and how many of them wait for a first reply.
 * @example `const rows: OperationsBacklogRow[] = await parley.operationsBacklog(organization_id)`
 */
export type OperationsBacklogRow = ClientDatabase['public']['Functions']['operations_backlog']['Returns'][number]

/**
 * The Parley client. Create with createParley(); nothing connects until used.
 *
 * @example
 * ```ts
 * const parley = createParley({ supabaseUrl, supabaseKey })
 * parley.$connection.subscribe((state) => banner.hidden = state === 'connected')
 * ```
 */
export interface Parley {
  /**
   * The underlying supabase-js client (created on first access).
   * @example `const { data } = await parley.supabase.from('claims').select('claim_number')`
   */
  readonly supabase: SupabaseClient<ClientDatabase>
  /**
   * Who is signed in, or null.
   * @example `parley.$session.subscribe((session) => showStaffTools(session?.kind === 'staff'))`
   */
  readonly $session: ReadableAtom<ParleySession | null>
  /**
   * The realtime link as a UI should present it.
   * @example `parley.$connection.subscribe((state) => offlineBanner.hidden = state !== 'offline')`
   */
  readonly $connection: ReadableAtom<ConnectionState>
  /**
   * Sends waiting for the server, oldest first.
   * @example `parley.$outbox.subscribe((queued) => badge.textContent = queued.length ? `${queued.length} en attente` : '')`
   */
  readonly $outbox: ReadableAtom<readonly OutboxEntry[]>
  /**
   * Customers: unread staff messages over their conversations. Staff: unread customer
   * messages over the organization's. Live; connects when listened to.
   * @example `parley.$unread.subscribe((count) => (document.title = count ? `(${count}) Support` : 'Support'))`
   */
  readonly $unread: ReadableAtom<number>

  /**
   * The current session, loading the staff profile once; null when signed out.
   * @example `const session = await parley.getSession(); if (session?.kind === 'staff') openInbox()`
   */
  getSession(): Promise<ParleySession | null>
  /**
   * Staff sign-in with email and password. Wrong credentials: NOT_AUTHORIZED.
   * @example `const { profile } = await parley.signIn({ email: 'julie@lavoie.demo', password })`
   */
  signIn(input: SignInInput): Promise<ParleySession>
  /**
   * Signs this device out.
   * @example `await parley.signOut()`
   */
  signOut(): Promise<void>

  /**
   * Opens a conversation; with no session the browser signs in anonymously and is bound to
   * it. The access token is returned this once: keep it to resume on any device.
   * @example
   * ```ts
   * const { conversation_id, access_token } = await parley.startConversation({
   *   organization_id, customer_name: 'Ada Roy', customer_email: 'ada@example.com', subject: 'Freins'
   * })
   * localStorage.setItem('parley-token', access_token)
   * ```
   */
  startConversation(input: StartConversationInput): Promise<StartedConversation>
  /**
   * The seed's name for startConversation (same input and result).
   * @example `const { conversation_id } = await parley.createConversation({ organization_id, customer_name, customer_email })`
   */
  createConversation(input: StartConversationInput): Promise<StartedConversation>
  /**
   * Binds this browser to the conversation or claim an access token belongs to
   * (TOKEN_INVALID when wrong or revoked).
   * @example `const { conversation_id, claim_id } = await parley.resumeConversation(tokenFromLink)`
   */
  resumeConversation(accessToken: string): Promise<ResumedAccess>
  /**
   * What an access token opens, without binding this browser to it: ask a visitor before
   * moving them into a conversation that may be someone else's. Null when the token is wrong
   * or revoked; TOKEN_INVALID when it is not 64 hex characters; RATE_LIMITED past 10 a minute.
   * @example
   * const preview = await parley.peekAccessToken(tokenFromLink)
   * if (preview && confirm(`Open ${preview.subject ?? preview.claim_number} with ${preview.organization_name}?`)) {
   *   await parley.resumeConversation(tokenFromLink)
   * }
   */
  peekAccessToken(accessToken: string): Promise<AccessLinkPreview | null>
  /**
   * The caller's conversations, newest activity first (customers: their own; staff: the org's).
   * @example `const mine = await parley.listConversations(); switchTo(mine[0]?.id)`
   */
  listConversations(): Promise<ConversationListItem[]>
  /**
   * Corrects the customer's name, email or phone on a conversation. A `customer_signature`
   * (see {@link StartConversationInput}) marks the e-mail verified; a new e-mail without one
   * clears the mark.
   * @example `await parley.updateCustomerDetails(id, { customer_name: 'Ada Roy', customer_email: 'ada@roy.ca', customer_signature })`
   */
  updateCustomerDetails(
    conversationId: string,
    details: { customer_name: string; customer_email: string; customer_phone?: string | null; customer_signature?: string | null }
  ): Promise<void>
  /**
   * Customer: rates a resolved conversation 1 to 5, with an optional comment (up to 1,000
   * characters); once per resolution (CONFLICT after that, or while it is not resolved).
   * @example `await parley.rateConversation(conversation_id, 5, 'Merci !')`
   */
  rateConversation(conversationId: string, rating: number, comment?: string | null): Promise<void>
  /**
   * Customer: e-mails the transcript of a resolved conversation to the conversation's own
   * address, which it returns. CONFLICT while it is not resolved, INVALID_INPUT when it has
   * no e-mail, EMAIL_SUPPRESSED when the address unsubscribed, RATE_LIMITED within the hour
   * after the last one.
   * @example `const to = await parley.requestTranscript(conversation_id) // 'ada@example.com'`
   */
  requestTranscript(conversationId: string): Promise<string>
  /**
   * Whose e-mails an unsubscribe link's code (the `#unsubscribe=` of the e-mail's link) would
   * stop, without stopping them: null when the code is wrong; TOKEN_INVALID when it is not 64
   * hex characters. No session needed.
   * @example `const preview = await parley.peekUnsubscribe(code); if (preview) ask(preview.organization_name, preview.email)`
   */
  peekUnsubscribe(code: string): Promise<UnsubscribePreview | null>
  /**
   * Stops the dealer's e-mails to the address an unsubscribe link's code names (invitations
   * still arrive). NOT_FOUND when the code is wrong. No session needed.
   * @example `await parley.unsubscribeEmail(code)`
   */
  unsubscribeEmail(code: string): Promise<void>

  /**
   * Sends a message through the outbox: now when online, in order after reconnect
   * otherwise; resolves with the server row. Retries reuse the client id, so nothing doubles.
   * @example `const row = await parley.sendMessage({ conversation_id, content: 'Bonjour !' })`
   */
  sendMessage(input: SendMessageInput): Promise<ChatMessage>
  /**
   * Checks type and size, then uploads a file to the conversation's folder.
   * @example `const attachment = await parley.uploadAttachment({ conversation_id, file, onProgress: (f) => bar.value = f })`
   */
  uploadAttachment(input: UploadAttachmentInput): Promise<Attachment>
  /**
   * Uploads a file and sends it as an image or file message.
   * @example `await parley.sendAttachment({ conversation_id, file: input.files[0], content: 'La facture' })`
   */
  sendAttachment(input: SendAttachmentInput): Promise<ChatMessage>
  /**
   * A signed URL to show or download an attachment: ten minutes by default, at most an hour
   * (`expiresInSeconds` 1–3600; a signed URL outlives its signer's access, so sign when shown).
   * @example `img.src = await parley.getAttachmentUrl(message.attachments[0])`
   */
  getAttachmentUrl(attachment: Attachment | string, expiresInSeconds?: number): Promise<string>
  /**
   * One page of messages in server order; `before`/`after` take a (created_at, id) cursor.
   * @example `const older = await parley.loadMessages(id, { before: { created_at: first.created_at, id: first.id }, limit: 50 })`
   */
  loadMessages(conversationId: string, options?: LoadMessagesOptions): Promise<ChatMessage[]>
  /**
   * Marks the other side's messages read and zeroes your unread count; returns read_at.
   * @example `await parley.markRead(conversation_id)`
   */
  markRead(conversationId: string): Promise<string>
  /**
   * One typing announcement; stores throttle this for you (ConversationStore.notifyTyping).
   * More than 20 calls in 10 s per typist and conversation is `RATE_LIMITED`.
   * @example `await parley.setTyping(conversation_id, false)`
   */
  setTyping(conversationId: string, isTyping: boolean, options?: TypingOptions): Promise<void>
  /**
   * The seed's callback API. Each new message reaches onMessage once, from the socket or,
   * after a reconnect, from the database. Returns the unsubscribe.
   * @example
   * ```ts
   * const stop = parley.subscribeToConversation(id, {
   *   onMessage: (message) => append(message),
   *   onTyping: (typing) => showTyping(typing),
   *   onConversationUpdate: (conversation) => setStatus(conversation.status)
   * })
   * ```
   */
  subscribeToConversation(conversationId: string, handlers: ConversationHandlers): Unsubscribe
  /**
   * The live store of one conversation (the same object for the same id).
   * @example `const chat = parley.conversation(id); const stop = chat.$messages.subscribe(render)`
   */
  conversation(conversationId: string): ConversationStore

  /**
   * Staff: moves a claim to a new status with an optional reason and notes.
   * @example `await parley.changeClaimStatus({ claim_id, new_status: 'approved', reason: 'Couvert' })`
   */
  changeClaimStatus(input: ChangeClaimStatusInput): Promise<ClaimStatusUpdate>
  /**
   * The seed's name for changeClaimStatus; old status and author come from the database.
   * @example `await parley.createClaimStatusUpdate({ organization_id, claim_id, old_status, new_status: 'in_repair', changed_by, changed_by_name })`
   */
  createClaimStatusUpdate(input: CreateClaimStatusUpdateInput): Promise<ClaimStatusUpdate>
  /**
   * The seed's callback API for a claim: each new status change once. Returns the unsubscribe.
   * @example `const stop = parley.subscribeToClaimUpdates(claim_id, (update) => toast(update.new_status))`
   */
  subscribeToClaimUpdates(claimId: string, callback: (update: ClaimStatusUpdate) => void): Unsubscribe
  /**
   * A claim's live status timeline.
   * @example `parley.claimTimeline(claim_id).$updates.subscribe((updates) => renderTimeline(updates))`
   */
  claimTimeline(claimId: string): ClaimTimelineStore

  /**
   * Staff: the live inbox with filters and counts.
   * @example `const inbox = parley.inbox({ status: 'active', assignee: 'me' }); inbox.$counts.subscribe(renderCounts)`
   */
  inbox(filters?: InboxFilters): InboxStore
  /**
   * Staff: assigns (or with null unassigns) a conversation.
   * @example `await parley.assignConversation(id, marcProfileId)`
   */
  assignConversation(conversationId: string, profileId: string | null): Promise<ChatConversation>
  /**
   * Staff: sets the priority.
   * @example `await parley.setPriority(id, 'urgent')`
   */
  setPriority(conversationId: string, priority: ConversationPriority): Promise<ChatConversation>
  /**
   * Staff: replaces the tags.
   * @example `await parley.setTags(id, ['freins', 'vip'])`
   */
  setTags(conversationId: string, tags: readonly string[]): Promise<ChatConversation>
  /**
   * Staff: the conversation's internal notes field (never shown to customers).
   * @example `await parley.setInternalNotes(id, 'Client fidèle depuis 2019')`
   */
  setInternalNotes(conversationId: string, notes: string | null): Promise<ChatConversation>
  /**
   * Staff: marks resolved (a customer message reopens it).
   * @example `await parley.resolveConversation(id)`
   */
  resolveConversation(conversationId: string): Promise<ChatConversation>
  /**
   * Staff: archives.
   * @example `await parley.archiveConversation(id)`
   */
  archiveConversation(conversationId: string): Promise<ChatConversation>
  /**
   * Staff: makes a resolved or archived conversation active again.
   * @example `await parley.reopenConversation(id)`
   */
  reopenConversation(conversationId: string): Promise<ChatConversation>
  /**
   * Staff: a new customer token; earlier tokens and bound browsers stop working.
   * @example `const token = await parley.rotateAccessToken(id); sendLink(`${origin}/chat#${token}`)`
   */
  rotateAccessToken(conversationId: string): Promise<string>
  /**
   * Staff: revokes the token and unbinds every customer browser.
   * @example `await parley.revokeAccessToken(id)`
   */
  revokeAccessToken(conversationId: string): Promise<void>
  /**
   * Staff: a token that lets a customer follow one claim.
   * @example `const token = await parley.issueClaimAccessToken(claim_id)`
   */
  issueClaimAccessToken(claimId: string): Promise<string>
  /**
   * Staff: the notification centre (latest 20, live).
   * @example `const centre = parley.notifications(); centre.$unreadCount.subscribe(setBadge)`
   */
  notifications(): NotificationCenter
  /**
   * Staff: whether the organization verifies identities (`identify({ email, signature })`).
   * @example `const { configured, required } = await parley.identityVerificationStatus(organization_id)`
   */
  identityVerificationStatus(organizationId: string): Promise<IdentityVerificationStatus>
  /**
   * Staff: your organization's staff with the given roles (by default those a conversation
   * can be assigned to: admin, operations, agent), ordered by name.
   * @example
   * ```ts
   * const agents = await parley.listStaff(['agent'])
   * select.replaceChildren(...agents.map((member) => new Option(member.display_name ?? member.id, member.id)))
   * ```
   */
  listStaff(roles?: readonly UserRole[]): Promise<StaffMember[]>
  /**
   * Admin: a new identity secret for the dealer's server, returned this once; signatures made
   * with the previous one stop verifying at once.
   * @example `const secret = await parley.rotateIdentitySecret(organization_id)`
   */
  rotateIdentitySecret(organizationId: string): Promise<string>
  /**
   * Admin: refuse (true) or accept (false) conversations without a valid signature. Requiring
   * it before a secret exists fails with CONFLICT.
   * @example `await parley.setIdentityVerificationRequired(organization_id, true)`
   */
  setIdentityVerificationRequired(organizationId: string, required: boolean): Promise<void>

  /**
   * Staff: the quick replies the caller may use (shared ones and their own), by shortcut.
   * @example `const templates = await parley.listReplyTemplates()`
   */
  listReplyTemplates(): Promise<ReplyTemplate[]>
  /**
   * Staff: quick replies matching what follows `/` in the composer, best first: shortcuts
   * starting with the query, then titles with a word that does, then any match; accents and
   * case ignored; personal before shared on a tie. Pass the list from
   * {@link Parley.listReplyTemplates} to filter it without a request on each keystroke.
   * @example `const choices = await parley.searchReplyTemplates('/gar', templates)`
   */
  searchReplyTemplates(query: string, templates?: readonly ReplyTemplate[]): Promise<ReplyTemplate[]>
  /**
   * Staff: saves a personal quick reply, or a shared one (`shared: true`, admins). Unknown
   * variables fail with INVALID_INPUT, a shortcut already used with CONFLICT.
   * @example `await parley.createReplyTemplate({ title: 'Garantie', shortcut: '/garantie', body_fr: 'Bonjour {{customer.name}}' })`
   */
  createReplyTemplate(input: ReplyTemplateInput): Promise<ReplyTemplate>
  /**
   * Staff: edits a quick reply the caller manages (NOT_FOUND otherwise).
   * @example `await parley.updateReplyTemplate(id, { title: 'Garantie', shortcut: '/garantie', body_en: 'Hello {{customer.name}}' })`
   */
  updateReplyTemplate(templateId: string, input: ReplyTemplateInput): Promise<ReplyTemplate>
  /**
   * Staff: deletes a quick reply the caller manages (NOT_FOUND otherwise).
   * @example `await parley.deleteReplyTemplate(id)`
   */
  deleteReplyTemplate(templateId: string): Promise<void>
  /**
   * Staff: the template's text filled with the conversation's data (missing values empty),
   * ready for the composer; counts one use.
   * @example `composer.value = await parley.renderReplyTemplate(template.id, conversation_id, 'fr-CA')`
   */
  renderReplyTemplate(templateId: string, conversationId: string, locale: ReplyLocale): Promise<string>
  /**
   * Admin: how often each template of the organization was used, most used first.
   * @example `const usage = await parley.replyTemplateUsage()`
   */
  replyTemplateUsage(): Promise<ReplyTemplateUsage[]>
  /**
   * Admin or operations: response times, resolutions, replies and ratings per day or week (and per agent).
   * @example `const weeks = await parley.operationsReport(organization_id, { period: 'week', byAgent: true })`
   */
  operationsReport(organizationId: string, options?: OperationsReportOptions): Promise<OperationsReportRow[]>
  /**
   * Admin or operations: the same figures as {@link Parley.operationsReport}, as CSV text (header first, CRLF).
   * @example `download(new Blob([await parley.operationsReportCsv(organization_id)], { type: 'text/csv' }))`
   */
  operationsReportCsv(organizationId: string, options?: OperationsReportOptions): Promise<string>
  /**
   * Admin or operations: open conversations by age.
   * @example `const backlog = await parley.operationsBacklog(organization_id)`
   */
  operationsBacklog(organizationId: string): Promise<OperationsBacklogRow[]>
  /**
   * Admin or operations: the organization's latest customer ratings (1 to 100, default 10),
   * newest first, with their comments; an empty list for other staff (RLS).
   * @example `for (const { rating, comment } of await parley.recentRatings(organization_id, 5)) list.append(`${rating}/5 ${comment ?? ''}`)`
   */
  recentRatings(organizationId: string, limit?: number): Promise<ConversationResolution[]>

  /**
   * Stores this device's push subscription for the signed-in user; returns its id.
   * @example
   * ```ts
   * const sub = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey })
   * const { endpoint, keys } = sub.toJSON()
   * const { id } = await parley.registerPushSubscription({ organization_id, platform: 'web', endpoint, keys })
   * ```
   */
  registerPushSubscription(input: RegisterPushSubscriptionInput): Promise<{ id: string }>
  /**
   * Changes which kinds of push a subscription receives.
   * @example `await parley.updatePushPreferences(id, { warranty_expiring: false })`
   */
  updatePushPreferences(subscriptionId: string, preferences: Partial<PushPreferences>): Promise<void>
  /**
   * Pushes a test notification to one subscription (or all of the user's); RATE_LIMITED past 5 a minute.
   * @example `const [result] = await parley.sendTestNotification(id); console.log(result?.outcome)`
   */
  sendTestNotification(subscriptionId?: string): Promise<PushTestResult[]>
  /**
   * Staff: one of your own push subscriptions (say the id this device saved when it
   * registered), or null when it was deleted or is not yours. `enabled` is false once the push
   * service reported the subscription gone; kinds the row does not mention count as wanted.
   * @example
   * ```ts
   * const saved = await parley.getPushSubscription(savedId)
   * if (saved?.enabled) showPreferences(saved.preferences)
   * ```
   */
  getPushSubscription(subscriptionId: string): Promise<PushSubscriptionState | null>
  /**
   * Staff: all of your own push subscriptions (this device and the others), most recently
   * used first, without endpoints or keys. Remove one with `unregisterPushSubscription(id)`.
   * @example
   * ```ts
   * const devices = await parley.listPushSubscriptions()
   * for (const device of devices) console.log(device.platform, device.user_agent, device.last_used_at ?? 'never used')
   * ```
   */
  listPushSubscriptions(): Promise<PushDevice[]>
  /**
   * Deletes a subscription (after PushSubscription.unsubscribe() in the browser).
   * @example `await parley.unregisterPushSubscription(id)`
   */
  unregisterPushSubscription(subscriptionId: string): Promise<void>

  /**
   * Leaves every channel, stops timers and listeners. The outbox stays persisted.
   * @example `window.addEventListener('pagehide', () => void parley.destroy())`
   */
  destroy(): Promise<void>
}

/**
 * What a customer-side embed uses of {@link Parley}: conversations, messages, attachments,
 * typing, reads, unread count, claim timeline and push registration. No staff sign-in,
 * inbox, notification centre, staff actions or claim status changes, so bundlers drop them.
 * @example `const parley: ParleyCustomer = createParleyCustomer({ supabaseUrl, supabaseKey })`
 */
export type ParleyCustomer = Pick<
  Parley,
  | 'supabase'
  | '$session'
  | '$connection'
  | '$outbox'
  | '$unread'
  | 'getSession'
  | 'signOut'
  | 'startConversation'
  | 'createConversation'
  | 'resumeConversation'
  | 'peekAccessToken'
  | 'listConversations'
  | 'updateCustomerDetails'
  | 'rateConversation'
  | 'requestTranscript'
  | 'peekUnsubscribe'
  | 'unsubscribeEmail'
  | 'sendMessage'
  | 'uploadAttachment'
  | 'sendAttachment'
  | 'getAttachmentUrl'
  | 'loadMessages'
  | 'markRead'
  | 'setTyping'
  | 'subscribeToConversation'
  | 'conversation'
  | 'subscribeToClaimUpdates'
  | 'claimTimeline'
  | 'registerPushSubscription'
  | 'updatePushPreferences'
  | 'unregisterPushSubscription'
  | 'destroy'
>

export type { Database, Json }

// Team and organization ------------------------------------------------------------------

/**
 * A dealer organization with its settings.
 * @example `const org: Organization = await team.createOrganization({ name: 'Garage Lavoie', slug: 'lavoie' })`
 */
export type Organization = Tables<'organizations'>
/**
 * An invitation to join an organization; its token exists only in the e-mail.
 * @example `const pending = (await team.invitations(org)).filter((i: Invitation) => !i.accepted_at && !i.revoked_at)`
 */
export type Invitation = Tables<'invitations'>
/**
 * The languages an organization's e-mails and widget default to.
 * @example `const locale: OrganizationLocale = 'fr-CA'`
 */
export type OrganizationLocale = 'fr-CA' | 'en'
/**
 * A day of the weekly schedule.
 * @example `const day: Weekday = 'mon'`
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'
/**
 * Opening hours: per day, up to 4 ordered `["HH:MM", "HH:MM"]` ranges on the 24-hour clock; a
 * missing or empty day is closed.
 * @example `const hours: BusinessHours = { mon: [['09:00', '12:00'], ['13:00', '17:30']], sat: [] }`
 */
export type BusinessHours = Partial<Record<Weekday, [string, string][]>>

/**
 * What `createOrganization` needs; the caller becomes the organization's first admin.
 * @example `await team.createOrganization({ name: 'Garage Lavoie', slug: 'lavoie', locale: 'fr-CA', time_zone: 'America/Montreal' })`
 */
export interface CreateOrganizationInput {
  name: string
  /** 1–63 lowercase letters, digits or dashes; unique. */
  slug: string
  locale?: OrganizationLocale
  /** An IANA zone PostgreSQL knows (`pg_timezone_names`). */
  time_zone?: string
  /** The admin's name as staff and customers see it; the e-mail's local part when absent. */
  display_name?: string
}

/**
 * The settings an admin edits; absent keys are left unchanged, `null` clears an optional one.
 * @example `await team.updateOrganization(org, { widget_color: '#0f766e', email_claim_updates: true })`
 */
export interface OrganizationSettingsInput {
  name?: string
  /** An https URL. */
  logo_url?: string | null
  /** `#rrggbb`. */
  widget_color?: string
  widget_greeting?: string | null
  locale?: OrganizationLocale
  time_zone?: string
  business_hours?: BusinessHours
  /** The page hosting the widget: e-mailed links re-open conversations there (`#token=…`). */
  site_url?: string | null
  /** Minutes a customer must have been away before a staff reply is e-mailed (0–10080). */
  email_missed_reply_minutes?: number
  /** E-mail the claim's customer when its status changes. */
  email_claim_updates?: boolean
}

/**
 * An invitation to send.
 * @example `await team.invite({ organization_id, email: 'marc@garage.ca', role: 'agent' })`
 */
export interface InviteMemberInput {
  organization_id: string
  email: string
  role: UserRole
}

/**
 * The organization and team API of the staff client. Refusals are ParleyErrors: NOT_AUTHORIZED
 * (not an admin), NOT_FOUND (another organization's row), INVITATION_INVALID / _EXPIRED /
 * _REVOKED / _USED / _EMAIL_MISMATCH, ALREADY_MEMBER, LAST_ADMIN, EMAIL_SUPPRESSED, CONFLICT.
 * @example
 * ```ts
 * const team = createTeam(parley)
 * const invitation = await team.invite({ organization_id, email: 'marc@garage.ca', role: 'agent' })
 * // … Marc clicks the e-mailed link, signs up, then:
 * await createTeam(marcsParley).acceptInvitation(tokenFromTheLink)
 * ```
 */
export interface Team {
  /**
   * Signed-up (not anonymous) users without an organization: creates one and makes the caller its admin.
   * @example `const org = await team.createOrganization({ name: 'Garage Lavoie', slug: 'lavoie' })`
   */
  createOrganization(input: CreateOrganizationInput): Promise<Organization>
  /**
   * Staff: the caller's organization, or null when the caller belongs to none.
   * @example `const org = await team.organization()`
   */
  organization(): Promise<Organization | null>
  /**
   * Admin: edits the organization's settings.
   * @example `await team.updateOrganization(org.id, { business_hours: { mon: [['09:00', '17:00']] } })`
   */
  updateOrganization(organizationId: string, settings: OrganizationSettingsInput): Promise<Organization>
  /**
   * Staff: the organization's members, deactivated ones included (`is_active`).
   * @example `const active = (await team.members(org.id)).filter((m) => m.is_active)`
   */
  members(organizationId: string): Promise<Profile[]>
  /**
   * Admin: the organization's invitations, newest first.
   * @example `const list = await team.invitations(org.id)`
   */
  invitations(organizationId: string): Promise<Invitation[]>
  /**
   * Admin: invites an address with a role; the e-mail carries a link valid 7 days.
   * @example `await team.invite({ organization_id: org.id, email: 'marc@garage.ca', role: 'agent' })`
   */
  invite(input: InviteMemberInput): Promise<Invitation>
  /**
   * Admin: a new e-mail with a new link (the previous link stops working) and a new 7-day expiry.
   * @example `await team.resendInvitation(invitation.id)`
   */
  resendInvitation(invitationId: string): Promise<Invitation>
  /**
   * Admin: the invitation's link stops working.
   * @example `await team.revokeInvitation(invitation.id)`
   */
  revokeInvitation(invitationId: string): Promise<void>
  /**
   * The invited person, signed in with the invited address: joins the organization.
   * @example `const me = await team.acceptInvitation(new URL(location.href).searchParams.get('invitation')!)`
   */
  acceptInvitation(token: string, displayName?: string): Promise<Profile>
  /**
   * Admin: changes a member's role; the last active admin cannot be demoted (LAST_ADMIN).
   * @example `await team.changeRole(member.id, 'operations')`
   */
  changeRole(memberId: string, role: UserRole): Promise<Profile>
  /**
   * Admin: the member stops being staff; their open conversations are routed to another
   * agent and their push subscriptions are disabled. Never the last active admin.
   * @example `await team.deactivate(member.id)`
   */
  deactivate(memberId: string): Promise<Profile>
  /**
   * Admin: gives a deactivated member their staff rights back (push must be re-enabled on their devices).
   * @example `await team.reactivate(member.id)`
   */
  reactivate(memberId: string): Promise<Profile>
}
