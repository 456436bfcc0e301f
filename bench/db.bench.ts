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
import { bootstrap, migrate } from '../packages/local/src/db/migrate.ts'
import { freePort } from '../packages/local/src/db/port.ts'
import { startPostgres } from '../packages/local/src/db/postgres.ts'
import { asRequest, type RequestContext } from '../packages/local/src/db/request.ts'

const CONVERSATIONS = 200
const MESSAGES_PER_CONVERSATION = 10 // under the 20/minute customer limit, like real customers
const WARMUP_PER_CONVERSATION = 2
const CONCURRENCY = 4

interface Sender {
  context: RequestContext
  conversationId: string
  organizationId: string
}

async function setUp(pool: pg.Pool): Promise<Sender[]> {
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
  return senders
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

async function timed(jobs: Array<() => Promise<void>>): Promise<number> {
  const started = process.hrtime.bigint()
  await inParallel(jobs)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return jobs.length / seconds
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
      await migrate(client, resolve(import.meta.dirname, '../supabase/migrations'))
    } finally {
      client.release()
    }
    const senders = await setUp(pool)

    await timed(fullPathJobs(pool, senders, WARMUP_PER_CONVERSATION, 'warm-up'))
    await timed(bareJobs(pool, senders, WARMUP_PER_CONVERSATION, 'warm-up'))
    const before = await pool.query<{ n: number }>('select count(*)::int as n from realtime.messages')
    const full = await timed(fullPathJobs(pool, senders, MESSAGES_PER_CONVERSATION - WARMUP_PER_CONVERSATION, 'measured'))
    const after = await pool.query<{ n: number }>('select count(*)::int as n from realtime.messages')
    const bare = await timed(bareJobs(pool, senders, MESSAGES_PER_CONVERSATION - WARMUP_PER_CONVERSATION, 'measured'))
    const bareRequest = await timed(bareRequestJobs(pool, senders, MESSAGES_PER_CONVERSATION - WARMUP_PER_CONVERSATION, 'measured'))
    const measured = CONVERSATIONS * (MESSAGES_PER_CONVERSATION - WARMUP_PER_CONVERSATION)
    const broadcastsPerMessage = (after.rows[0]!.n - before.rows[0]!.n) / measured
    const { rows: version } = await pool.query<{ server_version: string }>('show server_version')

    console.log(`\nDB message path — ${measured} messages each, ${CONCURRENCY} connections, ${CONVERSATIONS} conversations`)
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, PostgreSQL ${version[0]!.server_version} (embedded, fsync off)\n`
    )
    console.log('| path | messages/s | relative |')
    console.log('| --- | ---: | ---: |')
    console.log(`| bare INSERT, identical table, no triggers/RLS | ${bare.toFixed(0)} | 1.00 |`)
    console.log(
      `| bare INSERT wrapped like a REST request (BEGIN, role + claims, COMMIT) | ${bareRequest.toFixed(0)} | ${(bareRequest / bare).toFixed(2)} |`
    )
    console.log(
      `| send_message as customer (RLS, triggers, ${broadcastsPerMessage.toFixed(1)} broadcast rows/msg) | ${full.toFixed(0)} | ${(full / bare).toFixed(2)} |`
    )
    console.log(
      `\nFull path costs ${(bare / full).toFixed(1)}× a bare insert (${(bareRequest / full).toFixed(1)}× the same insert sent as a request).`
    )
  } finally {
    await pool.end()
    await postgres.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
