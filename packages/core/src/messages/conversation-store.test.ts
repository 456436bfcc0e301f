import { atom } from 'nanostores'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Context } from '../client/context.ts'
import { resolveOptions } from '../client/context.ts'
import { createSignal } from '../client/signal.ts'
import type { TopicListener } from '../client/topics.ts'
import { createOutbox } from '../outbox/outbox.ts'
import type { ChatMessage, ConnectionState, ConversationView, OutboxEntry, ParleySession } from '../types/api.ts'
import { createConversationStore } from './conversation-store.ts'

const conversationId = '66666666-6666-4666-8666-666666666601'
const database: ChatMessage[] = []

vi.mock('./load-messages.ts', () => ({
  loadMessages: async (
    _context: unknown,
    _id: string,
    options: { after?: { created_at: string }; before?: { created_at: string }; limit?: number }
  ) => {
    const limit = options.limit ?? 50
    if (options.after) return database.filter((row) => row.created_at > (options.after?.created_at ?? '')).slice(0, limit)
    if (options.before) return database.filter((row) => row.created_at < (options.before?.created_at ?? '')).slice(-limit)
    return database.slice(-limit)
  }
}))
vi.mock('../conversations/fetch-conversation.ts', () => ({
  fetchConversation: async (): Promise<ConversationView> => ({
    id: conversationId,
    organization_id: 'org',
    unread_count_customer: 2,
    staff_last_seen_at: null,
    customer_last_seen_at: null
  })
}))
vi.mock('../typing/set-typing.ts', () => ({ setTyping: async () => undefined }))
vi.mock('../reads/mark-read.ts', () => ({ markRead: async () => '2026-11-24T08:00:00.000000+00:00' }))

function row(n: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    organization_id: 'org',
    conversation_id: conversationId,
    client_id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    sender_type: n % 2 ? 'customer' : 'staff',
    sender_id: null,
    sender_name: 'x',
    message_type: 'text',
    content: `m${n}`,
    attachments: [],
    read_by_customer: false,
    read_by_staff: false,
    read_at: null,
    is_internal: false,
    edited_at: null,
    created_at: `2026-11-24T07:00:${String(n).padStart(2, '0')}.000000+00:00`,
    ...overrides
  }
}

function fakeContext() {
  const listeners = new Map<string, TopicListener>()
  const session: ParleySession = { userId: 'me', kind: 'customer', profile: null }
  const context = {
    options: resolveOptions({ storage: null, pageSize: 3, events: null }),
    supabase: () => {
      throw new Error('no network in unit tests')
    },
    $session: atom<ParleySession | null>(session),
    $connection: atom<ConnectionState>('idle'),
    topics: {
      listen(topic: string, listener: TopicListener) {
        listeners.set(topic, listener)
        return () => listeners.delete(topic)
      },
      statuses: () => [],
      close: async () => undefined
    },
    wake: createSignal(),
    delivered: createSignal<ChatMessage>(),
    failed: createSignal(),
    joined: createSignal(),
    session: async () => session,
    requireSession: async () => session,
    reloadSession: async () => session,
    customerSession: async () => session,
    watch: () => undefined,
    destroy: async () => undefined
  } satisfies Context
  return { context, listeners }
}

beforeEach(() => {
  database.length = 0
  for (let n = 1; n <= 7; n++) database.push(row(n))
})
afterEach(() => vi.useRealTimers())

async function settle(): Promise<void> {
  for (let index = 0; index < 10; index++) await new Promise((resolve) => setTimeout(resolve, 0))
}

