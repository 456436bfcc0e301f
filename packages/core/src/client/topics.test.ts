import type { SupabaseClient } from '@supabase/supabase-js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTopicHub } from './topics.ts'

type StatusCallback = (status: string, error?: Error) => void

/** Stands in for realtime-js at the edge of the hub, so status sequences can be driven. */
function fakeClient() {
  const channels: Array<{ topic: string; broadcast?: (message: { event: string; payload: unknown }) => void; status?: StatusCallback; removed: boolean }> = []
  const client = {
    realtime: { setAuth: async () => undefined },
    channel(topic: string) {
      const record = { topic, removed: false } as (typeof channels)[number]
      channels.push(record)
      const channel = {
        on(_type: string, _filter: unknown, callback: (message: { event: string; payload: unknown }) => void) {
          record.broadcast = callback
          return channel
        },
        subscribe(callback: StatusCallback) {
          record.status = callback
          return channel
        }
      }
      return channel
    },
    async removeChannel() {
      const live = channels.filter((channel) => !channel.removed)
      if (live[0]) live[0].removed = true
      return 'ok'
    }
  }
  return { client: client as unknown as SupabaseClient, channels }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('topic hub', () => {
  it('shares one channel per topic, fans events out, and leaves with the last listener', async () => {
    const { client, channels } = fakeClient()
    let changes = 0
    const hub = createTopicHub(() => client, { retryMinMs: 100, retryMaxMs: 1000, onChange: () => changes++ })
    const heardA: string[] = []
    const heardB: string[] = []
    const stopA = hub.listen('conversation:1', { event: (name) => heardA.push(name) })
    const stopB = hub.listen('conversation:1', { event: (name) => heardB.push(name) })
    await vi.advanceTimersByTimeAsync(0)
    expect(channels).toHaveLength(1)
    channels[0]?.broadcast?.({ event: 'message', payload: { id: 'm' } })
    expect(heardA).toEqual(['message'])
    expect(heardB).toEqual(['message'])
    stopA()
    expect(hub.statuses()).toHaveLength(1)
    stopB()
    expect(hub.statuses()).toHaveLength(0)
    expect(changes).toBeGreaterThan(0)
  })

  it('reports every SUBSCRIBED (first join and rejoins) and maps channel errors', async () => {
    const { client, channels } = fakeClient()
    const hub = createTopicHub(() => client, { retryMinMs: 100, retryMaxMs: 1000, onChange: () => undefined })
    const statuses: string[] = []
    const codes: string[] = []
    hub.listen('staff:org', { event: () => undefined, status: (status, error) => (statuses.push(status), error && codes.push(error.code)) })
    await vi.advanceTimersByTimeAsync(0)
    channels[0]?.status?.('SUBSCRIBED')
    channels[0]?.status?.('CHANNEL_ERROR', new Error('Unauthorized: You do not have permissions to read from this Channel topic: staff:org'))
    channels[0]?.status?.('TIMED_OUT')
    channels[0]?.status?.('SUBSCRIBED')
    expect(statuses).toEqual(['SUBSCRIBED', 'CHANNEL_ERROR', 'TIMED_OUT', 'SUBSCRIBED'])
    expect(codes).toEqual(['NOT_AUTHORIZED', 'NETWORK'])
    expect(hub.statuses()).toEqual(['SUBSCRIBED'])
  })

  it('rebuilds a channel the server closed, with backoff', async () => {
    const { client, channels } = fakeClient()
    const hub = createTopicHub(() => client, { retryMinMs: 100, retryMaxMs: 1000, onChange: () => undefined })
    hub.listen('user:1', { event: () => undefined })
    await vi.advanceTimersByTimeAsync(0)
    channels[0]?.status?.('CLOSED')
    expect(channels).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(channels).toHaveLength(2)
    expect(channels[0]?.removed).toBe(true)
    await hub.close()
    expect(hub.statuses()).toEqual([])
  })

  it('tells a late listener the topic is already joined', async () => {
    const { client, channels } = fakeClient()
    const hub = createTopicHub(() => client, { retryMinMs: 100, retryMaxMs: 1000, onChange: () => undefined })
    hub.listen('claim:1', { event: () => undefined })
    await vi.advanceTimersByTimeAsync(0)
    channels[0]?.status?.('SUBSCRIBED')
    const late: string[] = []
    hub.listen('claim:1', { event: () => undefined, status: (status) => late.push(status) })
    await vi.advanceTimersByTimeAsync(0)
    expect(late).toEqual(['SUBSCRIBED'])
  })
})
