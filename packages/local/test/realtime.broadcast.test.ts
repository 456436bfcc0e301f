import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { Inbox, joined, subscribe } from './realtime.helpers.ts'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack
const clients: SupabaseClient[] = []
const client = () => {
  const created = createClient(stack.url, stack.anonKey, { auth: { persistSession: false, autoRefreshToken: false } })
  clients.push(created)
  return created
}

beforeAll(async () => {
  stack = await startTestStack()
})
afterAll(async () => {
  await Promise.all(clients.map((created) => created.removeAllChannels()))
  await stack.stop()
})

describe('broadcast between clients', () => {
  it('delivers to the other client, and to the sender only with self', async () => {
    const alice = client()
    const bob = client()
    const aliceInbox = new Inbox<unknown>()
    const bobInbox = new Inbox<unknown>()
    const a = await joined(
      alice.channel('room-1', { config: { broadcast: { self: true } } }).on('broadcast', { event: 'hello' }, aliceInbox.push)
    )
    await joined(bob.channel('room-1').on('broadcast', { event: 'hello' }, bobInbox.push))

    expect(await a.send({ type: 'broadcast', event: 'hello', payload: { text: 'hi', n: 1 } })).toBe('ok')
    const [received] = await bobInbox.waitFor(1)
    expect(received).toEqual({ type: 'broadcast', event: 'hello', payload: { text: 'hi', n: 1 } })
    expect(await aliceInbox.waitFor(1)).toEqual([{ type: 'broadcast', event: 'hello', payload: { text: 'hi', n: 1 } }])
  })

  it('does not echo to the sender without self, and acknowledges with ack', async () => {
    const alice = client()
    const bob = client()
    const aliceInbox = new Inbox<unknown>()
    const bobInbox = new Inbox<unknown>()
    const a = await joined(
      alice.channel('room-2', { config: { broadcast: { ack: true } } }).on('broadcast', { event: '*' }, aliceInbox.push)
    )
    await joined(bob.channel('room-2').on('broadcast', { event: '*' }, bobInbox.push))

    expect(await a.send({ type: 'broadcast', event: 'first', payload: { n: 1 } })).toBe('ok')
    expect(await a.send({ type: 'broadcast', event: 'second', payload: { n: 2 } })).toBe('ok')
    const received = await bobInbox.waitFor(2)
    expect(received.map((message) => (message as { event: string }).event)).toEqual(['first', 'second'])
    expect(aliceInbox.items).toEqual([])
  })

  it('keeps topics apart and carries binary payloads', async () => {
    const alice = client()
    const bob = client()
    const elsewhere = new Inbox<unknown>()
    const inbox = new Inbox<{ payload: ArrayBuffer }>()
    await joined(bob.channel('room-4').on('broadcast', { event: '*' }, elsewhere.push))
    await joined(bob.channel('room-3').on('broadcast', { event: 'bytes' }, inbox.push as (message: unknown) => void))
    const a = await joined(alice.channel('room-3'))

    await a.send({ type: 'broadcast', event: 'bytes', payload: new Uint8Array([1, 2, 3]).buffer })
    const [message] = await inbox.waitFor(1)
    expect([...new Uint8Array(message!.payload)]).toEqual([1, 2, 3])
    expect(elsewhere.items).toEqual([])
  })

  it('accepts REST broadcasts (httpSend and the batch endpoint)', async () => {
    const listener = client()
    const inbox = new Inbox<{ event: string; payload: unknown }>()
    await joined(listener.channel('room-rest').on('broadcast', { event: '*' }, inbox.push as (message: unknown) => void))

    const sender = client().channel('room-rest')
    expect(await sender.httpSend('via-http', { n: 1 })).toEqual({ success: true })
    const response = await fetch(`${stack.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ topic: 'room-rest', event: 'batch', payload: { n: 2 } }] })
    })
    expect(response.status).toBe(202)
    const received = await inbox.waitFor(2)
    expect(received.map(({ event, payload }) => ({ event, payload }))).toEqual([
      { event: 'via-http', payload: { n: 1 } },
      { event: 'batch', payload: { n: 2 } }
    ])
  })

  it('refuses a malformed REST broadcast with 422', async () => {
    const response = await fetch(`${stack.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ topic: 'room', payload: {} }] })
    })
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ message: "messages[0].event can't be blank" })
  })
})

