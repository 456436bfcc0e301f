import type { SupabaseClient } from '@supabase/supabase-js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ParleyError } from '../errors/parley-error.ts'
import { createTopicHub } from './topics.ts'

type StatusCallback = (status: string, error?: Error) => void

/** Stands in for realtime-js at the edge of the hub, so status sequences can be driven. */
function fakeClient() {
  const channels: Array<{
    topic: string
    broadcast?: (message: { event: string; payload: unknown }) => void
    status?: StatusCallback
    removed: boolean
  }> = []
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

/** Topics that never move. */
const same = async (topic: string) => topic

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('topic hub', () => {
  it('shares one channel per topic, fans events out, and leaves with the last listener', async () => {
    const { client, channels } = fakeClient()
    let changes = 0
    const hub = createTopicHub(() => client, { retryMinMs: 100, retryMaxMs: 1000, onChange: () => changes++, resolve: same })
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
    const hub = createTopicHub(() => client, { retryMinMs: 100, retryMaxMs: 1000, onChange: () => undefined, resolve: same })
    const statuses: string[] = []
    const codes: string[] = []
    hub.listen('staff:org', { event: () => undefined, status: (status, error) => (statuses.push(status), error && codes.push(error.code)) })
    await vi.advanceTimersByTimeAsync(0)
    channels[0]?.status?.('SUBSCRIBED')
    channels[0]?.status?.(
      'CHANNEL_ERROR',
      new Error('Unauthorized: You do not have permissions to read from this Channel topic: staff:org')
    )
    channels[0]?.status?.('TIMED_OUT')
    channels[0]?.status?.('SUBSCRIBED')
    expect(statuses).toEqual(['SUBSCRIBED', 'CHANNEL_ERROR', 'TIMED_OUT', 'SUBSCRIBED'])
    expect(codes).toEqual(['NOT_AUTHORIZED', 'NETWORK'])
    expect(hub.statuses()).toEqual(['SUBSCRIBED'])
  })

  it('rebuilds a channel the server closed, with backoff', async () => {
    const { client, channels } = fakeClient()
    const hub = createTopicHub(() => client, { retryMinMs: 100, retryMaxMs: 1000, onChange: () => undefined, resolve: same })
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
    const hub = createTopicHub(() => client, { retryMinMs: 100, retryMaxMs: 1000, onChange: () => undefined, resolve: same })
    hub.listen('claim:1', { event: () => undefined })
    await vi.advanceTimersByTimeAsync(0)
    channels[0]?.status?.('SUBSCRIBED')
    const late: string[] = []
    hub.listen('claim:1', { event: () => undefined, status: (status) => late.push(status) })
    await vi.advanceTimersByTimeAsync(0)
    expect(late).toEqual(['SUBSCRIBED'])
  })

  it('follows a topic that moved: on topic_changed it asks for the current name and joins it, hiding the event', async () => {
    const { client, channels } = fakeClient()
    const asked: string[] = []
    let current = 'conversation:1'
    const hub = createTopicHub(() => client, {
      retryMinMs: 100,
      retryMaxMs: 1000,
      onChange: () => undefined,
      resolve: async (topic) => (asked.push(topic), current)
    })
    const heard: string[] = []
    const statuses: string[] = []
    hub.listen('conversation:1', { event: (name) => heard.push(name), status: (status) => statuses.push(status) })
    await vi.advanceTimersByTimeAsync(0)
    // The first name needs no lookup.
    expect(asked).toEqual([])
    channels[0]?.status?.('SUBSCRIBED')
    current = 'conversation:1:1'
    channels[0]?.broadcast?.({ event: 'topic_changed', payload: {} })
    await vi.advanceTimersByTimeAsync(100)
    expect(asked).toEqual(['conversation:1'])
    expect(channels.map((channel) => [channel.topic, channel.removed])).toEqual([
      ['conversation:1', true],
      ['conversation:1:1', false]
    ])
    channels[1]?.status?.('SUBSCRIBED')
    channels[1]?.broadcast?.({ event: 'message', payload: {} })
    expect(heard).toEqual(['message'])
    // The second SUBSCRIBED is what makes listeners catch up on what they missed meanwhile.
    expect(statuses).toEqual(['SUBSCRIBED', 'SUBSCRIBED'])
  })

  it('asks for the current name when a join is refused, and reports a lookup refusal as the error', async () => {
    const { client, channels } = fakeClient()
    const answers: Array<() => string> = [() => 'claim:1:2']
    const hub = createTopicHub(() => client, {
      retryMinMs: 100,
      retryMaxMs: 1000,
      onChange: () => undefined,
      resolve: async () => {
        const answer = answers.shift()
        if (!answer) throw new ParleyError('NOT_FOUND', 'Topic not found')
        return answer()
      }
    })
    const errors: string[] = []
    hub.listen('claim:1', { event: () => undefined, status: (status, error) => error && errors.push(`${status} ${error.code}`) })
    await vi.advanceTimersByTimeAsync(0)
    channels[0]?.status?.('CHANNEL_ERROR', new Error('Unauthorized: You do not have permissions to read from this Channel topic: claim:1'))
    // The topic's own name refused: it may only have moved, so the name is asked at once and
    // the refusal is not news to anyone.
    await vi.advanceTimersByTimeAsync(0)
    expect(channels.map((channel) => channel.topic)).toEqual(['claim:1', 'claim:1:2'])
    expect(errors).toEqual([])
    expect(hub.statuses()).toEqual(['JOINING'])
    channels[1]?.status?.(
      'CHANNEL_ERROR',
      new Error('Unauthorized: You do not have permissions to read from this Channel topic: claim:1:2')
    )
    await vi.advanceTimersByTimeAsync(200)
    // Then the lookup keeps being refused, with backoff.
    expect(errors.slice(0, 2)).toEqual(['CHANNEL_ERROR NOT_AUTHORIZED', 'CHANNEL_ERROR NOT_FOUND'])
    expect(new Set(errors.slice(1))).toEqual(new Set(['CHANNEL_ERROR NOT_FOUND']))
    expect(channels).toHaveLength(2)
    expect(hub.statuses()).toEqual(['CHANNEL_ERROR'])
    await hub.close()
  })

  it('a network error is left to realtime-js: same channel, no lookup', async () => {
    const { client, channels } = fakeClient()
    let asked = 0
    const hub = createTopicHub(() => client, {
      retryMinMs: 100,
      retryMaxMs: 1000,
      onChange: () => undefined,
      resolve: async (topic) => (asked++, topic)
    })
    hub.listen('conversation:1', { event: () => undefined })
    await vi.advanceTimersByTimeAsync(0)
    channels[0]?.status?.('CHANNEL_ERROR', new Error('socket closed'))
    channels[0]?.status?.('TIMED_OUT')
    await vi.advanceTimersByTimeAsync(5000)
    expect(asked).toBe(0)
    expect(channels).toHaveLength(1)
  })
})
