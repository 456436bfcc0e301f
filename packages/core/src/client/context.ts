import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { atom, type WritableAtom } from 'nanostores'
import { ParleyError } from '../errors/parley-error.ts'
import type {
  ChatMessage,
  ConnectionState,
  KeyValueStorage,
  OutboxEntry,
  ParleyConfig,
  ParleyOptions,
  ParleySession,
  Profile
} from '../types/api.ts'
import type { ClientDatabase } from '../types/client-database.ts'
import { CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES, CHAT_ATTACHMENTS_FILE_SIZE_LIMIT } from '../types/limits.ts'
import { call } from './call.ts'
import { createSignal, type Signal } from './signal.ts'
import { createTopicHub, type TopicHub } from './topics.ts'
import { listenForWake, type WakeReason } from './wake.ts'

export interface ResolvedOptions {
  storage: KeyValueStorage | null
  pageSize: number
  typingThrottleMs: number
  typingIdleMs: number
  retryMinMs: number
  retryMaxMs: number
  maxAttachmentBytes: number
  allowedAttachmentTypes: readonly string[]
  events: EventTarget | null
}

/** What every module shares; internal, never exported from the package. */
export interface Context {
  readonly options: ResolvedOptions
  supabase(): SupabaseClient<ClientDatabase>
  readonly $session: WritableAtom<ParleySession | null>
  readonly $connection: WritableAtom<ConnectionState>
  readonly topics: TopicHub
  /** Network back, tab visible: time to catch up. */
  readonly wake: Signal<WakeReason>
  /** Rows the server confirmed for our own sends (outbox deliveries). */
  readonly delivered: Signal<ChatMessage>
  /** Sends the server refused for good. */
  readonly failed: Signal<{ entry: OutboxEntry; error: ParleyError }>
  /** The customer gained a conversation or claim (started, or an access token redeemed). */
  readonly joined: Signal<void>
  /** The session, with the staff profile loaded once. */
  session(): Promise<ParleySession | null>
  requireSession(): Promise<ParleySession>
  /** Forgets the cached session (after sign-in/out) and loads it again. */
  reloadSession(): Promise<ParleySession | null>
  /** A customer session, signing in anonymously when there is none. */
  customerSession(): Promise<ParleySession>
  /** Starts hearing wake events (idempotent); done when something first connects. */
  watch(): void
  destroy(): Promise<void>
}

function defaultStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    // Access throws when the page forbids storage (sandboxed iframes, blocked cookies).
    return null
  }
}

export function resolveOptions(options: ParleyOptions = {}): ResolvedOptions {
  return {
    storage: options.storage === undefined ? defaultStorage() : options.storage,
    pageSize: options.pageSize ?? 50,
    typingThrottleMs: options.typingThrottleMs ?? 3000,
    typingIdleMs: options.typingIdleMs ?? 5000,
    retryMinMs: options.retryMinMs ?? 500,
    retryMaxMs: options.retryMaxMs ?? 15_000,
    maxAttachmentBytes: options.maxAttachmentBytes ?? CHAT_ATTACHMENTS_FILE_SIZE_LIMIT,
    allowedAttachmentTypes: options.allowedAttachmentTypes ?? CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES,
    events: options.events === undefined ? (globalThis.window ?? null) : options.events
  }
}

function isOffline(): boolean {
  return globalThis.navigator?.onLine === false
}

export function createContext(config: ParleyConfig, parleyOptions: ParleyOptions = {}): Context {
  const options = resolveOptions(parleyOptions)
  let client: SupabaseClient<ClientDatabase> | null = null
  let unwatch: (() => void) | null = null
  let loading: Promise<ParleySession | null> | null = null
  const $session = atom<ParleySession | null>(null)
  const $connection = atom<ConnectionState>('idle')
  const wake = createSignal<WakeReason>()
  const delivered = createSignal<ChatMessage>()
  const failed = createSignal<{ entry: OutboxEntry; error: ParleyError }>()

  function supabase(): SupabaseClient<ClientDatabase> {
    if (client) return client
    client =
      'supabase' in config
        ? // The one place a client of the app's own types, or a ParleySupabaseClient, is
          // taken as core's: what a ParleySupabaseClient may lack is checked where it is used.
          (config.supabase as SupabaseClient<ClientDatabase>)
        : createClient<ClientDatabase>(config.supabaseUrl, config.supabaseKey, config.supabaseOptions)
    client.auth.onAuthStateChange((event) => {
      if (event === 'SIGNED_OUT') {
        loading = null
        $session.set(null)
      } else if (event === 'SIGNED_IN' && $session.get() === null) {
        loading = null
      }
    })
    return client
  }

  function updateConnection(): void {
    const states = topics.statuses()
    let next: ConnectionState
    if (states.length === 0) next = 'idle'
    else if (isOffline()) next = 'offline'
    else if (states.every((state) => state === 'SUBSCRIBED')) next = 'connected'
    else if (states.some((state) => state === 'CHANNEL_ERROR' || state === 'TIMED_OUT' || state === 'CLOSED')) next = 'reconnecting'
    // Still joining: a rejoin after trouble stays "reconnecting" until every topic is back.
    else next = $connection.get() === 'reconnecting' ? 'reconnecting' : 'connecting'
    $connection.set(next)
  }

  const topics = createTopicHub(supabase, {
    retryMinMs: options.retryMinMs,
    retryMaxMs: options.retryMaxMs,
    onChange: updateConnection,
    resolve: (topic) => call(supabase().rpc('realtime_topic', { topic }))
  })

  async function loadSession(): Promise<ParleySession | null> {
    const { data } = await supabase().auth.getSession()
    const user = data.session?.user
    if (!user) {
      $session.set(null)
      return null
    }
    const current = $session.get()
    if (current?.userId === user.id) return current
    let profile: Profile | null = null
    if (!user.is_anonymous) {
      profile = await call(supabase().from('profiles').select('*').eq('id', user.id).maybeSingle())
    }
    const session: ParleySession = { userId: user.id, kind: profile ? 'staff' : 'customer', profile }
    $session.set(session)
    return session
  }

  const context: Context = {
    options,
    supabase,
    $session,
    $connection,
    topics,
    wake,
    delivered,
    failed,
    joined: createSignal<void>(),
    session() {
      loading ??= loadSession().catch((error: unknown) => {
        loading = null
        throw error
      })
      return loading
    },
    async requireSession() {
      const session = await context.session()
      if (!session) throw new ParleyError('NOT_AUTHORIZED', 'Sign in (staff) or start or resume a conversation (customer) first')
      return session
    },
    reloadSession() {
      loading = null
      $session.set(null)
      return context.session()
    },
    async customerSession() {
      const existing = await context.session()
      if (existing) return existing
      const { error } = await supabase().auth.signInAnonymously()
      if (error)
        throw new ParleyError(error.status === 429 ? 'RATE_LIMITED' : 'NOT_AUTHORIZED', error.message, {
          status: error.status,
          cause: error
        })
      loading = null
      const session = await context.session()
      if (!session) throw new ParleyError('NOT_AUTHORIZED', 'Anonymous sign-in gave no session')
      return session
    },
    watch() {
      if (unwatch) return
      const stopWake = listenForWake(options.events, wake)
      const stopState = wake.listen(() => updateConnection())
      unwatch = () => {
        stopWake()
        stopState()
      }
    },
    async destroy() {
      unwatch?.()
      unwatch = null
      await topics.close()
    }
  }
  return context
}
