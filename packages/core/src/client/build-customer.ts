import { signOut } from '../auth/sign-in.ts'
import { createClaimTimeline } from '../claims/claim-timeline.ts'
import { subscribeToClaimUpdates } from '../claims/subscribe-to-claim-updates.ts'
import { listConversations } from '../conversations/list-conversations.ts'
import { resumeConversation } from '../conversations/resume-conversation.ts'
import { startConversation } from '../conversations/start-conversation.ts'
import { subscribeToConversation } from '../conversations/subscribe-to-conversation.ts'
import { updateCustomerDetails } from '../conversations/update-customer-details.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { createConversationStore } from '../messages/conversation-store.ts'
import { deliverMessage } from '../messages/deliver-message.ts'
import { loadMessages } from '../messages/load-messages.ts'
import { newClientId } from '../messages/new-client-id.ts'
import { sendMessage } from '../messages/send-message.ts'
import { getAttachmentUrl, uploadAttachment } from '../messages/upload-attachment.ts'
import { createOutbox, type Outbox } from '../outbox/outbox.ts'
import { registerPushSubscription } from '../push/register-push-subscription.ts'
import { unregisterPushSubscription } from '../push/unregister-push-subscription.ts'
import { updatePushPreferences } from '../push/update-push-preferences.ts'
import { markRead } from '../reads/mark-read.ts'
import type { ConversationStore, ParleyConfig, ParleyCustomer, ParleyOptions } from '../types/api.ts'
import { setTyping } from '../typing/set-typing.ts'
import { createContext, type Context } from './context.ts'
import { createUnreadStore } from './unread-store.ts'

function checkConfig(factory: string, config: ParleyConfig): void {
  if (typeof config !== 'object' || config === null) throw new ParleyError('INVALID_INPUT', `${factory} expects { supabaseUrl, supabaseKey } or { supabase }`)
  if ('supabase' in config) {
    if (typeof config.supabase?.from !== 'function') throw new ParleyError('INVALID_INPUT', 'supabase must be a SupabaseClient')
    return
  }
  if (typeof config.supabaseUrl !== 'string' || !/^https?:\/\//.test(config.supabaseUrl)) throw new ParleyError('INVALID_INPUT', 'supabaseUrl must be an http(s) URL')
  if (typeof config.supabaseKey !== 'string' || config.supabaseKey === '') throw new ParleyError('INVALID_INPUT', 'supabaseKey must be the project’s anon (publishable) key')
}

/** The customer client plus what createParley needs to add the staff side on top of it. */
export interface CustomerParts {
  context: Context
  outbox: Outbox
  customer: ParleyCustomer
}

/**
 * The construction shared by createParley and createParleyCustomer. It imports only
 * customer modules, so a bundle that never calls createParley leaves the staff ones out.
 */
export function buildCustomer(factory: string, config: ParleyConfig, options: ParleyOptions): CustomerParts {
  checkConfig(factory, config)
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
  let $unread: ParleyCustomer['$unread'] | null = null

  const customer: ParleyCustomer = {
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

    subscribeToClaimUpdates: (id, callback) => subscribeToClaimUpdates(context, id, callback),
    claimTimeline: (id) => createClaimTimeline(context, id),

    registerPushSubscription: (input) => registerPushSubscription(context, input),
    updatePushPreferences: (id, preferences) => updatePushPreferences(context, id, preferences),
    unregisterPushSubscription: (id) => unregisterPushSubscription(context, id),

    async destroy() {
      stopFlushOnWake()
      outbox.dispose()
      await context.destroy()
    }
  }
  return { context, outbox, customer }
}
