import { signIn, signOut } from '../auth/sign-in.ts'
import { changeClaimStatus } from '../claims/change-claim-status.ts'
import { createClaimTimeline } from '../claims/claim-timeline.ts'
import { createClaimStatusUpdate } from '../claims/create-claim-status-update.ts'
import { subscribeToClaimUpdates } from '../claims/subscribe-to-claim-updates.ts'
import { issueClaimAccessToken, revokeAccessToken, rotateAccessToken } from '../conversations/access-tokens.ts'
import { listConversations } from '../conversations/list-conversations.ts'
import { resumeConversation } from '../conversations/resume-conversation.ts'
import { assignConversation, setInternalNotes, setPriority, setStatus, setTags } from '../conversations/staff-actions.ts'
import { startConversation } from '../conversations/start-conversation.ts'
import { subscribeToConversation } from '../conversations/subscribe-to-conversation.ts'
import { updateCustomerDetails } from '../conversations/update-customer-details.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { createInboxStore } from '../inbox/inbox-store.ts'
import { createConversationStore } from '../messages/conversation-store.ts'
import { deliverMessage } from '../messages/deliver-message.ts'
import { loadMessages } from '../messages/load-messages.ts'
import { newClientId } from '../messages/new-client-id.ts'
import { sendMessage } from '../messages/send-message.ts'
import { getAttachmentUrl, uploadAttachment } from '../messages/upload-attachment.ts'
import { createNotificationCenter } from '../notifications/notification-center.ts'
import { createOutbox } from '../outbox/outbox.ts'
import { registerPushSubscription } from '../push/register-push-subscription.ts'
import { sendTestNotification } from '../push/send-test-notification.ts'
import { unregisterPushSubscription } from '../push/unregister-push-subscription.ts'
import { updatePushPreferences } from '../push/update-push-preferences.ts'
import { markRead } from '../reads/mark-read.ts'
import type { ConversationStore, Parley, ParleyConfig, ParleyOptions } from '../types/api.ts'
import { setTyping } from '../typing/set-typing.ts'
import { createContext } from './context.ts'
import { createUnreadStore } from './unread-store.ts'

function checkConfig(config: ParleyConfig): void {
  if (typeof config !== 'object' || config === null) throw new ParleyError('INVALID_INPUT', 'createParley expects { supabaseUrl, supabaseKey } or { supabase }')
  if ('supabase' in config) {
    if (typeof config.supabase?.from !== 'function') throw new ParleyError('INVALID_INPUT', 'supabase must be a SupabaseClient')
    return
  }
  if (typeof config.supabaseUrl !== 'string' || !/^https?:\/\//.test(config.supabaseUrl)) throw new ParleyError('INVALID_INPUT', 'supabaseUrl must be an http(s) URL')
  if (typeof config.supabaseKey !== 'string' || config.supabaseKey === '') throw new ParleyError('INVALID_INPUT', 'supabaseKey must be the project’s anon (publishable) key')
}

/**
 * Creates a Parley client from a Supabase URL and anon key, or from your own SupabaseClient.
 * Nothing connects until a call is made or a store is listened to.
 *
 * @example
 * ```ts
 * const parley = createParley({ supabaseUrl: 'https://xyz.supabase.co', supabaseKey: anonKey })
 * // or share the app's client (and its session):
 * const parley = createParley({ supabase })
 * ```
 */
export function createParley(config: ParleyConfig, options: ParleyOptions = {}): Parley {
  checkConfig(config)
  const context = createContext(config, options)
  const outbox = createOutbox({
    storage: context.options.storage,
    retryMinMs: context.options.retryMinMs,
    retryMaxMs: context.options.retryMaxMs,
    send: (entry) => deliverMessage(context, entry),
    onDelivered: (row) => context.delivered.emit(row),
    onFailed: (entry, error) => context.failed.emit({ entry, error })
  })
  const conversations = new Map<string, ConversationStore>()
  const stopFlushOnWake = context.wake.listen((reason) => {
    if (reason !== 'offline') void outbox.flush()
  })
  let $unread: Parley['$unread'] | null = null

  return {
    get supabase() {
      return context.supabase()
    },
    $session: context.$session,
    $connection: context.$connection,
    $outbox: outbox.$entries,
    get $unread() {
      $unread ??= createUnreadStore(context)
      return $unread
    },
    getSession: () => context.session(),
    signIn: (input) => signIn(context, input),
    signOut: () => signOut(context),

    startConversation: (input) => startConversation(context, input),
    createConversation: (input) => startConversation(context, input),
    resumeConversation: (token) => resumeConversation(context, token),
    listConversations: () => listConversations(context),
    updateCustomerDetails: (id, details) => updateCustomerDetails(context, id, details),

    sendMessage: (input) => sendMessage(context, outbox, input),
    uploadAttachment: (input) => uploadAttachment(context, input),
    async sendAttachment(input) {
      const clientId = input.client_id ?? newClientId()
      const attachment = await uploadAttachment(context, { ...input, client_id: clientId })
      return sendMessage(context, outbox, {
        conversation_id: input.conversation_id,
        client_id: clientId,
        content: input.content ?? '',
        attachments: [attachment],
        message_type: attachment.mime_type.startsWith('image/') ? 'image' : 'file',
        is_internal: input.is_internal
      })
    },
    getAttachmentUrl: (attachment, expiresIn) => getAttachmentUrl(context, attachment, expiresIn),
    loadMessages: (id, loadOptions) => loadMessages(context, id, loadOptions),
    markRead: (id) => markRead(context, id),
    setTyping: (id, isTyping) => setTyping(context, id, isTyping),
    subscribeToConversation: (id, handlers) => subscribeToConversation(context, id, handlers),
    conversation(id) {
      let store = conversations.get(id)
      if (!store) {
        store = createConversationStore(context, outbox, id)
        conversations.set(id, store)
      }
      return store
    },

    changeClaimStatus: (input) => changeClaimStatus(context, input),
    createClaimStatusUpdate: (input) => createClaimStatusUpdate(context, input),
    subscribeToClaimUpdates: (id, callback) => subscribeToClaimUpdates(context, id, callback),
    claimTimeline: (id) => createClaimTimeline(context, id),

    inbox: (filters) => createInboxStore(context, filters),
    assignConversation: (id, profileId) => assignConversation(context, id, profileId),
    setPriority: (id, priority) => setPriority(context, id, priority),
    setTags: (id, tags) => setTags(context, id, tags),
    setInternalNotes: (id, notes) => setInternalNotes(context, id, notes),
    resolveConversation: (id) => setStatus(context, id, 'resolved'),
    archiveConversation: (id) => setStatus(context, id, 'archived'),
    reopenConversation: (id) => setStatus(context, id, 'active'),
    rotateAccessToken: (id) => rotateAccessToken(context, id),
    revokeAccessToken: (id) => revokeAccessToken(context, id),
    issueClaimAccessToken: (id) => issueClaimAccessToken(context, id),
    notifications: () => createNotificationCenter(context),

    registerPushSubscription: (input) => registerPushSubscription(context, input),
    updatePushPreferences: (id, preferences) => updatePushPreferences(context, id, preferences),
    sendTestNotification: (id) => sendTestNotification(context, id),
    unregisterPushSubscription: (id) => unregisterPushSubscription(context, id),

    async destroy() {
      stopFlushOnWake()
      outbox.dispose()
      await context.destroy()
    }
  }
}
