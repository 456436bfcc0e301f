import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ParleyError } from '../errors/parley-error.ts'
import type { ChatMessage, KeyValueStorage, OutboxEntry } from '../types/api.ts'
import { createOutbox, type OutboxOptions } from './outbox.ts'

function entry(n: number): OutboxEntry {
  return {
    client_id: `c${n}`,
    conversation_id: 'conv',
    content: `m${n}`,
    message_type: 'text',
    attachments: [],
    is_internal: false,
    queued_at: `2026-11-24T07:00:0${n}Z`,
    attempts: 0
  }
}

function row(item: OutboxEntry): ChatMessage {
  return {
    id: `id-${item.client_id}`,
    client_id: item.client_id,
    conversation_id: item.conversation_id,
    content: item.content
  } as ChatMessage
}

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key)
  }
}

function options(overrides: Partial<OutboxOptions>): OutboxOptions {
  return {
    storage: null,
    send: async (item) => row(item),
    onDelivered: () => undefined,
    onFailed: () => undefined,
    retryMinMs: 100,
    retryMaxMs: 1000,
    ...overrides
  }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('outbox', () => {
  it('sends in queue order, one at a time, and resolves each send with its row', async () => {
    const order: string[] = []
    let inFlight = 0
    const outbox = createOutbox(
      options({
        async send(item) {
          inFlight++
          expect(inFlight).toBe(1)
          await Promise.resolve()
          order.push(item.client_id)
          inFlight--
          return row(item)
        }
      })
    )
    const results = await Promise.all([outbox.enqueue(entry(1)), outbox.enqueue(entry(2)), outbox.enqueue(entry(3))])
    expect(order).toEqual(['c1', 'c2', 'c3'])
    expect(results.map((result) => result.client_id)).toEqual(['c1', 'c2', 'c3'])
    expect(outbox.$entries.get()).toEqual([])
  })

  it('keeps entries on network failure and retries with backoff, same client id, in order', async () => {
    let online = false
    const sent: string[] = []
    const outbox = createOutbox(
      options({
        async send(item) {
          if (!online) throw new ParleyError('NETWORK', 'fetch failed')
          sent.push(`${item.client_id}#${item.attempts}`)
          return row(item)
        }
      })
    )
    const first = outbox.enqueue(entry(1))
    const second = outbox.enqueue(entry(2))
    await vi.advanceTimersByTimeAsync(0)
    expect(outbox.$entries.get().map((item) => item.client_id)).toEqual(['c1', 'c2'])
    await vi.advanceTimersByTimeAsync(2000)
    online = true
    await vi.advanceTimersByTimeAsync(2000)
    await expect(first).resolves.toMatchObject({ client_id: 'c1' })
    await expect(second).resolves.toMatchObject({ client_id: 'c2' })
    expect(sent[0]?.startsWith('c1#')).toBe(true)
    expect(Number(sent[0]?.split('#')[1])).toBeGreaterThan(1)
    expect(sent[1]).toBe('c2#1')
  })

  it('drops an entry the server refuses for good, reports it, and goes on with the next', async () => {
    const failed: string[] = []
    const outbox = createOutbox(
      options({
        async send(item) {
          if (item.client_id === 'c1') throw { code: 'PT400', hint: 'INVALID_INPUT', message: 'bad' }
          return row(item)
        },
        onFailed: (item, error) => failed.push(`${item.client_id}:${error.code}`)
      })
    )
    const first = outbox.enqueue(entry(1))
    const second = outbox.enqueue(entry(2))
    await expect(first).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(second).resolves.toMatchObject({ client_id: 'c2' })
    expect(failed).toEqual(['c1:INVALID_INPUT'])
  })

  it('persists per user only after the user sends, and picks up what a previous page left', async () => {
    const storage = memoryStorage()
    storage.setItem('parley:outbox:u1', JSON.stringify([entry(7), { junk: true }]))
    const delivered: string[] = []
    let online = false
    const outbox = createOutbox(
      options({
        storage,
        async send(item) {
          if (!online) throw new ParleyError('NETWORK', 'offline')
          return row(item)
        },
        onDelivered: (message) => delivered.push(message.client_id ?? '')
      })
    )
    outbox.bindUser('u1')
    expect(outbox.$entries.get().map((item) => item.client_id)).toEqual(['c7'])
    expect(storage.data.size).toBe(1)
    void outbox.enqueue(entry(8))
    await vi.advanceTimersByTimeAsync(0)
    expect(JSON.parse(storage.getItem('parley:outbox:u1') ?? '[]').map((item: OutboxEntry) => item.client_id)).toEqual(['c7', 'c8'])
    online = true
    await outbox.flush()
    expect(delivered).toEqual(['c7', 'c8'])
    expect(storage.getItem('parley:outbox:u1')).toBeNull()
  })

  it('clears what an earlier page left once it is delivered, even before this page sends', async () => {
    const storage = memoryStorage()
    storage.setItem('parley:outbox:u3', JSON.stringify([entry(4)]))
    const outbox = createOutbox(options({ storage }))
    outbox.bindUser('u3')
    await outbox.flush()
    expect(storage.getItem('parley:outbox:u3')).toBeNull()
  })

  it('never writes storage for a user who has not sent anything', () => {
    const storage = memoryStorage()
    const outbox = createOutbox(options({ storage }))
    outbox.bindUser('u2')
    expect(storage.data.size).toBe(0)
  })

  it('rejects sends after dispose', async () => {
    const outbox = createOutbox(options({}))
    outbox.dispose()
    await expect(outbox.enqueue(entry(1))).rejects.toBeInstanceOf(ParleyError)
  })
})
