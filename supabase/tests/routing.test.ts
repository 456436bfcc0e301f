import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  createCustomer,
  createOrganization,
  createStaff,
  type Organization,
  query,
  type Staff,
  sendMessage,
  sqlError,
  startConversation
} from './fixtures.ts'

let db: TestDatabase

beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db.drop())

interface Routed {
  assigned_to: string | null
  routing_reason: Record<string, unknown> | null
}

async function routed(id: string): Promise<Routed> {
  const { rows } = await db.pool.query<Routed>('select assigned_to, routing_reason from public.chat_conversations where id = $1', [id])
  return rows[0]!
}

async function setRouting(orgId: string, routing: Record<string, unknown>): Promise<void> {
  await db.pool.query("update public.organizations set settings = jsonb_set(settings, '{routing}', $2::jsonb) where id = $1", [
    orgId,
    JSON.stringify(routing)
  ])
}

async function start(orgId: string, extra: { pageUrl?: string } = {}): Promise<string> {
  const customer = await createCustomer(db.pool)
  const [row] = await query<{ conversation_id: string }>(
    db.pool,
    customer,
    `select * from public.start_conversation(organization_id => $1, customer_name => 'Léa Tremblay',
       customer_email => 'lea@example.com', page_url => $2)`,
    [orgId, extra.pageUrl ?? null]
  )
  return row!.conversation_id
}

/** An organization whose only agents are the ones the test adds (its default agent is away). */
async function shopWithAgents(name: string, count: number): Promise<{ org: Organization; agents: Staff[] }> {
  const org = await createOrganization(db.pool, name)
  await db.pool.query('update public.profiles set is_available = false where id = $1', [org.agent.id])
  const agents: Staff[] = []
  for (let i = 0; i < count; i++) agents.push(await createStaff(db.pool, org.id, 'agent', `${name} Agent ${i}`))
  return { org, agents }
}

describe('organization routing settings', () => {
  it('refuses unknown strategies, keys, bad maxima and malformed rules with a clear error', async () => {
    const { org } = await shopWithAgents('Settings Garage', 0)
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ strategy: 'random' }, 'strategy must be least_open or round_robin'],
      [{ colour: 'red' }, 'unknown key colour'],
      [{ max_open_per_agent: 0 }, 'max_open_per_agent'],
      [{ max_open_per_agent: '3' }, 'max_open_per_agent'],
      [{ skill_fallback: 'maybe' }, 'skill_fallback'],
      [{ first_response_minutes: -5 }, 'first_response_minutes'],
      [{ skill_rules: [{ when: { tag: 'warranty' } }] }, 'each rule is'],
      [{ skill_rules: [{ when: { colour: 'red' }, skill: 'warranty' }] }, '"when" is'],
      [{ skill_rules: [{ when: { tag: 'x' }, skill: 'Not A Skill' }] }, 'each rule is']
    ]
    for (const [routing, message] of cases) {
      const error = await sqlError(
        query(db.pool, org.admin, "update public.organizations set settings = jsonb_set(settings, '{routing}', $2::jsonb) where id = $1", [
          org.id,
          JSON.stringify(routing)
        ])
      )
      expect(error.hint).toBe('INVALID_INPUT')
      expect(error.message).toContain(message)
    }
    await query(
      db.pool,
      org.admin,
      "update public.organizations set settings = jsonb_set(settings, '{routing}', $2::jsonb) where id = $1",
      [org.id, JSON.stringify({ strategy: 'round_robin', max_open_per_agent: 3, skill_fallback: 'wait', first_response_minutes: 10 })]
    )
  })

  it('lets only an admin set skills, and only well-formed ones', async () => {
    const { org, agents } = await shopWithAgents('Skills Garage', 1)
    const agent = agents[0]!
    const self = await sqlError(query(db.pool, agent, "update public.profiles set skills = '{warranty}' where id = $1", [agent.id]))
    expect(self.hint).toBe('NOT_AUTHORIZED')
    const bad = await sqlError(query(db.pool, org.admin, 'update public.profiles set skills = \'{"F and I"}\' where id = $1', [agent.id]))
    expect(bad.hint).toBe('INVALID_INPUT')
    await query(db.pool, org.admin, "update public.profiles set skills = '{warranty,f_and_i}' where id = $1", [agent.id])
    // Their own availability stays theirs to change.
    await query(db.pool, agent, 'update public.profiles set is_available = false where id = $1', [agent.id])
  })
})

