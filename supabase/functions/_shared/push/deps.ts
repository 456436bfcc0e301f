import { createClient } from '@supabase/supabase-js'
import type { Env } from './env.ts'
import { PushConfigError } from './errors.ts'
import { type Rpc, rpcOf } from './rpc.ts'
import { sendersFromEnv } from './senders/index.ts'
import type { FetchLike, Senders } from './types.ts'
import { createVault, type Vault } from './vault.ts'

/** What the push functions need; built from secrets on Supabase, injected in tests. */
export interface PushDeps {
  /** SQL functions called with the caller's own JWT (PostgREST verifies it; RLS applies). */
  callerRpc(token: string): Rpc
  /** SQL functions called as service_role. */
  serviceRpc: Rpc
  vault: Vault
  senders(): Senders
  /** The service-role key, which authorizes push-dispatch. */
  serviceRoleKey: string
  /** Optional second credential for push-dispatch (x-parley-dispatch-secret), for cron jobs. */
  dispatchSecret?: string
  allowPrivateEndpoints: boolean
  /** Push services beyond the browsers' own (PARLEY_PUSH_ENDPOINT_HOSTS, comma-separated). */
  endpointHosts?: string[]
}

function required(env: Env, name: string): string {
  const value = env(name)
  if (!value) throw new PushConfigError(name)
  return value
}

/**
 * SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY are injected by Supabase
 * (and by the local stack); PARLEY_PUSH_ENCRYPTION_KEY and VAPID_* are project secrets.
 */
export async function depsFromEnv(env: Env, fetch?: FetchLike): Promise<PushDeps> {
  const url = required(env, 'SUPABASE_URL')
  const anonKey = required(env, 'SUPABASE_ANON_KEY')
  const serviceRoleKey = required(env, 'SUPABASE_SERVICE_ROLE_KEY')
  const vault = await createVault(env('PARLEY_PUSH_ENCRYPTION_KEY'))
  const options = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } }
  const service = createClient(url, serviceRoleKey, options)
  let senders: Senders | undefined
  return {
    callerRpc(token) {
      const caller = createClient(url, anonKey, { ...options, global: { headers: { Authorization: `Bearer ${token}` } } })
      return rpcOf(caller)
    },
    serviceRpc: rpcOf(service),
    vault,
    senders() {
      senders ??= sendersFromEnv(env, fetch)
      return senders
    },
    serviceRoleKey,
    dispatchSecret: env('PARLEY_DISPATCH_SECRET') || undefined,
    allowPrivateEndpoints: env('PARLEY_PUSH_ALLOW_PRIVATE_ENDPOINTS') === 'true',
    endpointHosts: (env('PARLEY_PUSH_ENDPOINT_HOSTS') ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean)
  }
}

/** Builds deps once per isolate, on first request, so a missing secret is a clear 500, not a boot crash. */
export function lazyDeps<T = PushDeps>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined
      throw error
    })
    return pending
  }
}
