// Messages per second through the full database path — send_message as an anonymous
// customer under RLS, every trigger (server truth, counters, assignment bookkeeping,
// broadcast rows, push enqueue) — against a bare INSERT into an identical table with no
// triggers, in the same run on the same embedded PostgreSQL. One transaction per message,
// as PostgREST runs one request.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { bootstrap, pushMigrations } from '../packages/local/src/db/migrate.ts'
import { freePort } from '../packages/local/src/db/port.ts'
import { startPostgres } from '../packages/local/src/db/postgres.ts'
import { asRequest, type RequestContext } from '../packages/local/src/db/request.ts'
import { cpuSeconds, postmasterPid } from './cpu.ts'

const CONVERSATIONS = 400
// Each path runs REPEATS times, interleaved, so a burst of load from elsewhere on the machine
// lands on one run rather than on one path; 1 + 3 × 4 = 13 messages per conversation stay
// under the 20/minute customer limit, like real customers.
const WARMUP_PER_CONVERSATION = 1
const PER_RUN = 4
const REPEATS = 3
const CONCURRENCY = 4

interface Sender {
  context: RequestContext
  conversationId: string
  organizationId: string
}

interface World {
  senders: Sender[]
  /** A chat agent of the organization, for replies and internal notes. */
  agent: RequestContext
}

/** Agents online in the deliveries table: each one follows the organization's staff topic. */
const AGENTS_ONLINE = [1, 10, 50]

async function setUp(pool: pg.Pool): Promise<World> {
  const { rows } = await pool.query<{ id: string }>(
    "insert into public.organizations (name, slug) values ('Bench Garage', 'bench') returning id"
  )
  const organizationId = rows[0]!.id
  for (const name of ['Agent One', 'Agent Two']) {
    const id = randomUUID()
    await pool.query("insert into auth.users (id, aud, role, email) values ($1, 'authenticated', 'authenticated', $2)", [
      id,
      `${id}@bench.test`
    ])
    await pool.query("insert into public.profiles (id, organization_id, role, display_name) values ($1, $2, 'agent', $3)", [
      id,
      organizationId,
      name
    ])
  }
  const { rows: agents } = await pool.query<{ id: string }>("select id from public.profiles where display_name = 'Agent One'")
  const agent: RequestContext = { role: 'authenticated', claims: { sub: agents[0]!.id, role: 'authenticated' } }
  const senders: Sender[] = []
  for (let i = 0; i < CONVERSATIONS; i++) {
    const id = randomUUID()
    await pool.query("insert into auth.users (id, aud, role, is_anonymous) values ($1, 'authenticated', 'authenticated', true)", [id])
    const context: RequestContext = { role: 'authenticated', claims: { sub: id, role: 'authenticated', is_anonymous: true } }
    const conversationId = await asRequest(pool, context, async (client) => {
      const result = await client.query<{ conversation_id: string }>(
        "select conversation_id from public.start_conversation($1, 'Bench Customer', 'bench@example.com')",
        [organizationId]
      )
      return result.rows[0]!.conversation_id
    })
    senders.push({ context, conversationId, organizationId })
  }
  // The bare table: same columns, defaults, checks and indexes; no triggers, no RLS, no FKs.
  await pool.query('create table public.bench_bare_messages (like public.chat_messages including all)')
  await pool.query(
    'create table public.bench_bare_conversations (like public.chat_conversations including all) with (fillfactor = 80); insert into public.bench_bare_conversations select * from public.chat_conversations'
  )
  return { senders, agent }
}

interface Fanout {
  kind: string
  /** Rows written to realtime.messages by one message, by audience. */
  staff: number
  customer: number
}

async function byAudience(pool: pg.Pool): Promise<{ staff: number; customer: number }> {
  const { rows } = await pool.query<{ staff: number; customer: number }>(
    `select count(*) filter (where topic like 'staff:%')::int as staff,
            count(*) filter (where topic like 'conversation:%')::int as customer
     from realtime.messages`
  )
  return rows[0]!
}

/**
 * Broadcast rows one message writes, by topic: `staff:<org>` reaches every agent online, a
 * conversation's topic its customer (agents follow conversations through the staff topic).
 */