describe('strategy and capacity', () => {
  it('round_robin ignores load and takes whoever was assigned longest ago', async () => {
    const { org, agents } = await shopWithAgents('Round Garage', 2)
    await setRouting(org.id, { strategy: 'round_robin' })
    const first = await start(org.id)
    // A manual extra load on the first agent would win least_open for the other; not here.
    const firstAgent = (await routed(first)).assigned_to
    const second = await start(org.id)
    const third = await start(org.id)
    expect((await routed(second)).assigned_to).not.toBe(firstAgent)
    expect((await routed(third)).assigned_to).toBe(firstAgent)
    expect((await routed(third)).routing_reason).toMatchObject({ reason: 'assigned', strategy: 'round_robin', candidates: 2 })
    expect(new Set([firstAgent, (await routed(second)).assigned_to])).toEqual(new Set(agents.map((a) => a.id)))
  })

  it('gives an agent at the maximum nothing, queues when everyone is full, assigns when capacity frees', async () => {
    const { org, agents } = await shopWithAgents('Capacity Garage', 2)
    await setRouting(org.id, { max_open_per_agent: 1 })
    const a = await start(org.id)
    const b = await start(org.id)
    expect(new Set([(await routed(a)).assigned_to, (await routed(b)).assigned_to])).toEqual(new Set(agents.map((x) => x.id)))
    const waiting = await start(org.id)
    expect(await routed(waiting)).toMatchObject({ assigned_to: null, routing_reason: { reason: 'all_agents_full' } })
    const assignedA = (await routed(a)).assigned_to

    const resolvedBy = agents.find((x) => x.id === assignedA)!
    await query(db.pool, resolvedBy, "update public.chat_conversations set status = 'resolved' where id = $1", [a])
    expect(await routed(waiting)).toMatchObject({
      assigned_to: resolvedBy.id,
      routing_reason: { reason: 'assigned_from_queue', waiting_reason: 'all_agents_full' }
    })
    const { rows } = await db.pool.query('select type, user_id, body from public.notifications where data ->> $1 = $2', [
      'conversation_id',
      waiting
    ])
    expect(rows).toEqual([{ type: 'new_message', user_id: resolvedBy.id, body: 'The customer is waiting for a reply.' }])
  })
})

describe('skills', () => {
  it('prefers agents with the skill a tag, the page or a warranty calls for; falls back per the setting', async () => {
    const { org, agents } = await shopWithAgents('Skill Garage', 2)
    const [plain, finance] = agents as [Staff, Staff]
    await db.pool.query("update public.profiles set skills = '{f_and_i}' where id = $1", [finance.id])
    await setRouting(org.id, {
      skill_rules: [
        { when: { page_contains: '/financement' }, skill: 'f_and_i' },
        { when: { has_warranty: true }, skill: 'warranty' }
      ]
    })
    for (let i = 0; i < 3; i++) {
      const id = await start(org.id, { pageUrl: 'https://garage.example/FR/financement?x=1' })
      expect(await routed(id)).toMatchObject({
        assigned_to: finance.id,
        routing_reason: { skill_matched: true, required_skills: ['f_and_i'], candidates: 1 }
      })
    }
    // Nobody has "warranty": any agent (the default fallback), the least loaded.
    const { rows } = await db.pool.query<{ id: string }>(
      "insert into public.warranties (organization_id, warranty_number, customer_name, expires_on) values ($1, 'W-1', 'Léa', current_date + 30) returning id",
      [org.id]
    )
    const warranty = rows[0]!.id
    const staffStarted = await startConversation(db.pool, org.admin, org.id, { warrantyId: warranty })
    expect((await routed(staffStarted.id)).assigned_to).toBe(plain.id)
    expect((await routed(staffStarted.id)).routing_reason).toMatchObject({ required_skills: ['warranty'], skill_matched: false })

    await setRouting(org.id, { skill_fallback: 'wait', skill_rules: [{ when: { has_warranty: true }, skill: 'warranty' }] })
    const waits = await startConversation(db.pool, org.admin, org.id, { warrantyId: warranty })
    expect(await routed(waits.id)).toMatchObject({ assigned_to: null, routing_reason: { reason: 'waiting_for_skill' } })
  })
})

