import { signOut } from '../auth/sign-in.ts'
import { createClaimTimeline } from '../claims/claim-timeline.ts'
import { listConversations } from '../conversations/list-conversations.ts'
import { resumeConversation } from '../conversations/resume-conversation.ts'
import { updateCustomerDetails } from '../conversations/update-customer-details.ts'
import type { ParleyError } from '../errors/parley-error.ts'
import { invalid, requireUuid } from '../errors/validate.ts'
import { createConversationStore } from '../messages/conversation-store.ts'
import { deliverMessage } from '../messages/deliver-message.ts'
import { loadMessages } from '../messages/load-messages.ts'
import { sendMessage } from '../messages/send-message.ts'
import { createOutbox, type Outbox } from '../outbox/outbox.ts'
import { markRead } from '../reads/mark-read.ts'
import type { ConversationStore, ParleyConfig, ParleyCustomer, ParleyOptions, Unsubscribe } from '../types/api.ts'
import { setTyping } from '../typing/set-typing.ts'
import { attachments, callbacks, extras, push, starting } from './chunks.ts'
import { type Context, createContext } from './context.ts'
import { createUnreadStore } from './unread-store.ts'

function checkConfig(factory: string, config: ParleyConfig): void {
  if (typeof config !== 'object' || config === null) throw invalid(`${factory} expects { supabaseUrl, supabaseKey } or { supabase }`)
  if ('supabase' in config) {
    if (typeof config.supabase?.from !== 'function') throw invalid('supabase must be a SupabaseClient')
    return
  }
  if (typeof config.supabaseUrl !== 'string' || !/^https?:\/\//.test(config.supabaseUrl))
    throw invalid('supabaseUrl must be an http(s) URL')
  if (typeof config.supabaseKey !== 'string' || config.supabaseKey === '') throw invalid('supabaseKey must be the anon key')
}

/** Starts a callback subscription once its chunk is in; the unsubscribe works before that too. */
function subscribeLater(
  start: (module: Awaited<ReturnType<typeof callbacks>>) => Unsubscribe,
  onError: (error: ParleyError) => void
): Unsubscribe {
  let stop: Unsubscribe | null = null
  let stopped = false
  callbacks().then(
    (module) => {
      if (!stopped) stop = start(module)
    },
    (error: ParleyError) => {
      if (!stopped) onError(error)
    }
  )
  return () => {
    stopped = true
    stop?.()
  }
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

    startConversation: async (input) => (await starting()).startConversation(context, input),
    createConversation: async (input) => (await starting()).startConversation(context, input),
    resumeConversation: (token) => resumeConversation(context, token),
    peekAccessToken: async (token) => (await extras()).peekAccessToken(context, token),
    listConversations: () => listConversations(context),
    updateCustomerDetails: (id, details) => updateCustomerDetails(context, id, details),
    rateConversation: async (id, score, comment) => (await extras()).rateConversation(context, id, score, comment),
    requestTranscript: async (id) => (await extras()).requestTranscript(context, id),

    sendMessage: (input) => sendMessage(context, outbox, input),
    uploadAttachment: async (input) => (await attachments()).uploadAttachment(context, input),
    sendAttachment: async (input) => sendMessage(context, outbox, await (await attachments()).fileMessage(context, input)),
    getAttachmentUrl: async (attachment, expiresIn) => (await attachments()).getAttachmentUrl(context, attachment, expiresIn),
    loadMessages: (id, loadOptions) => loadMessages(context, id, loadOptions),
    markRead: (id) => markRead(context, id),
    setTyping: (id, isTyping, options) => setTyping(context, id, isTyping, options?.internal),
    subscribeToConversation(id, handlers) {
      requireUuid(id, 'conversationId')
      return subscribeLater(
        (module) => module.subscribeToConversation(context, id, handlers),
        (error) => handlers.onStatus?.('CHANNEL_ERROR', error)
      )
    },
    conversation(id) {
      let store = conversations.get(id)
      if (!store) {
        store = createConversationStore(context, outbox, id)
        conversations.set(id, store)
      }
      return store
    },

    subscribeToClaimUpdates(id, callback) {
      requireUuid(id, 'claimId')
      // Like the callback itself, which reports nothing, a chunk that fails to load stays silent.
      return subscribeLater(
        (module) => module.subscribeToClaimUpdates(context, id, callback),
        () => undefined
      )
    },
    claimTimeline: (id) => createClaimTimeline(context, id),

    registerPushSubscription: async (input) => (await push()).registerPushSubscription(context, input),
    updatePushPreferences: async (id, preferences) => (await push()).updatePushPreferences(context, id, preferences),
    unregisterPushSubscription: async (id) => (await push()).unregisterPushSubscription(context, id),
    peekUnsubscribe: async (code) => (await push()).peekUnsubscribe(context, code),
    unsubscribeEmail: async (code) => (await push()).unsubscribeEmail(context, code),

    async destroy() {
      stopFlushOnWake()
      outbox.dispose()
      await context.destroy()
    }
  }
  return { context, outbox, customer }
}
