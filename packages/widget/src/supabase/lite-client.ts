import { PostgrestClient } from '@supabase/postgrest-js'
import { RealtimeClient } from '@supabase/realtime-js'
import type { StorageClient } from '@supabase/storage-js'
import { AnonymousAuth } from './anonymous-auth.ts'

export interface LiteClientOptions {
  /** Where the visitor's session is kept (key `storageKey`); null keeps it in memory. */
  storage?: Storage | null
  storageKey: string
  fetch?: typeof fetch
}

type StorageBucket = ReturnType<StorageClient['from']>

/**
 * A SupabaseClient-shaped object built from Supabase's own sub-clients (PostgREST,
 * Realtime, Storage) and an anonymous-only auth, wired the way supabase-js wires them:
 * every request carries the apikey and the visitor's JWT, Realtime follows token changes.
 * Storage is fetched the first time an attachment needs it. Core takes it as
 * `createParleyCustomer({ supabase })`.
 */
export function createLiteClient(supabaseUrl: string, supabaseKey: string, options: LiteClientOptions) {
  const base = new URL(supabaseUrl.replace(/\/?$/, '/'))
  const storageUrl = new URL('storage/v1', base)
  const realtimeUrl = new URL('realtime/v1', base)
  realtimeUrl.protocol = realtimeUrl.protocol.replace('http', 'ws')
  const auth = new AnonymousAuth({ url: new URL('auth/v1', base).href, key: supabaseKey, storage: options.storage, storageKey: options.storageKey, fetch: options.fetch })
  const token = async () => (await auth.getSession()).data.session?.access_token ?? null

  const authedFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers)
    if (!headers.has('apikey')) headers.set('apikey', supabaseKey)
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${(await token()) ?? supabaseKey}`)
    return (options.fetch ?? fetch)(input, { ...init, headers })
  }

  const rest = new PostgrestClient(new URL('rest/v1', base).href, { fetch: authedFetch })
  const realtime = new RealtimeClient(realtimeUrl.href, {
    params: { apikey: supabaseKey },
    accessToken: async () => (await token()) ?? supabaseKey
  })
  auth.onAuthStateChange((event, session) => {
    if (event === 'SIGNED_OUT') void realtime.setAuth()
    else if (session) void realtime.setAuth(session.access_token)
  })

  let storageClient: Promise<StorageClient> | undefined
  const loadStorage = () =>
    (storageClient ||= import('@supabase/storage-js').then(({ StorageClient }) => new StorageClient(storageUrl.href, {}, authedFetch)))
  const bucket = (id: string) => {
    const later =
      <K extends keyof StorageBucket>(method: K) =>
      async (...args: Parameters<StorageBucket[K] & ((...a: never[]) => unknown)>) =>
        ((await loadStorage()).from(id)[method] as (...a: unknown[]) => unknown)(...args)
    return { upload: later('upload'), createSignedUrl: later('createSignedUrl'), download: later('download'), remove: later('remove') }
  }

  return {
    supabaseUrl,
    supabaseKey,
    storageUrl,
    realtimeUrl,
    auth,
    realtime,
    rest,
    storage: { from: bucket },
    from: rest.from.bind(rest),
    rpc: rest.rpc.bind(rest),
    schema: rest.schema.bind(rest),
    channel: realtime.channel.bind(realtime),
    getChannels: realtime.getChannels.bind(realtime),
    removeChannel: realtime.removeChannel.bind(realtime),
    removeAllChannels: realtime.removeAllChannels.bind(realtime)
  }
}

export type LiteClient = ReturnType<typeof createLiteClient>