describe('skills from tags', () => {
  it('a conversation staff open with a tag goes to an agent with the skill the tag calls for', async () => {
    const { org, agents } = await shopWithAgents('Tag Garage', 2)
    const [, skilled] = agents as [Staff, Staff]
    await db.pool.query("update public.profiles set skills = '{warranty}' where id = $1", [skilled.id])
    await setRouting(org.id, { skill_rules: [{ when: { tag: 'warranty' }, skill: 'warranty' }] })
    for (let i = 0; i < 2; i++) {
      const [row] = await query<{ id: string }>(
        db.pool,
        org.operations,
        "insert into public.chat_conversations (organization_id, customer_name, tags) values ($1, 'Marc Roy', '{warranty}') returning id",
        [org.id]
      )
      expect(await routed(row!.id)).toMatchObject({ assigned_to: skilled.id, routing_reason: { skill_matched: true } })
    }
  })

  it('refuses a page_url over 2,000 characters', async () => {
    const { org } = await shopWithAgents('Long Page Garage', 1)
    const error = await sqlError(start(org.id, { pageUrl: `https://garage.example/${'x'.repeat(2000)}` }))
    expect(error).toMatchObject({ hint: 'INVALID_INPUT', message: 'page_url is longer than 2000 characters' })
  })
})

describe('business hours', () => {
  it('finds the next opening in the organization zone, across zones and a daylight-saving change', async () => {
    const { org } = await shopWithAgents('Hours Garage', 0)
    const weekdays = {
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']]
    }
    await db.pool.query("update public.organizations set business_hours = $2, time_zone = 'America/Toronto' where id = $1", [
      org.id,
      JSON.stringify(weekdays)
    ])
    const opening = async (at: string): Promise<string | null> => {
      const { rows } = await db.pool.query<{ o: Date | null }>('select private.opening_at($1, $2) as o', [org.id, at])
      return rows[0]!.o?.toISOString() ?? null
    }
    // Wednesday 2026-12-02 10:00 in Toronto (UTC-5): open.
    expect(await opening('2026-12-02T15:00:00Z')).toBe('2026-12-02T15:00:00.000Z')
    // Friday 2026-12-04 17:30 Toronto: Monday 09:00 EST.
    expect(await opening('2026-12-04T22:30:00Z')).toBe('2026-12-07T14:00:00.000Z')
    // Saturday 2027-03-13 (EST); Monday 2027-03-15 09:00 is EDT (UTC-4) after the change on the 14th.
    expect(await opening('2027-03-13T15:00:00Z')).toBe('2027-03-15T13:00:00.000Z')
    // The same wall-clock hours in Paris (UTC+1 in December): Friday 17:30 there is Monday 08:00 UTC.
    await db.pool.query("update public.organizations set time_zone = 'Europe/Paris' where id = $1", [org.id])
    expect(await opening('2026-12-04T16:30:00Z')).toBe('2026-12-07T08:00:00.000Z')
    // 16:00 Friday in Los Angeles is 00:00 Saturday UTC, and still open there.
    await db.pool.query("update public.organizations set time_zone = 'America/Los_Angeles' where id = $1", [org.id])
    expect(await opening('2026-12-05T00:00:00Z')).toBe('2026-12-05T00:00:00.000Z')
  })

  it('outside hours: the customer is told when they will hear back, in the organization language, and waits until opening', async () => {
    const { org, agents } = await shopWithAgents('Night Garage', 1)
    const { rows: now } = await db.pool.query<{ dow: string; tomorrow: string }>(
      "select to_char(now() at time zone 'UTC', 'dy') as dow, lower(to_char((now() at time zone 'UTC') + interval '1 day', 'dy')) as tomorrow"
    )
    // Open only tomorrow (UTC), so it is closed now whatever the test's clock says.
    await db.pool.query("update public.organizations set business_hours = $2, time_zone = 'UTC', locale = 'fr-CA' where id = $1", [
      org.id,
      JSON.stringify({ [now[0]!.tomorrow]: [['09:00', '17:00']] })
    ])
    const id = await start(org.id)
    const routing = await routed(id)
    expect(routing).toMatchObject({ assigned_to: null, routing_reason: { reason: 'outside_hours' } })
    const nextOpening = new Date(String(routing.routing_reason!['next_opening']))
    expect(nextOpening.getUTCHours()).toBe(9)
    const { rows: messages } = await db.pool.query(
      'select sender_type, message_type, content from public.chat_messages where conversation_id = $1',
      [id]
    )
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ sender_type: 'system', message_type: 'system' })
    expect(messages[0].content).toContain('Nous vous répondrons dès notre ouverture')
    expect(messages[0].content).toContain(`${nextOpening.toISOString().slice(0, 10)} à 09 h 00`)

    // The job assigns nothing while closed, and the waiting conversation at opening.
    await db.pool.query('select private.run_routing($1)', [new Date(nextOpening.getTime() - 60_000).toISOString()])
    expect((await routed(id)).assigned_to).toBeNull()
    await db.pool.query('select private.run_routing($1)', [nextOpening.toISOString()])
    expect(await routed(id)).toMatchObject({
      assigned_to: agents[0]!.id,
      routing_reason: { reason: 'assigned_from_queue', waiting_reason: 'outside_hours' }
    })
  })

  it('writes the notice in English for an English organization', async () => {
    const { rows } = await db.pool.query<{ text: string }>(
      "select private.outside_hours_notice(o.id, '2026-12-07T14:00:00Z') as text from public.organizations o where o.id = $1",
      [(await shopWithAgents('English Garage', 0)).org.id]
    )
    expect(rows[0]!.text).toBe('We are closed right now. We will get back to you when we open on Monday 2026-12-07 at 09:00.')
  })
})

