import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import type { AuthConfig } from '../src/auth/config.ts'
import type { RealtimeLimits } from '../src/realtime/limits.ts'
import { type RunningServer, startServer } from '../src/stack.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'

export interface TestStack extends RunningServer {
  db: TestDatabase
  stateDir: string
  /** An unmodified supabase-js client; anon key unless told otherwise. */
  client(key?: string): SupabaseClient
}

/**
 * The whole local API over a private database, on a free port. Auth's per-IP rate limits and
 * Realtime's per-project limits are off unless `auth` / `realtimeLimits` turn them on: every
 * test signs in from 127.0.0.1, and suites join and broadcast faster than a Free plan allows.
 */
export async function startTestStack(
  options: { seed?: boolean; supabaseDir?: string; auth?: Partial<AuthConfig>; realtimeLimits?: Partial<RealtimeLimits> } = {}
): Promise<TestStack> {
  const db = await createTestDatabase({ seed: options.seed })
  const stateDir = await mkdtemp(join(tmpdir(), 'parley-state-'))
  const server = await startServer({
    databaseUrl: db.url,
    port: 0,
    supabaseDir: options.supabaseDir ?? resolve(import.meta.dirname, '../../../supabase'),
    stateDir,
    auth: { rateLimits: false, ...options.auth },
    realtime: { limits: options.realtimeLimits ?? false }
  })
  const clients: SupabaseClient[] = []
  return {
    ...server,
    db,
    stateDir,
    client(key = server.anonKey) {
      const client = createClient(server.url, key, { auth: { persistSession: false, autoRefreshToken: false } })
      clients.push(client)
      return client
    },
    async stop() {
      for (const client of clients) await client.removeAllChannels()
      await server.stop()
      await db.drop()
      await rm(stateDir, { recursive: true, force: true })
    }
  }
}
