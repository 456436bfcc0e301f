// Operations dashboard queries on one organization with 100,000 conversations and 1,000,000
// messages over 90 days, as its admin under RLS, on the embedded PostgreSQL. The data is
// generated in SQL with triggers off (as a bulk import), then the per-conversation facts are
// rebuilt by private.rebuild_conversation_metrics, the same facts the triggers keep.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { transaction } from '../packages/local/src/auth/transaction.ts'
import { bootstrap, pushMigrations } from '../packages/local/src/db/migrate.ts'
import { freePort } from '../packages/local/src/db/port.ts'
import { startPostgres } from '../packages/local/src/db/postgres.ts'
import { asRequest, type RequestContext } from '../packages/local/src/db/request.ts'

const CONVERSATIONS = 100_000
const MESSAGES_PER_CONVERSATION = 10
const AGENTS = 10
const RUNS = 7
const GOAL_MS = 200

async function generate(pool: pg.Pool): Promise<{ organizationId: string; admin: RequestContext }> {
  const { rows } = await pool.query<{ id: string }>(
    "insert into public.organizations (name, slug) values ('Bench Garage', 'bench') returning id"
  )
  const organizationId = rows[0]!.id
  const adminId = randomUUID()
  await pool.query("insert into auth.users (id, aud, role, email) values ($1, 'authenticated', 'authenticated', 'admin@bench.test')", [
    adminId
  ])
  await pool.query("insert into public.profiles (id, organization_id, role, display_name) values ($1, $2, 'admin', 'Bench Admin')", [
    adminId,
    organizationId
  ])
  await pool.query(
    `with agents as (
       insert into auth.users (id, aud, role, email)
       select gen_random_uuid(), 'authenticated', 'authenticated', 'agent' || g || '@bench.test' from generate_series(1, $2::int) g
       returning id, email
     )
     insert into public.profiles (id, organization_id, role, display_name)
     select id, $1, 'agent', 'Agent ' || split_part(email, '@', 1) from agents`,
    [organizationId, AGENTS]
  )

  await transaction(pool, async (client) => {
    await client.query("set local session_replication_role = 'replica'")
    // 1 in 7 still open; opened over the last 90 days (129,600 minutes, spread evenly); the assignee answers within 30 minutes
    // of the customer (half of them past the 15-minute target) and the messages then alternate
    // every few minutes; the fourth message is an internal note.
    await client.query(
      `insert into public.chat_conversations (organization_id, customer_name, assigned_to, status, created_at, last_message_at)
     select $1, 'Customer ' || g, (select array_agg(id order by id) from public.profiles where organization_id = $1 and role = 'agent')[1 + g % $3],
       case when g % 7 = 0 then 'active' else 'resolved' end::public.conversation_status, at, at + interval '1 hour'
     from generate_series(1, $2::int) g
     cross join lateral (select now() - ((g::bigint * 7919) % 129600) * interval '1 minute' as at) t`,
      [organizationId, CONVERSATIONS, AGENTS]
    )
    await client.query(
      `insert into public.chat_messages (organization_id, conversation_id, sender_type, sender_id, sender_name, content, is_internal, created_at)
     select c.organization_id, c.id,
       case when n % 2 = 1 then 'customer' else 'staff' end::public.sender_type,
       case when n % 2 = 1 then null else c.assigned_to end,
       case when n % 2 = 1 then c.customer_name else 'Agent' end,
       'Message ' || n || ' about the brakes', n = 4,
       c.created_at + case n when 1 then interval '0' when 2 then random() * interval '30 minutes'
         else interval '30 minutes' + n * interval '5 minutes' + random() * interval '4 minutes' end
     from public.chat_conversations c cross join generate_series(1, $2::int) n
     where c.organization_id = $1`,
      [organizationId, MESSAGES_PER_CONVERSATION]
    )
    await client.query(
      `insert into public.conversation_resolutions (organization_id, conversation_id, agent_id, opened_at, resolved_at, rating, comment, rated_at)
     select c.organization_id, c.id, c.assigned_to, c.created_at, resolved, rating, case when rating is not null then 'Merci' end,
       case when rating is not null then resolved + interval '5 minutes' end
     from public.chat_conversations c,
       lateral (select c.created_at + random() * interval '2 days' as resolved,
                       case when random() < 0.3 then 1 + floor(random() * 5)::int end as rating) r
     where c.organization_id = $1 and c.status = 'resolved'`,
      [organizationId]
    )
  })
  await pool.query('select private.rebuild_conversation_metrics($1)', [organizationId])
  await pool.query('vacuum analyze')
  return {
    organizationId,
    admin: { role: 'authenticated', claims: { sub: adminId, role: 'authenticated', aud: 'authenticated', is_anonymous: false } }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-'))
  const postgres = await startPostgres({ dataDir: join(dir, 'db'), port: await freePort(), ephemeral: true })
  const pool = new pg.Pool({ connectionString: postgres.url, max: 2 })
  pool.on('error', () => undefined)
  try {
    const client = await pool.connect()
    try {
      await bootstrap(client)
    } finally {
      client.release()
    }
    await pushMigrations(postgres.url, resolve(import.meta.dirname, '../supabase'), { cli: null })
    const started = Date.now()
    const { organizationId, admin } = await generate(pool)
    const generatedIn = (Date.now() - started) / 1000
    const { rows: counts } = await pool.query<{ conversations: number; messages: number }>(
      `select (select count(*)::int from public.chat_conversations) as conversations, (select count(*)::int from public.chat_messages) as messages`
    )

    const queries: Array<[string, string, unknown[]]> = [
      [
        'per-organization daily, 90 days',
        "select * from public.operations_report($1, 'day', current_date - 89, current_date)",
        [organizationId]
      ],
      [
        'per-agent weekly, 90 days',
        "select * from public.operations_report($1, 'week', current_date - 89, current_date, true)",
        [organizationId]
      ],
      ['open backlog by age', 'select * from public.operations_backlog($1)', [organizationId]],
      [
        'CSV, per-organization daily, 90 days',
        "select public.operations_report_csv($1, 'day', current_date - 89, current_date)",
        [organizationId]
      ]
    ]
    const { rows: version } = await pool.query<{ server_version: string }>('show server_version')
    console.log(
      `\nOperations dashboard — ${counts[0]!.conversations} conversations, ${counts[0]!.messages} messages, ${AGENTS} agents, generated in ${generatedIn.toFixed(0)} s`
    )
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, PostgreSQL ${version[0]!.server_version} (embedded, fsync off)\n`
    )
    console.log(`| query (as the admin, under RLS) | rows | median ms | p95 ms | goal < ${GOAL_MS} ms |`)
    console.log('| --- | ---: | ---: | ---: | :-: |')
    for (const [name, sql, params] of queries) {
      const times: number[] = []
      let rowCount = 0
      for (let run = 0; run <= RUNS; run++) {
        const begin = process.hrtime.bigint()
        const result = await asRequest(pool, admin, (c) => c.query(sql, params))
        const ms = Number(process.hrtime.bigint() - begin) / 1e6
        rowCount = result.rowCount ?? 0
        if (run > 0) times.push(ms) // the first run warms the cache
      }
      times.sort((a, b) => a - b)
      const median = percentile(times, 0.5)
      const p95 = percentile(times, 0.95)
      console.log(`| ${name} | ${rowCount} | ${median.toFixed(1)} | ${p95.toFixed(1)} | ${p95 < GOAL_MS ? 'yes' : 'no'} |`)
    }
  } finally {
    await pool.end()
    await postgres.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
