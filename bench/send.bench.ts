// Send latency under load, end to end through @parley/core and the local stack: 100
// customers in 100 conversations send about 110 messages a second while one agent follows
// all 100 conversations. For each message: how long `send()` took to be acknowledged, and
// how long until the agent's conversation store held the row. The stack (HTTP, REST,
// Realtime) runs on the main thread; the 101 clients run in a worker thread with their own
// event loop, as they would in 101 browsers; PostgreSQL runs in its own processes.
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { createClient } from '@supabase/supabase-js'
import pg from 'pg'
import { DEMO } from '../supabase/tests/kit/demo.ts'
import { cpuSeconds, postmasterPid } from './cpu.ts'

const CUSTOMERS = 100
const MESSAGES_PER_SECOND = 110
const SECONDS = 30
/** Sends before measuring, so connections and cached plans are warm. */
const WARM_UP_SECONDS = 3
const SAMPLE_MS = 20
const MEASURING = 'measuring'

interface Setup {
  url: string
  anonKey: string
  databaseUrl: string
}

interface Sample {
  /** send() call to its promise resolving. */
  ack: number[]
  /** send() call to the row being in the agent's conversation store. */
  agent: number[]
  lost: number
  sent: number
  seconds: number
}

async function main(): Promise<void> {
  const { pushMigrations } = await import('../packages/local/src/db/migrate.ts')
  const { bootstrap } = await import('../packages/local/src/db/migrate.ts')
  const { freePort } = await import('../packages/local/src/db/port.ts')
  const { startPostgres } = await import('../packages/local/src/db/postgres.ts')
  const { ensureDatabase, startServer } = await import('../packages/local/src/stack.ts')

  const root = resolve(import.meta.dirname, '..')
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-send-'))
  const postgres = await startPostgres({ dataDir: join(dir, 'db'), port: await freePort(), ephemeral: true })
  const databaseUrl = await ensureDatabase(postgres.url, 'bench')
  const setup = new pg.Client({ connectionString: databaseUrl })
  await setup.connect()
  await bootstrap(setup)
  await setup.end()
  await pushMigrations(databaseUrl, join(root, 'supabase'), { cli: null, seed: true })
  const database = new pg.Client({ connectionString: databaseUrl })
  await database.connect()
  // 100 browsers sign in from one address, and each customer sends about once a second:
  // both are over the limits a real page meets, so they are raised for the run.
  await database.query(
    `update public.organizations set settings = settings || '{"customer_messages_per_minute": 600}'::jsonb where id = $1`,
    [DEMO.organizationId]
  )
  const server = await startServer({
    databaseUrl,
    port: 0,
    supabaseDir: join(root, 'supabase'),
    stateDir: dir,
    auth: { rateLimits: false },
    realtime: { limits: false }
  })
  try {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { url: server.url, anonKey: server.anonKey, databaseUrl } satisfies Setup
    })
    const loadBefore = loadavg()[0]!
    const lag = monitorEventLoopDelay({ resolution: 5 })
    const waits = new WaitSampler(databaseUrl)
    const postmaster = await postmasterPid(join(dir, 'db'))
    let cpuAtStart = { database: 0, node: 0 }
    const sample = await new Promise<Sample>((done, fail) => {
      worker.on('message', (message: Sample | string) => {
        if (message === MEASURING) {
          lag.enable()
          waits.start()
          void cpuSeconds(postmaster).then((cpu) => {
            cpuAtStart = cpu
          })
        } else if (typeof message === 'string') console.log(message)
        else done(message)
      })
      worker.on('error', fail)
    })
    lag.disable()
    const cpuAtEnd = await cpuSeconds(postmaster)
    const seen = await waits.stop()
    await worker.terminate()
    const { rows: version } = await database.query<{ server_version: string }>('show server_version')
    const p = (values: number[], q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!.toFixed(1)
    sample.ack.sort((a, b) => a - b)
    sample.agent.sort((a, b) => a - b)
    console.log(
      `\nSend latency — ${CUSTOMERS} customers in ${CUSTOMERS} conversations, ${(sample.sent / sample.seconds).toFixed(0)} messages/s for ${sample.seconds.toFixed(0)} s, one agent following every conversation`
    )
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, PostgreSQL ${version[0]!.server_version} (embedded, fsync off), load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}\n`
    )
    console.log('| measure | messages | p50 ms | p90 ms | p99 ms | max ms |')
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
    for (const [name, values] of [
      ['`send()` acknowledged', sample.ack],
      ["row in the agent's conversation store", sample.agent]
    ] as const) {
      console.log(`| ${name} | ${values.length} | ${p(values, 0.5)} | ${p(values, 0.9)} | ${p(values, 0.99)} | ${p(values, 1)} |`)
    }
    console.log(`\nLost (never reached the agent): ${sample.lost} of ${sample.sent}.`)
    const ms = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(1)
    // CPU time per message does not depend on what else the machine is running; latency does.
    const perMessage = (seconds: number) => ((seconds * 1000) / sample.sent).toFixed(2)
    console.log(
      `CPU per message: PostgreSQL ${perMessage(cpuAtEnd.database - cpuAtStart.database)} ms, this Node process (stack and the 101 clients) ${perMessage(cpuAtEnd.node - cpuAtStart.node)} ms.`
    )
    console.log(
      `Event loop delay of the stack (HTTP, REST, Realtime): p50 ${ms(lag.percentile(50))} ms, p99 ${ms(lag.percentile(99))} ms, max ${ms(lag.max)} ms.`
    )
    const total = [...seen.values()].reduce((sum, n) => sum + n, 0)
    console.log(`Database backends serving requests, sampled every ${SAMPLE_MS} ms (${total} samples):`)
    for (const [state, n] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      console.log(`  ${((100 * n) / total).toFixed(1).padStart(5)} % ${state}`)
    }
  } finally {
    await database.end()
    await server.stop()
    await postgres.stop()
    await rm(dir, { recursive: true, force: true })
  }
  process.exit(0)
}

/**
 * What the backends serving requests (nearly all of them sends) are doing, sampled from
 * pg_stat_activity: on the CPU, or waiting and for what (a lock, a buffer, NOTIFY's queue,
 * WAL). A request is one simple query (its transaction's opening, statement and end), so the
 * statement cannot tell a send from its commit.
 */
class WaitSampler {
  readonly #client: pg.Client
  readonly #seen = new Map<string, number>()
  #running: Promise<void> | undefined
  #stopped = false

  constructor(url: string) {
    this.#client = new pg.Client({ connectionString: url })
    this.#client.on('error', () => undefined)
  }

  start(): void {
    this.#running = this.#loop()
  }

  async #loop(): Promise<void> {
    await this.#client.connect()
    while (!this.#stopped) {
      const { rows } = await this.#client.query<{ state: string }>(
        `select coalesce(wait_event_type || ' ' || wait_event, 'running') as state
         from pg_stat_activity
         where state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid()`
      )
      for (const { state } of rows) this.#seen.set(state, (this.#seen.get(state) ?? 0) + 1)
      await new Promise((done) => setTimeout(done, SAMPLE_MS))
    }
  }

  async stop(): Promise<Map<string, number>> {
    this.#stopped = true
    await this.#running
    await this.#client.end()
    return this.#seen
  }
}

async function clients({ url, anonKey, databaseUrl }: Setup): Promise<void> {
  const { createParley } = await import('../packages/core/src/index.ts')
  const port = parentPort!
  const connect = () =>
    createParley(
      { supabase: createClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false } }) },
      { storage: null, events: null }
    )

  const agent = connect()
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  const customers: Array<{ send(text: string): Promise<unknown>; conversationId: string }> = []
  // All 100 browsers share one address, which may start 20 conversations an hour.
  const database = new pg.Client({ connectionString: databaseUrl })
  await database.connect()
  for (let i = 0; i < CUSTOMERS; i += 10) {
    await database.query("delete from private.rate_limit_hits where bucket like 'start-ip:%'")
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, CUSTOMERS - i) }, async (_, j) => {
        const customer = connect()
        const { conversation_id: conversationId } = await customer.startConversation({
          organization_id: DEMO.organizationId,
          customer_name: `Customer ${i + j + 1}`,
          customer_email: `customer${i + j + 1}@example.com`
        })
        const store = customer.conversation(conversationId)
        store.$messages.listen(() => undefined)
        return { conversationId, send: (text: string) => store.send(text) }
      })
    )
    customers.push(...batch)
  }
  await database.end()

  /** `bench <seq>` → when its send() was called, and whether it is measured (not warm-up). */
  const started = new Map<string, { at: number; measured: boolean }>()
  const agentLatency: number[] = []
  const seen = new Set<string>()
  for (const { conversationId } of customers) {
    const store = agent.conversation(conversationId)
    store.$messages.listen((messages) => {
      const now = performance.now()
      // New rows arrive at the end: look at the last few only.
      for (let index = Math.max(0, messages.length - 5); index < messages.length; index++) {
        const message = messages[index]!
        if (seen.has(message.content)) continue
        const send = started.get(message.content)
        if (send === undefined) continue
        seen.add(message.content)
        if (send.measured) agentLatency.push(now - send.at)
      }
    })
  }
  await new Promise((done) => setTimeout(done, 2000))
  port.postMessage(`${customers.length} customers and the agent are connected; sending.`)

  const ack: number[] = []
  let seq = 0
  let sent = 0
  const interval = (CUSTOMERS / MESSAGES_PER_SECOND) * 1000
  const pending: Promise<unknown>[] = []
  const run = async (seconds: number, measure: boolean) => {
    const until = performance.now() + seconds * 1000
    await Promise.all(
      customers.map(async (customer) => {
        // Random phase, then about one message per interval with jitter.
        await new Promise((done) => setTimeout(done, Math.random() * interval))
        while (performance.now() < until) {
          const text = `bench ${seq++}`
          const at = performance.now()
          started.set(text, { at, measured: measure })
          if (measure) sent++
          const sending = customer.send(text).then(() => {
            if (measure) ack.push(performance.now() - at)
          })
          pending.push(sending)
          await new Promise((done) => setTimeout(done, interval * (0.5 + Math.random())))
        }
      })
    )
  }
  await run(WARM_UP_SECONDS, false)
  await Promise.all(pending.splice(0))
  port.postMessage(MEASURING)
  const begun = performance.now()
  await run(SECONDS, true)
  const seconds = (performance.now() - begun) / 1000
  await Promise.all(pending)
  const deadline = performance.now() + 30_000
  while (agentLatency.length < sent && performance.now() < deadline) await new Promise((done) => setTimeout(done, 100))
  port.postMessage({ ack, agent: agentLatency, lost: sent - agentLatency.length, sent, seconds } satisfies Sample)
}

if (isMainThread) await main()
else await clients(workerData as Setup)