describe('reassignment', () => {
  it('moves the conversations of an agent who goes unavailable, and notifies the new assignee', async () => {
    const { agents, org } = await shopWithAgents('Away Garage', 2)
    await db.pool.query("update public.organizations set locale = 'fr-CA' where id = $1", [org.id])
    const id = await start(org.id)
    const before = (await routed(id)).assigned_to!
    const leaving = agents.find((a) => a.id === before)!
    const staying = agents.find((a) => a.id !== before)!
    await query(db.pool, leaving, 'update public.profiles set is_available = false where id = $1', [leaving.id])
    expect(await routed(id)).toMatchObject({
      assigned_to: staying.id,
      routing_reason: { reason: 'agent_unavailable_reassigned', previous_agent: leaving.id }
    })
    const { rows } = await db.pool.query('select user_id, title, body from public.notifications where data ->> $1 = $2', [
      'conversation_id',
      id
    ])
    expect(rows).toEqual([
      {
        user_id: staying.id,
        title: expect.stringMatching(/^Conversation avec .+ qui vous est assignée$/),
        body: 'Le client attend une réponse.'
      }
    ])
  })

  it('moves a conversation whose customer waited past the first-response target, only then', async () => {
    const { agents, org } = await shopWithAgents('Slow Garage', 2)
    await setRouting(org.id, { first_response_minutes: 10 })
    const customer = await createCustomer(db.pool)
    const { id } = await startConversation(db.pool, customer, org.id)
    await sendMessage(db.pool, customer, id, 'Anyone there?')
    const first = (await routed(id)).assigned_to!
    const at = '2030-01-01T12:00:00Z'
    const put = async (minutesAgo: number): Promise<void> => {
      const when = new Date(Date.parse(at) - minutesAgo * 60_000).toISOString()
      await db.pool.query('update public.chat_messages set created_at = $2 where conversation_id = $1', [id, when])
      await db.pool.query(
        "update public.chat_conversations set routing_reason = routing_reason || jsonb_build_object('at', $2::timestamptz) where id = $1",
        [id, when]
      )
    }
    await put(9)
    await db.pool.query('select private.run_routing($1)', [at])
    expect((await routed(id)).assigned_to).toBe(first)
    await put(11)
    await db.pool.query('select private.run_routing($1)', [at])
    const after = await routed(id)
    expect(after.assigned_to).toBe(agents.find((a) => a.id !== first)!.id)
    expect(after.routing_reason).toMatchObject({ reason: 'sla_breach_reassigned', previous_agent: first })
    // The clock restarts with the new assignee: the same run again moves nothing.
    await db.pool.query('select private.run_routing($1)', [at])
    expect((await routed(id)).assigned_to).toBe(after.assigned_to)
  })

  it('a malformed routing record does not stop the job for everyone', async () => {
    const { org } = await shopWithAgents('Broken Garage', 2)
    const id = await start(org.id)
    await db.pool.query(`update public.chat_conversations set routing_reason = '{"at": "not a time"}' where id = $1`, [id])
    await expect(db.pool.query('select private.run_routing(now())')).resolves.toBeDefined()
  })
})

