// Client cost of @parley/core: time and heap to ingest 10,000 messages into a conversation
// store (ten pages of 1,000, as loadOlder fetches them), then to apply 1,000 live events (messages, typing, read receipts, conversation
// updates) on top of them. The stores, topic hub and message list are the real ones; only
// the network edge (supabase-js's query builder and channel) is replaced by an in-memory
// stand-in, so the numbers are core's own cost. Run: node_modules/.bin/node bench/core.bench.ts
import { performance } from 'node:perf_hooks'
import type { ChatMessage } from '../packages/core/src/index.ts'
import { createParley } from '../packages/core/src/index.ts'

const MESSAGES = 10_000
const EVENTS = 1_000
const PAGE = 1_000
const RUNS = 5
const conversationId = '66666666-6666-4666-8666-666666666601'
const base = Date.parse('2026-11-24T07:00:00Z')

function message(n: number): ChatMessage {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    organization_id: '11111111-1111-4111-8111-111111111111',
    conversation_id: conversationId,
    client_id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    sender_type: n % 3 ? 'customer' : 'staff',
    sender_id: null,
    sender_name: n % 3 ? 'Ada Roy' : 'Julie Tremblay',
    message_type: 'text',
    content: `Message ${n}: les freins grincent encore un peu à basse vitesse.`,
    attachments: [],
    read_by_customer: false,
    read_by_staff: false,
    read_at: null,
    is_internal: false,
    edited_at: null,
    created_at: new Date(base + n * 1000).toISOString().replace('Z', '123+00:00')
  }
}

type Broadcast = (message: { event: string; payload: unknown }) => void

/** supabase-js's surface as core touches it, answering from memory. */
function memoryClient(rows: ChatMessage[]) {
  const channels: Array<{ broadcast?: Broadcast; status?: (status: string) => void }> = []
  function query(table: string) {
    let limit = Number.POSITIVE_INFINITY
    let single = false
    let before: string | null = null
    const builder = {
      select: () => builder,
      eq: () => builder,
      or: (filter: string) => ((before = /created_at\.lt\."([^"]+)"/.exec(filter)?.[1] ?? null), builder),
      order: () => builder,
      limit: (value: number) => ((limit = value), builder),
      maybeSingle: () => ((single = true), builder),
      then(resolve: (value: { data: unknown; error: null }) => void) {
        if (table === 'chat_messages') {
          const end = before === null ? rows.length : rows.findIndex((row) => row.created_at >= before!)
          resolve({ data: rows.slice(Math.max(0, end - limit), end).reverse(), error: null })
        } else
          resolve({
            data: single ? { id: conversationId, organization_id: rows[0]?.organization_id, unread_count_customer: 0 } : [],
            error: null
          })
      }
    }
    return builder
  }
  const client = {
    from: query,
    auth: {
      onAuthStateChange: () => ({ data: { subscription: { unsubscribe() {} } } }),
      getSession: async () => ({ data: { session: { user: { id: 'customer', is_anonymous: true } } } })
    },
    realtime: { setAuth: async () => undefined },
    channel() {
      const record: (typeof channels)[number] = {}
      channels.push(record)
      const channel = {
        on: (_type: string, _filter: unknown, callback: Broadcast) => ((record.broadcast = callback), channel),
        subscribe: (callback: (status: string) => void) => ((record.status = callback), channel)
      }
      return channel
    },
    removeChannel: async () => 'ok'
  }
  return { client, channels }
}

function heapMb(): number {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

async function run(): Promise<{ ingestMs: number; ingestMb: number; eventsMs: number; eventsMb: number }> {
  const rows = Array.from({ length: MESSAGES }, (_, index) => message(index + 1))
  const { client, channels } = memoryClient(rows)
  const parley = createParley({ supabase: client as never }, { storage: null, pageSize: PAGE, events: null })
  const store = parley.conversation(conversationId)
  const release = store.$messages.listen(() => undefined)
  await settle()
  const channel = channels[0]!

  const heapBefore = heapMb()
  let started = performance.now()
  channel.status?.('SUBSCRIBED')
  while (store.$messages.get().length < PAGE) {
    if (store.$error.get()) throw store.$error.get()
    await new Promise((resolve) => setImmediate(resolve))
  }
  while (store.$hasMore.get()) await store.loadOlder()
  if (store.$messages.get().length !== MESSAGES) throw new Error(`loaded ${store.$messages.get().length} messages`)
  const ingestMs = performance.now() - started
  const ingestMb = heapMb() - heapBefore

  const events: Array<{ event: string; payload: unknown }> = []
  for (let i = 0; i < EVENTS; i++) {
    const kind = i % 40
    if (kind < 32) events.push({ event: 'message', payload: message(MESSAGES + i + 1) })
    else if (kind < 38)
      events.push({
        event: 'typing',
        payload: {
          conversation_id: conversationId,
          user_type: 'staff',
          user_name: 'Julie Tremblay',
          is_typing: kind % 2 === 0,
          expires_at: new Date(Date.now() + 8000).toISOString()
        }
      })
    else if (kind === 38)
      events.push({
        event: 'read',
        payload: { conversation_id: conversationId, reader: 'staff', read_at: new Date(base + (MESSAGES + i) * 1000).toISOString() }
      })
    else events.push({ event: 'conversation', payload: { id: conversationId, status: 'active', unread_count_customer: i } })
  }
  const heapMid = heapMb()
  started = performance.now()
  for (const event of events) channel.broadcast?.(event)
  const eventsMs = performance.now() - started
  const eventsMb = heapMb() - heapMid
  const expected = MESSAGES + events.filter((event) => event.event === 'message').length
  if (store.$messages.get().length !== expected) throw new Error(`expected ${expected} messages, got ${store.$messages.get().length}`)
  release()
  await parley.destroy()
  return { ingestMs, ingestMb, eventsMs, eventsMb }
}

const results = []
for (let i = 0; i < RUNS + 1; i++) {
  const result = await run()
  if (i > 0) results.push(result)
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const ingest = median(results.map((result) => result.ingestMs))
const live = median(results.map((result) => result.eventsMs))
console.log(
  `@parley/core conversation store (median of ${RUNS} runs after 1 warm-up, Node ${process.version}${(globalThis as { gc?: unknown }).gc ? ', --expose-gc' : ''})`
)
console.log(
  `ingest ${MESSAGES.toLocaleString('en')} messages (latest page + loadOlder, ${PAGE} per page): ${ingest.toFixed(1)} ms, heap +${median(results.map((result) => result.ingestMb)).toFixed(1)} MB`
)
console.log(
  `apply ${EVENTS.toLocaleString('en')} live events (800 messages, 150 typing, 25 reads, 25 conversation updates) on top: ${live.toFixed(1)} ms (${((live / EVENTS) * 1000).toFixed(1)} µs/event), heap +${median(results.map((result) => result.eventsMb)).toFixed(1)} MB`
)
process.exit(0)
