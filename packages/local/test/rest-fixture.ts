import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { Jwt } from '../src/http/keys.ts'
import { startTestStack, type TestStack } from './stack.ts'

export const ALICE = '0b6f8a7e-1111-4c3b-9a0e-000000000001'
export const BOB = '0b6f8a7e-2222-4c3b-9a0e-000000000002'

export interface RestFixture {
  stack: TestStack
  anon: SupabaseClient
  service: SupabaseClient
  alice: SupabaseClient
  bob: SupabaseClient
  /** A client whose requests carry `token` as the bearer. */
  as(token: string): SupabaseClient
  token(sub: string, extra?: Record<string, unknown>, expiresIn?: number): Promise<string>
  /** Raw fetch under /rest/v1 with the anon key, for refusals supabase-js cannot produce. */
  raw(path: string, init?: RequestInit): Promise<Response>
  /**
   * Sets PostgREST's in-database configuration for this database (`pgrst.<name>` of the
   * authenticator role; null resets it) and sends `reload config`. The reload is asynchronous:
   * poll for its effect.
   */
  configure(settings: Record<string, string | null>): Promise<void>
}

/** One stack over a private clone with the REST fixture tables, functions and RLS policies. */
export async function startRestFixture(): Promise<RestFixture> {
  const stack = await startTestStack()
  await stack.db.pool.query(await readFile(resolve(import.meta.dirname, 'fixtures/rest-schema.sql'), 'utf8'))
  const jwt = new Jwt(stack.jwtSecret)
  const options = { auth: { persistSession: false, autoRefreshToken: false } }
  const as = (token: string): SupabaseClient =>
    createClient(stack.url, stack.anonKey, { ...options, global: { headers: { Authorization: `Bearer ${token}` } } })
  const token = (sub: string, extra: Record<string, unknown> = {}, expiresIn = 3600): Promise<string> =>
    jwt.sign({ sub, role: 'authenticated', aud: 'authenticated', ...extra }, expiresIn)
  return {
    stack,
    anon: stack.client(),
    service: stack.client(stack.serviceRoleKey),
    alice: as(await token(ALICE)),
    bob: as(await token(BOB)),
    as,
    token,
    async configure(settings) {
      for (const [name, value] of Object.entries(settings)) {
        const { rows } = await stack.db.pool.query<{ sql: string }>(
          value === null
            ? `select format('alter role authenticator in database %I reset pgrst.%I', current_database(), $1::text) as sql`
            : `select format('alter role authenticator in database %I set pgrst.%I = %L', current_database(), $1::text, $2::text) as sql`,
          value === null ? [name] : [name, value]
        )
        await stack.db.pool.query((rows[0] as { sql: string }).sql)
      }
      await stack.db.pool.query(`notify pgrst, 'reload config'`)
    },
    raw: (path, init = {}) =>
      fetch(`${stack.url}/rest/v1${path}`, {
        ...init,
        headers: { apikey: stack.anonKey, ...(init.headers as Record<string, string> | undefined) }
      })
  }
}
