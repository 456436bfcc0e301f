import { createClient } from '@supabase/supabase-js'
import type { Env } from '../push/env.ts'
import { PushConfigError } from '../push/errors.ts'
import { rpcOf } from '../push/rpc.ts'
import type { EmailDeps } from './handler.ts'
import { RESEND_API_URL, resendProvider } from './resend.ts'
import type { FetchLike } from './types.ts'

function required(env: Env, name: string): string {
  const value = env(name)
  if (!value) throw new PushConfigError(name)
  return value
}

/**
 * Supabase injects SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY; RESEND_API_KEY and EMAIL_FROM
 * are project secrets. RESEND_API_URL points the provider elsewhere (the local stack's
 * mailbox); PARLEY_STAFF_URL is the staff console that accepts invitations.
 */
export function emailDepsFromEnv(env: Env, fetch?: FetchLike): EmailDeps {
  const url = required(env, 'SUPABASE_URL').replace(/\/+$/, '')
  const serviceRoleKey = required(env, 'SUPABASE_SERVICE_ROLE_KEY')
  const options = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } }
  const number = (name: string): number | undefined => {
    const value = Number(env(name))
    return Number.isFinite(value) && value > 0 ? value : undefined
  }
  return {
    serviceRpc: rpcOf(createClient(url, serviceRoleKey, options)),
    serviceRoleKey,
    provider: resendProvider({ apiKey: required(env, 'RESEND_API_KEY'), baseUrl: env('RESEND_API_URL') || RESEND_API_URL, fetch }),
    from: required(env, 'EMAIL_FROM'),
    functionUrl: `${url}/functions/v1/send-email`,
    staffUrl: env('PARLEY_STAFF_URL') || undefined,
    webhookSecret: env('RESEND_WEBHOOK_SECRET') || undefined,
    batchSize: number('PARLEY_EMAIL_BATCH_SIZE'),
    maxAttempts: number('PARLEY_EMAIL_MAX_ATTEMPTS')
  }
}
