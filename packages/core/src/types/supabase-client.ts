import type { SupabaseClient } from '@supabase/supabase-js'
import type { ChannelStatus } from './api.ts'
import type { ClientDatabase } from './client-database.ts'

type Full = SupabaseClient<ClientDatabase>
type Bucket = ReturnType<Full['storage']['from']>

/**
 * A private broadcast channel, as Parley uses one: supabase-js's `RealtimeChannel` is one.
 * @example `const channel: ParleyChannel = supabase.channel('staff:<org>', { config: { private: true, broadcast: { self: false, ack: false } } })`
 */
export interface ParleyChannel {
  on(type: 'broadcast', filter: { event: string }, callback: (message: { event?: string; payload?: unknown }) => void): unknown
  subscribe(callback: (status: `${ChannelStatus}`, error?: Error) => void): unknown
}

/**
 * The part of a Supabase client Parley uses. supabase-js's `SupabaseClient` is one; a client
 * assembled from Supabase's sub-clients (PostgREST, Realtime, Storage, Functions) can be one
 * too, and may leave out staff sign-in (`signInWithPassword`) and Functions (push calls) if
 * it never needs them: those calls then fail with `INVALID_INPUT`.
 * @example
 * ```ts
 * const supabase: ParleySupabaseClient = createClient(url, anonKey)
 * const parley = createParleyCustomer({ supabase })
 * ```
 */
export interface ParleySupabaseClient {
  from: Full['from']
  rpc: Full['rpc']
  auth: {
    getSession(): Promise<{ data: { session: { access_token: string; user: { id: string; is_anonymous?: boolean } } | null } }>
    onAuthStateChange(callback: (event: string) => void): unknown
    signInAnonymously(): Promise<{ error: { message: string; status?: number } | null }>
    signInWithPassword?(credentials: { email: string; password: string }): Promise<{ error: { message: string; status?: number } | null }>
    signOut(options?: { scope?: 'local' }): Promise<{ error: unknown }>
  }
  realtime: { setAuth(token?: string | null): Promise<void> }
  channel(name: string, options: { config: { private: boolean; broadcast: { self: boolean; ack: boolean } } }): ParleyChannel
  removeChannel(channel: ParleyChannel): Promise<unknown>
  storage: { from(bucket: string): Pick<Bucket, 'upload' | 'createSignedUrl'> }
  functions?: Pick<Full['functions'], 'invoke'>
}
