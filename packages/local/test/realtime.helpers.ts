import { randomUUID } from 'node:crypto'
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import { Jwt } from '../src/http/keys.ts'

export interface RealtimeUser {
  id: string
  token: string
}

/** A row in auth.users and a JWT for it, without going through the Auth service. */
export async function createUser(pool: { query(sql: string, values: unknown[]): Promise<unknown> }, expiresIn = 3600): Promise<RealtimeUser> {
  const id = randomUUID()
  await pool.query(
    `insert into auth.users (id, aud, role, email, created_at, updated_at) values ($1, 'authenticated', 'authenticated', $2, now(), now())`,
    [id, `${id}@example.test`]
  )
  return { id, token: await tokenFor(id, expiresIn) }
}

export function tokenFor(id: string, expiresIn = 3600): Promise<string> {
  return new Jwt().sign({ sub: id, role: 'authenticated', aud: 'authenticated', is_anonymous: false }, expiresIn)
}

/**
 * An unmodified supabase-js client whose Realtime connection presents `token()`: the
 * accessToken option is how supabase-js keeps a custom JWT across joins and heartbeats.
 * supabase-js applies that token asynchronously while a join's payload is fixed when
 * subscribe() is called, so the token is applied before any channel is created.
 */
export async function clientFor(url: string, anonKey: string, token?: () => string): Promise<SupabaseClient> {
  const client = createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    ...(token ? { accessToken: async () => token() } : {})
  })
  if (token) await client.realtime.setAuth()
  return client
}

export type SubscribeOutcome = { status: 'SUBSCRIBED' } | { status: 'CHANNEL_ERROR' | 'TIMED_OUT' | 'CLOSED'; error?: Error }

/** subscribe() as a promise of its first outcome. */
export function subscribe(channel: RealtimeChannel): Promise<SubscribeOutcome> {
  return new Promise((resolve) => {
    channel.subscribe((status, error) => resolve(status === 'SUBSCRIBED' ? { status } : { status, error }))
  })
}

export async function joined(channel: RealtimeChannel): Promise<RealtimeChannel> {
  const outcome = await subscribe(channel)
  if (outcome.status !== 'SUBSCRIBED') throw new Error(`${channel.topic}: ${outcome.status} ${outcome.error?.message ?? ''}`)
  return channel
}

/** Collects what a listener receives and lets a test wait for the n-th item. */
export class Inbox<T> {
  readonly items: T[] = []
  #waiters: { count: number; resolve: () => void }[] = []

  readonly push = (item: T): void => {
    this.items.push(item)
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.items.length < waiter.count) return true
      waiter.resolve()
      return false
    })
  }

  async waitFor(count: number, timeoutMs = 5000): Promise<T[]> {
    if (this.items.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited for ${count} items, got ${this.items.length}`)), timeoutMs)
        this.#waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) })
      })
    }
    return this.items
  }
}

/** Proves a negative the only way a test can: something that must arrive after it, did. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