async function fanout(pool: pg.Pool, world: World): Promise<Fanout[]> {
  const sender = world.senders[0]!
  const kinds: Array<[string, RequestContext, boolean]> = [
    ['customer message', sender.context, false],
    ['staff reply', world.agent, false],
    ['internal note', world.agent, true]
  ]
  const result: Fanout[] = []
  for (const [kind, context, internal] of kinds) {
    const before = await byAudience(pool)
    await asRequest(pool, context, (client) =>
      client.query('select id from public.send_message($1, $2, $3, is_internal => $4)', [
        sender.conversationId,
        randomUUID(),
        `${kind}: the part arrives on Tuesday`,
        internal
      ])
    )
    const after = await byAudience(pool)
    result.push({ kind, staff: after.staff - before.staff, customer: after.customer - before.customer })
  }
  return result
}

async function inParallel(jobs: Array<() => Promise<void>>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) await jobs[next++]!()
    })
  )
}

function fullPathJobs(pool: pg.Pool, senders: Sender[], rounds: number, tag: string): Array<() => Promise<void>> {
  const jobs: Array<() => Promise<void>> = []
  for (let round = 0; round < rounds; round++) {
    for (const sender of senders) {
      jobs.push(() =>
        asRequest(pool, sender.context, async (client) => {
          await client.query('select id from public.send_message($1, $2, $3)', [
            sender.conversationId,
            randomUUID(),
            `${tag} message ${round}: my car makes a noise when braking`
          ])
        })
      )
    }
  }
  return jobs
}

async function bareInsert(client: pg.ClientBase | pg.Pool, sender: Sender, tag: string): Promise<void> {
  await client.query(
    `insert into public.bench_bare_messages (organization_id, conversation_id, client_id, sender_type, sender_id, sender_name, content)
     values ($1, $2, $3, 'customer', $4, 'Bench Customer', $5)`,
    [
      sender.organizationId,
      sender.conversationId,
      randomUUID(),
      sender.context.claims.sub,
      `${tag} message: my car makes a noise when braking`
    ]
  )
}

/** One autocommit statement per message. */
function bareJobs(pool: pg.Pool, senders: Sender[], rounds: number, tag: string): Array<() => Promise<void>> {
  return Array.from({ length: rounds * senders.length }, (_, index) => () => bareInsert(pool, senders[index % senders.length]!, tag))
}

/** The bare insert wrapped exactly like a REST request (BEGIN, role and claims, COMMIT). */
function bareRequestJobs(pool: pg.Pool, senders: Sender[], rounds: number, tag: string): Array<() => Promise<void>> {
  const service: RequestContext = { role: 'service_role', claims: { role: 'service_role' } }
  return Array.from(
    { length: rounds * senders.length },
    (_, index) => () => asRequest(pool, service, (client) => bareInsert(client, senders[index % senders.length]!, tag))
  )
}

/**
 * The least a send with Parley's guarantees can write, with no check at all: the row, its
 * conversation's counters (a HOT update) and one broadcast per audience carrying both, in
 * one statement wrapped like a REST request.
 */
function floorJobs(pool: pg.Pool, senders: Sender[], rounds: number, tag: string): Array<() => Promise<void>> {
  const service: RequestContext = { role: 'service_role', claims: { role: 'service_role' } }
  return Array.from({ length: rounds * senders.length }, (_, index) => () => {
    const sender = senders[index % senders.length]!
    return asRequest(pool, service, async (client) => {
      await client.query(
        `with m as (
           insert into public.bench_bare_messages (organization_id, conversation_id, client_id, sender_type, sender_id, sender_name, content)
           values ($1, $2, $3, 'customer', $4, 'Bench Customer', $5) returning *),
         c as (
           update public.bench_bare_conversations set last_message_at = now(), unread_count_staff = unread_count_staff + 1
           where id = $2 returning *)
         select realtime.send(to_jsonb(m) || jsonb_build_object('conversation', to_jsonb(c)), 'message', 'staff:' || $1, true),
                realtime.send(to_jsonb(m) || jsonb_build_object('conversation', to_jsonb(c)), 'message', 'conversation:' || $2, true)
         from m, c`,
        [
          sender.organizationId,
          sender.conversationId,
          randomUUID(),
          sender.context.claims.sub,
          `${tag} message: my car makes a noise when braking`
        ]
      )
    })
  })
}