describe('visibility', () => {
  it('staff read routing_reason; customers never see it, nor can staff write it', async () => {
    const { org } = await shopWithAgents('Visible Garage', 1)
    const customer = await createCustomer(db.pool)
    const { id } = await startConversation(db.pool, customer, org.id)
    const [staffRow] = await query<{ routing_reason: unknown }>(
      db.pool,
      org.admin,
      'select routing_reason from public.chat_conversations where id = $1',
      [id]
    )
    expect(staffRow!.routing_reason).toMatchObject({ reason: 'assigned' })
    const [mine] = await query<Record<string, unknown>>(db.pool, customer, 'select * from public.customer_conversations where id = $1', [
      id
    ])
    expect(Object.keys(mine!)).not.toContain('routing_reason')
    const { rows } = await db.pool.query(
      'select private.conversation_customer_payload(c) as p from public.chat_conversations c where c.id = $1',
      [id]
    )
    expect(Object.keys(rows[0].p)).not.toContain('routing_reason')
    const error = await sqlError(
      query(db.pool, org.admin, "update public.chat_conversations set routing_reason = '{}' where id = $1", [id])
    )
    expect(error.hint).toBe('NOT_AUTHORIZED')
  })
})

describe('concurrency', () => {
  it('passes over an agent whose profile is being changed instead of waiting (or deadlocking) on it', async () => {
    const { org, agents } = await shopWithAgents('Busy Garage', 2)
    const [held, free] = agents as [Staff, Staff]
    // `held` is the one least_open would pick (never assigned, lowest id or not: make sure).
    await db.pool.query('update public.profiles set last_assigned_at = now() where id = $1', [free.id])
    const holder = await db.pool.connect()
    try {
      await holder.query('begin')
      await holder.query('select 1 from public.profiles where id = $1 for update', [held.id])
      const id = await start(org.id)
      expect((await routed(id)).assigned_to).toBe(free.id)
    } finally {
      await holder.query('rollback')
      holder.release()
    }
  })

  it('30 simultaneous starts with 10 agents at most 2 each: nobody over, nothing lost', async () => {
    const { org } = await shopWithAgents('Rush Garage', 10)
    await setRouting(org.id, { max_open_per_agent: 2 })
    const customers = await Promise.all(Array.from({ length: 30 }, () => createCustomer(db.pool)))
    const pool = new pg.Pool({ connectionString: db.url, max: 30 })
    try {
      const ids = await Promise.all(customers.map(async (customer) => (await startConversation(pool, customer, org.id)).id))
      expect(new Set(ids).size).toBe(30)
    } finally {
      await pool.end()
    }
    const { rows } = await db.pool.query<{ assigned_to: string | null; n: number }>(
      'select assigned_to, count(*)::int as n from public.chat_conversations where organization_id = $1 group by assigned_to',
      [org.id]
    )
    const waiting = rows.find((r) => r.assigned_to === null)?.n ?? 0
    expect(rows.filter((r) => r.assigned_to !== null).every((r) => r.n === 2)).toBe(true)
    expect(rows.filter((r) => r.assigned_to !== null)).toHaveLength(10)
    expect(waiting).toBe(10)
  })
})
