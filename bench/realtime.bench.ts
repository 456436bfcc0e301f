// Realtime send-to-receive latency and throughput of the local stack, through realtime-js
// (the client supabase-js uses). Run: node_modules/.bin/node bench/realtime.bench.ts
// The server and the sender run on the main thread; the subscribers run in a worker thread
// with their own event loop, so decoding 500 clients' traffic does not stall the server it
// measures. Latency = receive time - send time, both on the process's shared clock.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { type RealtimeChannel, RealtimeClient } from '@supabase/realtime-js'
import pg from 'pg'

const SUBSCRIBERS = [1, 100, 500]
/** Messages sent one at a time, each after the previous reached every subscriber: latency without queueing. */
const LATENCY_MESSAGES = 100
/** Messages sent back to back: how many per second reach every subscriber. */
const BURST_MESSAGES = 300

interface Setup {
  endpoint: string
  apiKey: string
  topic: string
  count: number
}

type FromWorker = { kind: 'ready' } | { kind: 'delivered'; seq: number } | { kind: 'latencies'; values: number[] }

const now = () => performance.timeOrigin + performance.now()

if (isMainThread) await main()
else await subscribers(workerData as Setup)

async function main(): Promise<void> {
  const { bootstrap, migrate } = await import('../packages/local/src/db/migrate.ts')
  const { freePort } = await import('../packages/local/src/db/port.ts')
  const { startPostgres } = await import('../packages/local/src/db/postgres.ts')
  const { ensureDatabase, startServer } = await import('../packages/local/src/stack.ts')

  const root = resolve(import.meta.dirname, '..')
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-realtime-'))
  const postgres = await startPostgres({ dataDir: join(dir, 'db'), port: await freePort(), ephemeral: true })
  const databaseUrl = await ensureDatabase(postgres.url, 'bench')
  const setup = new pg.Client({ connectionString: databaseUrl })
  await setup.connect()
  await bootstrap(setup)
  await migrate(setup, join(root, 'supabase', 'migrations'))
  await setup.end()
  // Free-plan limits would cap the very throughput this measures.
  const server = await startServer({
    databaseUrl,
    port: 0,
    supabaseDir: join(root, 'supabase'),
    stateDir: dir,
    realtime: { limits: false }
  })
  const endpoint = `${server.url.replace('http', 'ws')}/realtime/v1`
  const sender = new RealtimeClient(endpoint, { params: { apikey: server.anonKey } })
  const database = new pg.Client({ connectionString: databaseUrl })
  await database.connect()

  const sources: Record<string, (topic: string, seq: number) => Promise<unknown>> = {
    'client broadcast': async (topic, seq) => {
      const channel =
        sender.getChannels().find((candidate) => candidate.topic === `realtime:${topic}`) ?? (await joined(sender.channel(topic)))
      return channel.send({ type: 'broadcast', event: 'tick', payload: { seq, sentAt: now() } })
    },
    'database broadcast (realtime.send)': (topic, seq) =>
      database.query(`select realtime.send(jsonb_build_object('seq', $1::int, 'sentAt', $2::float8), 'tick', $3, false)`, [
        seq,
        now(),
        topic
      ])
  }

  const rows: string[] = []
  try {
    for (const count of SUBSCRIBERS) {
      for (const [source, send] of Object.entries(sources)) {
        const row = await measure(source, count, send, endpoint, server.anonKey)
        console.log(row)
        rows.push(row)
      }
    }
  } finally {
    await sender.disconnect()
    await database.end()
    await server.stop()
    await postgres.stop()
    await rm(dir, { recursive: true, force: true })
  }
  console.log('\n| source | subscribers | p50 latency (ms) | p99 latency (ms) | messages/s to all | deliveries/s |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const row of rows) console.log(row)
  process.exit(0)
}

async function measure(
  source: string,
  count: number,
  send: (topic: string, seq: number) => Promise<unknown>,
  endpoint: string,
  apiKey: string
): Promise<string> {
  const topic = `bench-${source.split(' ')[0]}-${count}`
  const worker = new Worker(new URL(import.meta.url), { workerData: { endpoint, apiKey, topic, count } satisfies Setup })
  const waiters = new Map<number, () => void>()
  let latencies: (values: number[]) => void = () => undefined
  const ready = new Promise<void>((resolveReady) => {
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'ready') resolveReady()
      else if (message.kind === 'delivered') waiters.get(message.seq)?.()
      else latencies(message.values)
    })
  })
  worker.on('error', (error) => {
    throw error
  })
  await ready
  const delivered = (seq: number) => new Promise<void>((done) => waiters.set(seq, done))

  for (let seq = 0; seq < LATENCY_MESSAGES; seq++) {
    const arrived = delivered(seq)
    await send(topic, seq)
    await arrived
  }
  const sample = await new Promise<number[]>((resolveSample) => {
    latencies = resolveSample
    worker.postMessage('latencies')
  })
  sample.sort((a, b) => a - b)

  const last = LATENCY_MESSAGES + BURST_MESSAGES - 1
  const arrived = delivered(last)
  const started = performance.now()
  for (let seq = LATENCY_MESSAGES; seq <= last; seq++) await send(topic, seq)
  await arrived
  const seconds = (performance.now() - started) / 1000
  await worker.terminate()

  const p = (q: number) => sample[Math.min(sample.length - 1, Math.floor(q * sample.length))]!.toFixed(2)
  return `| ${source} | ${count} | ${p(0.5)} | ${p(0.99)} | ${Math.round(BURST_MESSAGES / seconds)} | ${Math.round((BURST_MESSAGES * count) / seconds)} |`
}

async function subscribers({ endpoint, apiKey, topic, count }: Setup): Promise<void> {
  const port = parentPort!
  const received = new Map<number, number>()
  const latencies: number[] = []
  const onMessage = (message: { payload: { seq: number; sentAt: number } }) => {
    const { seq, sentAt } = message.payload
    latencies.push(now() - sentAt)
    const total = (received.get(seq) ?? 0) + 1
    received.set(seq, total)
    if (total === count) {
      received.delete(seq)
      port.postMessage({ kind: 'delivered', seq } satisfies FromWorker)
    }
  }
  port.on('message', () => port.postMessage({ kind: 'latencies', values: latencies.splice(0) } satisfies FromWorker))
  for (let start = 0; start < count; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, () =>
        joined(
          new RealtimeClient(endpoint, { params: { apikey: apiKey } })
            .channel(topic)
            .on('broadcast', { event: 'tick' }, onMessage as (message: unknown) => void)
        )
      )
    )
  }
  port.postMessage({ kind: 'ready' } satisfies FromWorker)
}

function joined(channel: RealtimeChannel): Promise<RealtimeChannel> {
  return new Promise((resolveJoin, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolveJoin(channel)
      else reject(new Error(`${channel.topic}: ${status} ${error?.message ?? ''}`))
    })
  })
}
