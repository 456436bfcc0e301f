import { PostgrestClient } from '@supabase/postgrest-js'
import type { RealtimeChannel, RealtimeClient } from '@supabase/realtime-js'
import type { StorageClient } from '@supabase/storage-js'
import { chunk } from '../connect/chunk.ts'
import { AnonymousAuth } from './anonymous-auth.ts'
import { lazyFunctions } from './lite-functions.ts'

/** `channel()` was called before `realtime.setAuth()` had loaded Realtime. */
export class LiteClientError extends Error {
  readonly code = 'REALTIME_NOT_LOADED'
  constructor() {
    super('Realtime loads on the first realtime.setAuth(); await it before channel()')
    this.name = 'LiteClientError'
  }
}

export interface LiteClientOptions {
  /** Where the visitor's session is kept (key `storageKey`); null keeps it in memory. */
  storage?: Storage | null
  storageKey: string
  fetch?: typeof fetch
}

type StorageBucket = ReturnType<StorageClient['from']>

/**
 * A SupabaseClient-shaped object built from Supabase's own sub-clients (PostgREST,
 * Realtime, Storage, Functions) and an anonymous-only auth, wired the way supabase-js wires
 * them: every request carries the apikey and the visitor's JWT, Realtime follows token
 * changes. Realtime, Storage and Functions are fetched when first needed: a visitor filling
 * in the pre-chat form needs none of them. Realtime loads on the first `realtime.setAuth()`, which core awaits
 * before it joins a channel; `channel()` before that throws LiteClientError. Core takes it
 * as `createParleyCustomer({ supabase })`.
 */
export function createLiteClient(supabaseUrl: string, supabaseKey: string, options: LiteClientOptions) {
  const base = new URL(supabaseUrl.replace(/\/?$/, '/'))
  const storageUrl = new URL('storage/v1', base)
  const realtimeUrl = new URL('realtime/v1', base)
  realtimeUrl.protocol = realtimeUrl.protocol.replace('http', 'ws')
  const auth = new AnonymousAuth({
    url: new URL('auth/v1', base).href,
    key: supabaseKey,
    storage: options.storage,
    storageKey: options.storageKey,
    fetch: options.fetch
  })
  const token = async () => (await auth.getSession()).data.session?.access_token ?? null

  const withAuth =
    (keyAsBearer: boolean): typeof fetch =>
    async (input, init) => {
      const headers = new Headers(init?.headers)
      if (!headers.has('apikey')) headers.set('apikey', supabaseKey)
      const bearer = (await token()) ?? (keyAsBearer ? supabaseKey : null)
      if (!headers.has('authorization') && bearer) headers.set('authorization', `Bearer ${bearer}`)
      return (options.fetch ?? fetch)(input, { ...init, headers })
    }
  const authedFetch = withAuth(true)
  // As supabase-js: Edge Functions never get a new-format key (sb_publishable_…) as the Bearer.
  const functions = lazyFunctions(new URL('functions/v1', base).href, withAuth(!/^sb_(publishable|secret)_/.test(supabaseKey)))

  const rest = new PostgrestClient(new URL('rest/v1', base).href, { fetch: authedFetch })
  let realtimeClient: RealtimeClient | undefined
  const loadRealtime = chunk(() =>
    import('@supabase/realtime-js').then(
      ({ RealtimeClient }) =>
        (realtimeClient ||= new RealtimeClient(realtimeUrl.href, {
          params: { apikey: supabaseKey },
          accessToken: async () => (await token()) ?? supabaseKey
        }))
    )
  )
  const realtime = {
    async setAuth(accessToken?: string | null): Promise<void> {
      await (await loadRealtime()).setAuth(accessToken)
    }
  }
  auth.onAuthStateChange((event, session) => {
    if (event === 'SIGNED_OUT') void realtimeClient?.setAuth()
    // A signed-in visitor is about to join their conversation: fetch Realtime now rather than
    // on the join. A failure here is left to the join, which reports and retries it.
    else if (session)
      loadRealtime().then(
        (client) => client.setAuth(session.access_token),
        () => undefined
      )
  })

  const loadStorage = chunk(() =>
    import('@supabase/storage-js').then(({ StorageClient }): StorageClient => new StorageClient(storageUrl.href, {}, authedFetch))
  )
  // Each method forwards to storage-js's own once it is loaded, with its own types.
  const bucket = (id: string) => ({
    upload: async (...args: Parameters<StorageBucket['upload']>) => (await loadStorage()).from(id).upload(...args),
    createSignedUrl: async (...args: Parameters<StorageBucket['createSignedUrl']>) =>
      (await loadStorage()).from(id).createSignedUrl(...args),
    download: async (...args: Parameters<StorageBucket['download']>) => (await loadStorage()).from(id).download(...args),
    remove: async (...args: Parameters<StorageBucket['remove']>) => (await loadStorage()).from(id).remove(...args)
  })

  return {
    supabaseUrl,
    supabaseKey,
    storageUrl,
    realtimeUrl,
    auth,
    realtime,
    rest,
    storage: { from: bucket },
    functions,
    from: rest.from.bind(rest),
    rpc: rest.rpc.bind(rest),
    schema: rest.schema.bind(rest),
    channel(...args: Parameters<RealtimeClient['channel']>): RealtimeChannel {
      if (!realtimeClient) throw new LiteClientError()
      return realtimeClient.channel(...args)
    },
    getChannels: (): RealtimeChannel[] => realtimeClient?.getChannels() ?? [],
    removeChannel: async (channel: RealtimeChannel) => (realtimeClient ? realtimeClient.removeChannel(channel) : 'ok'),
    removeAllChannels: async () => (realtimeClient ? realtimeClient.removeAllChannels() : [])
  }
}

export type LiteClient = ReturnType<typeof createLiteClient>
