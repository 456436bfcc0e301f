// Realtime send-to-receive latency and throughput of the local stack, through realtime-js
// (the client supabase-js uses). Run: node_modules/.bin/node bench/realtime.bench.ts
// Everything runs in this one process (PostgreSQL aside), so the figures include the
// clients' own decoding: they are a floor for what a browser sees, not a server-only number.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { RealtimeClient, type RealtimeChannel } from '@supabase/realtime-js'
import pg from 'pg'
import { bootstrap, migrate } from '../packages/local/src/db/migrate.ts'
import { freePort } from '../packages/local/src/db/port.ts'
import { startPostgres } from '../packages/local/src/db/postgres.ts'
import { ensureDatabase, startServer } from '../packages/local/src/stack.ts'

const SUBSCRIBERS = [1, 100, 500]
/** Messages sent one at a time, each after the previous reached every subscriber: latency without queueing. */
const LATENCY_MESSAGES = 60
/** Messages sent back to back: how many per second reach every subscriber. */
const BURST_MESSAGES = 200

const root = resolve(import.meta.dirname, '..')
const dir = await mkdtemp(join(tmpdir(), 'parley-bench-realtime-'))
const postgres = await startPostgres({ dataDir: join(dir, 'db'), port: await freePort(), ephemeral: true })
const databaseUrl = await ensureDatabase(postgres.url, 'bench')
const setup = new pg.Client({ connectionString: databaseUrl })
await setup.connect()
await bootstrap(setup)
await migrate(setup, join(root, 'supabase', 'migrations'))
await setup.end()
const server = await startServer({ databaseUrl, port: 0, supabaseDir: join(root, 'supabase'), stateDir: dir })
const endpoint = `${server.url.replace('http', 'ws')}/realtime/v1`

interface Row {
  source: string
  subscribers: number
  p50: number
  p99: number
  perSecond: number
  deliveriesPerSecond: number
}

type Send = (topic: string, seq: number) => Promise<void>

const rows: Row[] = []
try {
  for (const count of SUBSCRIBERS) {
    rows.push(await measure('client broadcast', count, await clientSender()))
    rows.push(await measure('database broadcast (realtime.send)', count, databaseSender()))
  }
} finally {
  await server.stop()
  await postgres.stop()
  await rm(dir, { recursive: true, force: true })
}

console.log('\n| source | subscribers | p50 latency (ms) | p99 latency (ms) | messages/s to all | deliveries/s |')
console.log('|---|---:|---:|---:|---:|---:|')
for (const row of rows) {
  console.log(`| ${row.source} | ${row.subscribers} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${Math.round(row.perSecond)} | ${Math.round(row.deliveriesPerSecond)} |`)
}
process.exit(0)

async function measure(source: string, count: number, send: Send & { close?: () => Promise<void> }): Promise<Row> {
  const topic = `bench-${source.split(' ')[0]}-${count}`
  const sentAt = new Map<number, number>()
  const received = new Map<number, number>()
  const latencies: number[] = []
  let waiting: { seq: number; resolve: () => void } | undefined
  const onMessage = (message: { payload: { seq: number } }) => {
    const now = performance.now()
    const { seq } = message.payload
    latencies.push(now - (sentAt.get(seq) ?? now))
    const total = (received.get(seq) ?? 0) + 1
    received.set(seq, total)
    if (waiting && total === count && seq === waiting.seq) waiting.resolve()
  }
  const clients = await connect(count, topic, onMessage)
  const deliveredAll = (seq: number) =>
    new Promise<void>((done) => {
      if ((received.get(seq) ?? 0) >= count) return done()
      waiting = { seq, resolve: done }
    })

  for (let seq = 0; seq < LATENCY_MESSAGES; seq++) {
    sentAt.set(seq, performance.now())
    const delivered = deliveredAll(seq)
    await send(topic, seq)
    await delivered
  }
  const sample = latencies.splice(0).sort((a, b) => a - b)

  const first = LATENCY_MESSAGES
  const last = first + BURST_MESSAGES - 1
  const started = performance.now()
  const delivered = deliveredAll(last)
  for (let seq = first; seq <= last; seq++) {
    sentAt.set(seq, performance.now())
    await send(topic, seq)
  }
  await delivered
  const seconds = (performance.now() - started) / 1000

  await send.close?.()
  await Promise.all(clients.map((client) => client.disconnect()))
  const row = {
    source,
    subscribers: count,
    p50: percentile(sample, 0.5),
    p99: percentile(sample, 0.99),
    perSecond: BURST_MESSAGES / seconds,
    deliveriesPerSecond: (BURST_MESSAGES * count) / seconds
  }
  console.log(JSON.stringify(row))
  return row
}

async function connect(count: number, topic: string, onMessage: (message: { payload: { seq: number } }) => void): Promise<RealtimeClient[]> {
  const clients: RealtimeClient[] = []
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, async () => {
      const client = new RealtimeClient(endpoint, { params: { apikey: server.anonKey } })
      clients.push(client)
      await joined(client.channel(topic).on('broadcast', { event: 'tick' }, onMessage as (message: unknown) => void))
    })
    await Promise.all(batch)
  }
  return clients
}

async function clientSender(): Promise<Send & { close: () => Promise<void> }> {
  const client = new RealtimeClient(endpoint, { params: { apikey: server.anonKey } })
  const channels = new Map<string, RealtimeChannel>()
  const send = async (topic: string, seq: number) => {
    let channel = channels.get(topic)
    if (!channel) channels.set(topic, (channel = await joined(client.channel(topic))))
    await channel.send({ type: 'broadcast', event: 'tick', payload: { seq } })
  }
  return Object.assign(send, { close: async () => void (await client.disconnect()) })
}

function databaseSender(): Send {
  return async (topic, seq) => {
    await server.pool.query(`select realtime.send(jsonb_build_object('seq', $1::int), 'tick', $2, false)`, [seq, topic])
  }
}

function joined(channel: RealtimeChannel): Promise<RealtimeChannel> {
  return new Promise((resolveJoin, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolveJoin(channel)
      else reject(new Error(`${channel.topic}: ${status} ${error?.message ?? ''}`))
    })
  })
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}