describe('conversation store', () => {
  it('opens lazily, loads the latest page on join and pages back by cursor', async () => {
    const { context, listeners } = fakeContext()
    const outbox = createOutbox({
      storage: null,
      send: async () => row(99),
      onDelivered: () => undefined,
      onFailed: () => undefined,
      retryMinMs: 10,
      retryMaxMs: 10
    })
    const store = createConversationStore(context, outbox, conversationId)
    await settle()
    expect(listeners.size).toBe(0)
    const stop = store.$messages.listen(() => undefined)
    await settle()
    const topic = listeners.get(`conversation:${conversationId}`)
    expect(topic).toBeDefined()
    topic?.status?.('SUBSCRIBED')
    await settle()
    expect(store.$messages.get().map((message) => message.content)).toEqual(['m5', 'm6', 'm7'])
    expect(store.$unread.get()).toBe(2)
    expect(await store.loadOlder()).toBe(3)
    expect(await store.loadOlder()).toBe(1)
    expect(store.$hasMore.get()).toBe(false)
    expect(store.$messages.get().map((message) => message.content)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'])
    stop()
  })

  it('merges socket events and catch-up without duplicates, in server order', async () => {
    const { context, listeners } = fakeContext()
    const outbox = createOutbox({
      storage: null,
      send: async () => row(99),
      onDelivered: () => undefined,
      onFailed: () => undefined,
      retryMinMs: 10,
      retryMaxMs: 10
    })
    const store = createConversationStore(context, outbox, conversationId)
    const release = store.open()
    await settle()
    const topic = listeners.get(`conversation:${conversationId}`)
    topic?.status?.('SUBSCRIBED')
    await settle()
    database.push(row(8), row(9), row(10))
    topic?.event('message', row(10) as unknown as Record<string, unknown>)
    topic?.event('message', row(10) as unknown as Record<string, unknown>)
    topic?.event('message', { ...row(11), conversation_id: 'elsewhere' } as unknown as Record<string, unknown>)
    expect(store.$messages.get().map((message) => message.content)).toEqual(['m5', 'm6', 'm7', 'm10'])
    topic?.status?.('SUBSCRIBED')
    await settle()
    expect(store.$messages.get().map((message) => message.content)).toEqual(['m5', 'm6', 'm7', 'm8', 'm9', 'm10'])
    topic?.event('typing', {
      conversation_id: conversationId,
      user_type: 'staff',
      user_name: 'Julie',
      is_typing: true,
      expires_at: new Date(Date.now() + 5000).toISOString()
    })
    topic?.event('typing', {
      conversation_id: conversationId,
      user_type: 'customer',
      user_name: 'Me',
      is_typing: true,
      expires_at: new Date(Date.now() + 5000).toISOString()
    })
    expect(store.$typing.get().map((typing) => typing.user_name)).toEqual(['Julie'])
    topic?.event('read', { conversation_id: conversationId, reader: 'staff', read_at: '2026-11-24T07:00:09.500000+00:00' })
    expect(store.$read.get().staff).toBe('2026-11-24T07:00:09.500000+00:00')
    expect(
      store.$messages
        .get()
        .filter((message) => message.read_by_staff)
        .map((message) => message.content)
    ).toEqual(['m5', 'm7', 'm9'])
    topic?.event('conversation', { id: conversationId, status: 'resolved', unread_count_customer: 0 })
    expect(store.$conversation.get()).toMatchObject({ status: 'resolved', organization_id: 'org' })
    expect(store.$unread.get()).toBe(0)
    // A reply carries the conversation as it left it; the message itself keeps to its columns.
    topic?.event('message', { ...row(11), conversation: { id: conversationId, status: 'active', unread_count_customer: 1 } })
    expect(store.$conversation.get()).toMatchObject({ status: 'active', organization_id: 'org' })
    expect(store.$unread.get()).toBe(1)
    expect(store.$messages.get().at(-1)).not.toHaveProperty('conversation')
    release()
    // Stores read through computed ones stay mounted for nanostores' unmount delay.
    await expect.poll(() => listeners.size).toBe(0)
  })

  it('shows sends as pending, reconciles them with the server row by client_id, and marks refusals failed', async () => {
    const { context, listeners } = fakeContext()
    let online = false
    const outbox = createOutbox({
      storage: null,
      retryMinMs: 10_000,
      retryMaxMs: 10_000,
      async send(entry: OutboxEntry) {
        if (entry.content === 'refused') throw { code: 'PT429', hint: 'RATE_LIMITED', message: 'retry in 30 s' }
        if (!online) throw new TypeError('fetch failed')
        return row(20, { client_id: entry.client_id, content: entry.content, created_at: '2026-11-24T07:01:00.000000+00:00' })
      },
      onDelivered: (message) => context.delivered.emit(message),
      onFailed: (entry, error) => context.failed.emit({ entry, error })
    })
    const store = createConversationStore(context, outbox, conversationId)
    store.open()
    await settle()
    listeners.get(`conversation:${conversationId}`)?.status?.('SUBSCRIBED')
    await settle()
    const sending = store.send('bonjour')
    await settle()
    expect(store.$messages.get().at(-1)).toMatchObject({ content: 'bonjour', delivery: 'pending', sender_type: 'customer' })
    online = true
    await outbox.flush()
    const saved = await sending
    expect(store.$messages.get().filter((message) => message.content === 'bonjour')).toEqual([
      expect.objectContaining({ id: saved.id, delivery: 'sent' })
    ])
    await expect(store.send('refused')).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 })
    expect(store.$messages.get().at(-1)).toMatchObject({
      content: 'refused',
      delivery: 'failed',
      error: expect.objectContaining({ code: 'RATE_LIMITED' })
    })
    await expect(store.retry('unknown')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await store.markRead()
    expect(store.$read.get().customer).toBe('2026-11-24T08:00:00.000000+00:00')
    expect(store.$unread.get()).toBe(0)
  })
})