describe('presence', () => {
  it('syncs track and untrack between clients, keyed by presence.key', async () => {
    const alice = client()
    const bob = client()
    const a = alice.channel('lobby', { config: { presence: { key: 'alice' } } })
    const b = bob.channel('lobby', { config: { presence: { key: 'bob' } } })
    const joins = new Inbox<{ key: string }>()
    const leaves = new Inbox<{ key: string }>()
    b.on('presence', { event: 'join' }, joins.push).on('presence', { event: 'leave' }, leaves.push)
    a.on('presence', { event: 'sync' }, () => undefined)
    await joined(a)
    await joined(b)

    expect(await a.track({ status: 'online' })).toBe('ok')
    await joins.waitFor(1)
    expect(joins.items[0]!.key).toBe('alice')
    expect(b.presenceState()).toMatchObject({ alice: [{ status: 'online' }] })
    expect(b.presenceState().alice![0]!.presence_ref).toEqual(expect.any(String))

    expect(await b.track({ status: 'away' })).toBe('ok')
    await expect.poll(() => a.presenceState()).toMatchObject({ alice: [{ status: 'online' }], bob: [{ status: 'away' }] })

    expect(await a.untrack()).toBe('ok')
    await leaves.waitFor(1)
    expect(leaves.items[0]!.key).toBe('alice')
    expect(Object.keys(b.presenceState())).toEqual(['bob'])
  })

  it('sends the current presence_state to a late joiner and a leave when a client goes away', async () => {
    const alice = client()
    const a = alice.channel('lobby-2', { config: { presence: { key: 'alice' } } })
    await joined(a)
    await a.track({ at: 1 })

    const bob = client()
    const b = bob.channel('lobby-2', { config: { presence: { key: 'bob' } } })
    const syncs = new Inbox<void>()
    const leaves = new Inbox<{ key: string }>()
    b.on('presence', { event: 'sync' }, () => syncs.push()).on('presence', { event: 'leave' }, leaves.push)
    await joined(b)
    await syncs.waitFor(1)
    expect(b.presenceState()).toMatchObject({ alice: [{ at: 1 }] })

    await alice.removeAllChannels()
    await leaves.waitFor(1)
    expect(b.presenceState()).toEqual({})
  })
})

describe('protocol', () => {
  it('refuses a join without a topic name', async () => {
    const outcome = await subscribe(client().channel(''))
    expect(outcome.status).toBe('CHANNEL_ERROR')
    expect(outcome.status !== 'SUBSCRIBED' && outcome.error?.message).toBe('TopicNameRequired: You must provide a topic name')
  })

  it('answers heartbeats', async () => {
    const beats = new Inbox<string>()
    const supabase = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      // realtime-js calls a heartbeat unanswered by the next one a timeout: leave the server
      // time to answer on a loaded machine.
      realtime: { heartbeatIntervalMs: 2000, heartbeatCallback: (status) => beats.push(status) }
    })
    clients.push(supabase)
    await joined(supabase.channel('room-heartbeat'))
    await expect.poll(() => beats.items.filter((status) => status === 'ok').length).toBeGreaterThanOrEqual(2)
    expect(beats.items).not.toContain('timeout')
  })

  it('speaks vsn 1.0.0 (JSON objects) as well', async () => {
    const legacy = createClient(stack.url, stack.anonKey, { auth: { persistSession: false }, realtime: { vsn: '1.0.0' } })
    clients.push(legacy)
    const inbox = new Inbox<{ payload: unknown }>()
    await joined(legacy.channel('room-v1').on('broadcast', { event: 'e' }, inbox.push as (m: unknown) => void))
    const sender = await joined(client().channel('room-v1'))
    await sender.send({ type: 'broadcast', event: 'e', payload: { v: 1 } })
    expect(await inbox.waitFor(1)).toMatchObject([{ payload: { v: 1 } }])
  })

  it('answers phx_leave so unsubscribe resolves ok', async () => {
    const channel = await joined(client().channel('room-leave'))
    expect(await channel.unsubscribe()).toBe('ok')
  })
})

describe('slow clients', () => {
  it('drops a client that stops reading instead of letting it stall the others', async () => {
    const url = `${stack.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${stack.anonKey}&vsn=2.0.0`
    const stalled = new WebSocket(url)
    await new Promise((resolve) => stalled.once('open', resolve))
    const joinedReply = new Promise((resolve) => stalled.once('message', resolve))
    stalled.send(JSON.stringify(['1', '1', 'realtime:firehose', 'phx_join', { config: {} }]))
    await joinedReply
    const closed = new Promise<number>((resolve) => stalled.once('close', resolve))
    ;(stalled as unknown as { _socket: { pause(): void } })._socket.pause()

    const inbox = new Inbox<unknown>()
    await joined(client().channel('firehose').on('broadcast', { event: 'chunk' }, inbox.push))
    const sender = await joined(client().channel('firehose'))
    const chunk = { data: 'x'.repeat(512 * 1024) }
    const count = 60
    for (let i = 0; i < count; i++) await sender.send({ type: 'broadcast', event: 'chunk', payload: chunk })
    // 30 MB through the server: generous on a loaded 2-core machine, where this is the slowest test.
    await inbox.waitFor(count, 75_000)

    ;(stalled as unknown as { _socket: { resume(): void } })._socket.resume()
    expect(await closed).toBe(1006)
  }, 90_000)
})
