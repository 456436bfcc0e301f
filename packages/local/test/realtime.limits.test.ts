import type { SupabaseClient } from '@supabase/supabase-js'
import { afterEach, describe, expect, it } from 'vitest'
import { FREE_PLAN_LIMITS, PerSecond, RealtimeConfigError, realtimeLimits } from '../src/realtime/limits.ts'
import { clientFor, createUser, Inbox, joined, subscribe } from './realtime.helpers.ts'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack | undefined
const clients: SupabaseClient[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.removeAllChannels()))
  await stack?.stop()
  stack = undefined
})

async function client(current: TestStack): Promise<SupabaseClient> {
  const user = await createUser(current.db.pool)
  const created = await clientFor(current.url, current.anonKey, () => user.token)
  clients.push(created)
  return created
}

/** Retries within fresh one-second windows so a window edge mid-test cannot make it flaky. */
async function inOneSecond<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (let tries = 0; tries < 5; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5))
    const result = await attempt()
    if (result !== undefined) return result
  }
  throw new Error('never fitted in one second')
}

describe('configuration', () => {
  it("defaults to Supabase's Free plan, reads PARLEY_REALTIME_* and turns off with PARLEY_RATE_LIMITS=off or false", () => {
    expect(realtimeLimits(undefined, {})).toEqual(FREE_PLAN_LIMITS)
    expect(realtimeLimits(undefined, { PARLEY_REALTIME_JOINS_PER_SECOND: '500' })).toMatchObject({ joinsPerSecond: 500 })
    expect(realtimeLimits({ connections: 3 }, { PARLEY_REALTIME_MAX_CONNECTIONS: '9' })).toMatchObject({ connections: 3 })
    expect(realtimeLimits(undefined, { PARLEY_RATE_LIMITS: 'off' })).toBeUndefined()
    expect(realtimeLimits(false, {})).toBeUndefined()
    expect(() => realtimeLimits(undefined, { PARLEY_REALTIME_MESSAGES_PER_SECOND: 'lots' })).toThrow(RealtimeConfigError)
  })

  it('counts in one-second windows', () => {
    const meter = new PerSecond(2)
    expect([meter.take(1000), meter.take(1500), meter.take(1999), meter.take(2000)]).toEqual([true, true, false, true])
    expect([meter.add(1, 3000), meter.add(2, 3100), meter.exceeded(3200), meter.exceeded(4000)]).toEqual([true, false, true, false])
  })
})

describe('limits as Supabase enforces them', () => {
  it('refuses a socket beyond the project connection limit: ConnectionRateLimitReached', async () => {
    const current = (stack = await startTestStack({ realtimeLimits: { connections: 2 } }))
    await joined((await client(current)).channel('c1'))
    await joined((await client(current)).channel('c2'))
    const third = await client(current)
    const outcome = await subscribe(third.channel('c3'))
    expect(outcome.status !== 'SUBSCRIBED' && outcome.error?.message).toBe('ConnectionRateLimitReached: Too many connected users')
    // A socket already counted may join more channels.
    await joined(clients[0]!.channel('c1-more'))
  })

  it('refuses joins over the per-second rate with ClientJoinRateLimitReached and disconnects the socket', async () => {
    const current = (stack = await startTestStack({ realtimeLimits: { joinsPerSecond: 3 } }))
    const supabase = await client(current)
    const messages = await inOneSecond(async () => {
      const results = await Promise.all([0, 1, 2, 3].map((i) => subscribe(supabase.channel(`j-${Date.now()}-${i}`))))
      const reasons = results.map((result) => (result.status === 'SUBSCRIBED' ? 'SUBSCRIBED' : (result.error?.message ?? result.status)))
      return reasons.includes('ClientJoinRateLimitReached: Too many joins per second') ? reasons : undefined
    })
    // As on Supabase the refusal closes the whole socket, so joins still in flight on it fail too.
    expect(messages.filter((message) => message === 'ClientJoinRateLimitReached: Too many joins per second')).toHaveLength(1)
    expect(messages.filter((message) => message.startsWith('socket closed')).length).toBeGreaterThan(0)
  })

  it('shuts down a channel sending while the project is over its messages per second: Too many messages per second', async () => {
    const current = (stack = await startTestStack({ realtimeLimits: { messagesPerSecond: 5 } }))
    const supabase = await client(current)
    const system = new Inbox<{ extension: string; status: string; message: string }>()
    const channel = supabase.channel('chatty').on('system', {}, system.push as (p: unknown) => void)
    await joined(channel)
    for (let i = 0; i < 20; i++) await channel.send({ type: 'broadcast', event: 'tick', payload: { i } })
    expect((await system.waitFor(1, 10_000))[0]).toMatchObject({
      extension: 'system',
      status: 'error',
      message: 'Too many messages per second'
    })
  })

  it('shuts down a channel tracking presence faster than the project allows', async () => {
    const current = (stack = await startTestStack({ realtimeLimits: { presencePerSecond: 2 } }))
    const supabase = await client(current)
    const system = new Inbox<{ status: string; message: string }>()
    const channel = supabase.channel('present').on('system', {}, system.push as (p: unknown) => void)
    await joined(channel)
    for (let i = 0; i < 8; i++) void channel.track({ i })
    expect((await system.waitFor(1, 10_000))[0]).toMatchObject({ status: 'error', message: 'Too many presence messages per second' })
  })
})