interface Part {
  name: string
  /** Microseconds per message spent in the function's own statements (not in functions it calls). */
  self: number
}

/**
 * Where a customer's send spends its time inside PostgreSQL: one more run with function
 * tracking on, each function's self time per message (a function's own statements: the
 * INSERT in send_message, the counter UPDATE in message_after_insert, the broadcast row in
 * realtime.send). Not part of the timed runs: tracking has a cost of its own.
 */
async function breakdown(url: string, senders: Sender[]): Promise<Part[]> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query("alter system set track_functions = 'all'")
    await admin.query('select pg_reload_conf()')
    await admin.query('select pg_stat_reset()')
    // Backends report their statistics when they exit: a pool of its own, ended before reading.
    const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY })
    pool.on('error', () => undefined)
    await timed(fullPathJobs(pool, senders, 1, 'breakdown'))
    await pool.end()
    await admin.query('alter system reset track_functions')
    await admin.query('select pg_reload_conf()')
    let rows: Part[] = []
    // Statistics of exited backends reach the shared view shortly after they exit.
    for (let attempt = 0; attempt < 100; attempt++) {
      ;({ rows } = await admin.query<Part>(
        `select schemaname || '.' || funcname as name, (self_time * 1000 / $1)::float8 as self
         from pg_stat_user_functions where self_time > 0 order by self_time desc`,
        [senders.length]
      ))
      if (rows.some((row) => row.name === 'public.send_message')) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return rows
  } finally {
    await admin.end()
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

interface Run {
  perSecond: number
  /** PostgreSQL's CPU time per message, ms: what the path costs whatever else the machine runs. */
  cpu: number
}

async function timed(jobs: Array<() => Promise<void>>, postmaster = 0): Promise<Run> {
  const cpuBefore = postmaster ? (await cpuSeconds(postmaster)).database : 0
  const started = process.hrtime.bigint()
  await inParallel(jobs)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const cpu = postmaster ? (await cpuSeconds(postmaster)).database - cpuBefore : 0
  return { perSecond: jobs.length / seconds, cpu: (cpu * 1000) / jobs.length }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-'))
  const postgres = await startPostgres({ dataDir: join(dir, 'db'), port: await freePort(), ephemeral: true })
  const pool = new pg.Pool({ connectionString: postgres.url, max: CONCURRENCY + 1 })
  // An idle connection dropped while the server stops is not a benchmark failure.
  pool.on('error', () => undefined)
  try {
    const client = await pool.connect()
    try {
      await bootstrap(client)
    } finally {
      client.release()
    }
    await pushMigrations(postgres.url, resolve(import.meta.dirname, '../supabase'), { cli: null })
    const world = await setUp(pool)
    const { senders } = world

    await timed(fullPathJobs(pool, senders, WARMUP_PER_CONVERSATION, 'warm-up'))
    await timed(bareJobs(pool, senders, WARMUP_PER_CONVERSATION, 'warm-up'))
    const postmaster = await postmasterPid(join(dir, 'db'))
    const runs = { full: [] as Run[], bare: [] as Run[], bareRequest: [] as Run[], floor: [] as Run[] }
    const before = await pool.query<{ n: number }>('select count(*)::int as n from realtime.messages')
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      runs.full.push(await timed(fullPathJobs(pool, senders, PER_RUN, `run ${repeat}`), postmaster))
      runs.bare.push(await timed(bareJobs(pool, senders, PER_RUN, `run ${repeat}`), postmaster))
      runs.bareRequest.push(await timed(bareRequestJobs(pool, senders, PER_RUN, `run ${repeat}`), postmaster))
    }
    const after = await pool.query<{ n: number }>('select count(*)::int as n from realtime.messages')
    // After the count above: its broadcast rows are not the send path's.
    for (let repeat = 0; repeat < REPEATS; repeat++)
      runs.floor.push(await timed(floorJobs(pool, senders, PER_RUN, `floor ${repeat}`), postmaster))
    const rate = (list: Run[]) => median(list.map((run) => run.perSecond))
    const cpu = (list: Run[]) => median(list.map((run) => run.cpu))
    const [full, bare, bareRequest, floor] = [rate(runs.full), rate(runs.bare), rate(runs.bareRequest), rate(runs.floor)]
    const [fullCpu, bareCpu, bareRequestCpu, floorCpu] = [cpu(runs.full), cpu(runs.bare), cpu(runs.bareRequest), cpu(runs.floor)]
    const measured = CONVERSATIONS * PER_RUN
    const broadcastsPerMessage = (after.rows[0]!.n - before.rows[0]!.n) / (measured * REPEATS)
    const parts = await breakdown(postgres.url, senders)
    const { rows: version } = await pool.query<{ server_version: string }>('show server_version')
    const rows = await fanout(pool, world)

    console.log(
      `\nDB message path — ${measured} messages per run, median of ${REPEATS} interleaved runs per path, ${CONCURRENCY} connections, ${CONVERSATIONS} conversations`
    )
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, PostgreSQL ${version[0]!.server_version} (embedded, fsync off)\n`
    )
    console.log('| path | messages/s | relative | PostgreSQL CPU per message, ms | relative |')
    console.log('| --- | ---: | ---: | ---: | ---: |')
    const line = (name: string, perSecond: number, cpuMs: number) =>
      console.log(
        `| ${name} | ${perSecond.toFixed(0)} | ${(perSecond / bare).toFixed(2)} | ${cpuMs.toFixed(3)} | ${(cpuMs / bareCpu).toFixed(1)} |`
      )
    line('bare INSERT, identical table, no triggers/RLS', bare, bareCpu)
    line('bare INSERT wrapped like a REST request (BEGIN, role + claims, COMMIT)', bareRequest, bareRequestCpu)
    line('floor: that INSERT, a HOT counter update and two realtime.send, one statement as a request', floor, floorCpu)
    line(`send_message as customer (RLS, triggers, ${broadcastsPerMessage.toFixed(1)} broadcast rows/msg)`, full, fullCpu)
    console.log(
      `\nFull path costs ${(bare / full).toFixed(1)}× a bare insert in throughput, ${(fullCpu / bareCpu).toFixed(1)}× in PostgreSQL CPU (${(bareRequest / full).toFixed(1)}× and ${(fullCpu / bareRequestCpu).toFixed(1)}× the same insert sent as a request; ${(floor / full).toFixed(1)}× and ${(fullCpu / floorCpu).toFixed(1)}× the floor).`
    )
    const total = parts.reduce((sum, part) => sum + part.self, 0)
    console.log(
      '\nWhere a send spends its time in PostgreSQL: self time per message in each function (its own statements), from a further run with function tracking on; wall time, so compare shares on a busy machine\n'
    )
    console.log('| function | µs per message | share |')
    console.log('| --- | ---: | ---: |')
    for (const part of parts.filter((part) => part.self / total >= 0.02))
      console.log(`| \`${part.name}\` | ${part.self.toFixed(1)} | ${((100 * part.self) / total).toFixed(0)} % |`)
    const rest = parts.filter((part) => part.self / total < 0.02)
    console.log(`| ${rest.length} others | ${rest.reduce((sum, part) => sum + part.self, 0).toFixed(1)} | |`)
    console.log(`| total | ${total.toFixed(1)} | |`)
    console.log('\nBroadcast rows and Realtime deliveries per message (a delivery is one message to one subscriber)\n')
    console.log(
      `| message | rows, staff topic | rows, conversation topic | ${AGENTS_ONLINE.map((n) => `deliveries, ${n} agent${n > 1 ? 's' : ''} online`).join(' | ')} |`
    )
    console.log(`| --- | ---: | ---: | ${AGENTS_ONLINE.map(() => '---:').join(' | ')} |`)
    for (const row of rows) {
      const deliveries = AGENTS_ONLINE.map((agents) => row.staff * agents + row.customer)
      console.log(`| ${row.kind} | ${row.staff} | ${row.customer} | ${deliveries.join(' | ')} |`)
    }
  } finally {
    await pool.end()
    await postgres.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
