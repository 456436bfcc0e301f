/**
 * @parley/core — Parley's headless client: conversations, messages, typing, read receipts,
 * claim tracking, push registration and the staff inbox, on Supabase. State lives in
 * nanostores; bind it with @nanostores/preact, @nanostores/react, Vue or Svelte.
 *
 * @example
 * ```ts
 * import { createParley } from '@parley/core'
 *
 * const parley = createParley({ supabaseUrl, supabaseKey })
 * const { conversation_id, access_token } = await parley.startConversation({
 *   organization_id, customer_name: 'Ada', customer_email: 'ada@example.com'
 * })
 * const chat = parley.conversation(conversation_id)
 * chat.$messages.subscribe((messages) => render(messages))
 * await chat.send('Bonjour !')
 * ```
 * @packageDocumentation
 */

export { fetchClaim } from './claims/fetch-claim.ts'
export { createParley } from './client/create-parley.ts'
export { createParleyCustomer } from './client/create-parley-customer.ts'
export { ParleyError, type ParleyErrorCode, type ParleyErrorOptions } from './errors/parley-error.ts'
export { toParleyError } from './errors/to-parley-error.ts'
export { REPLY_VARIABLES } from './replies/reply-variable-names.ts'
export type {
  AccessLinkPreview,
  AssignedAgent,
  Attachment,
  BusinessHours,
  ChangeClaimStatusInput,
  ChannelStatus,
  ChatConversation,
  ChatMessage,
  ClaimStatus,
  ClaimStatusUpdate,
  ClaimSummary,
  ClaimTimelineStore,
  ConnectionState,
  ConversationHandlers,
  ConversationListItem,
  ConversationMessage,
  ConversationPriority,
  ConversationResolution,
  ConversationStatus,
  ConversationStore,
  ConversationView,
  CreateClaimStatusUpdateInput,
  CreateOrganizationInput,
  CustomerConversation,
  DeliveryState,
  IdentityVerificationStatus,
  InboxCounts,
  InboxFilters,
  InboxStore,
  Invitation,
  InviteMemberInput,
  KeyValueStorage,
  LoadMessagesOptions,
  MessageCursor,
  MessageType,
  NotificationCenter,
  Openable,
  OperationsBacklogRow,
  OperationsReportOptions,
  OperationsReportRow,
  Organization,
  OrganizationLocale,
  OrganizationSettingsInput,
  OutboxEntry,
  Parley,
  ParleyConfig,
  ParleyCustomer,
  ParleyNotification,
  ParleyOptions,
  ParleySession,
  Profile,
  PushDevice,
  PushPlatform,
  PushPreferences,
  PushSubscriptionRow,
  PushSubscriptionState,
  PushTestResult,
  ReadReceipt,
  ReadState,
  RegisterPushSubscriptionInput,
  ReplyLocale,
  ReplyTemplate,
  ReplyTemplateInput,
  ReplyTemplateUsage,
  ResumedAccess,
  SendAttachmentInput,
  SenderType,
  SendMessageInput,
  SignInInput,
  StaffMember,
  StartConversationInput,
  StartedConversation,
  Team,
  TypingIndicator,
  TypingOptions,
  Unsubscribe,
  UnsubscribePreview,
  UploadAttachmentInput,
  UserRole,
  Weekday
} from './types/api.ts'
export type { CompositeTypes, Database, Enums, Json, Tables, TablesInsert, TablesUpdate } from './types/database.ts'
export { Constants } from './types/database.ts'
export { CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES, CHAT_ATTACHMENTS_FILE_SIZE_LIMIT } from './types/limits.ts'
export type { ParleyChannel, ParleySupabaseClient } from './types/supabase-client.ts'

/** The package version. @example `console.log(VERSION) // '0.1.0'` */
export const VERSION = '0.1.0'
