import { randomUUID } from 'node:crypto'
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import { Jwt } from '../src/http/keys.ts'
import { WAIT } from './wait.ts'

export interface RealtimeUser {
  id: string
  token: string
}

/** A row in auth.users and a JWT for it, without going through the Auth service. */
export async function createUser(
  pool: { query(sql: string, values: unknown[]): Promise<unknown> },
  expiresIn = 3600
): Promise<RealtimeUser> {
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

/**
 * Collects what a listener receives and lets a test wait for the n-th item, or for a marker.
 * A test proves that something never arrives by sending a marker after it through the same
 * path, waiting for the marker, and looking at what came before (`until`).
 */
export class Inbox<T> {
  readonly items: T[] = []
  #waiters: { ready: () => boolean; resolve: () => void }[] = []

  readonly push = (item: T): void => {
    this.items.push(item)
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.ready()) return true
      waiter.resolve()
      return false
    })
  }

  async waitFor(count: number, timeoutMs: number = WAIT.timeout): Promise<T[]> {
    await this.#wait(() => this.items.length >= count, `${count} items`, timeoutMs)
    return this.items
  }

  /** Waits for the first item `isMarker` accepts and returns the items that came before it. */
  async until(isMarker: (item: T) => boolean, timeoutMs: number = WAIT.timeout): Promise<T[]> {
    await this.#wait(() => this.items.some(isMarker), 'the marker', timeoutMs)
    return this.items.slice(0, this.items.findIndex(isMarker))
  }

  async #wait(ready: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (ready()) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited for ${what}, got ${this.items.length} items`)), timeoutMs)
      this.#waiters.push({ ready, resolve: () => (clearTimeout(timer), resolve()) })
    })
  }
}
