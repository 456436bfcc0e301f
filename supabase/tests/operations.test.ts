import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  type Caller,
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
let org: Organization
let other: Organization
let secondAgent: Staff

beforeAll(async () => {
  db = await createTestDatabase()
  org = await createOrganization(db.pool, 'Operations Garage')
  other = await createOrganization(db.pool, 'Rival Garage')
  secondAgent = await createStaff(db.pool, org.id, 'agent', 'Second Agent')
})
afterAll(() => db.drop())

interface Template {
  id: string
  organization_id: string
  owner_id: string | null
  shortcut: string
}

async function saveTemplate(
  caller: Caller,
  organizationId: string,
  fields: { owner?: string | null; shortcut?: string; fr?: string; en?: string; title?: string } = {}
): Promise<Template> {
  const [row] = await query<Template>(
    db.pool,
    caller,
    `insert into public.reply_templates (organization_id, owner_id, title, shortcut, body_fr, body_en)
     values ($1, $2, $3, $4, $5, $6) returning *`,
    [
      organizationId,
      fields.owner ?? null,
      fields.title ?? 'Garantie',
      fields.shortcut ?? `/t-${randomUUID().slice(0, 8)}`,
      fields.fr ?? 'Bonjour {{customer.name}}',
      fields.en ?? 'Hello {{customer.name}}'
    ]
  )
  return row!
}

async function visibleTemplates(caller: Caller): Promise<string[]> {
  const rows = await query<{ id: string }>(db.pool, caller, 'select id from public.reply_templates')
  return rows.map((row) => row.id)
}

async function render(caller: Caller, templateId: string, conversationId: string, locale = 'fr-CA'): Promise<string> {
  const [row] = await query<{ text: string }>(db.pool, caller, 'select public.render_reply_template($1, $2, $3) as text', [
    templateId,
    conversationId,
    locale
  ])
  return row!.text
}

/** A conversation written as the server would, at a chosen time, bound to a new customer. */
async function conversationAt(
  organizationId: string,
  openedAt: string,
  fields: { assignedTo?: string; claimId?: string; warrantyId?: string; name?: string } = {}
): Promise<{ id: string; customer: Caller & { id: string } }> {
  const customer = await createCustomer(db.pool)
  const { rows } = await db.pool.query<{ id: string }>(
    `insert into public.chat_conversations (organization_id, customer_name, assigned_to, claim_id, warranty_id, created_at)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [organizationId, fields.name ?? 'Sophie Gagnon', fields.assignedTo ?? null, fields.claimId ?? null, fields.warrantyId ?? null, openedAt]
  )
  const id = rows[0]!.id
  await db.pool.query('insert into public.conversation_access (conversation_id, user_id) values ($1, $2)', [id, customer.id])
  return { id, customer }
}

async function messageAt(
  conversationId: string,
  at: string,
  from: { customer: true } | { staff: Staff; internal?: boolean }
): Promise<void> {
  const staff = 'staff' in from ? from.staff : null
  await db.pool.query(
    `insert into public.chat_messages (conversation_id, sender_type, sender_id, sender_name, content, is_internal, created_at)
     values ($1, $2, $3, $4, 'Bonjour', $5, $6)`,
    [
      conversationId,
      staff ? 'staff' : 'customer',
      staff?.id ?? null,
      staff?.name ?? 'Sophie Gagnon',
      staff && 'internal' in from ? from.internal === true : false,
      at
    ]
  )
}

/** Resolves as the server would and pins the resolution to a known time. */
async function resolveAt(conversationId: string, at: string): Promise<void> {
  await db.pool.query("update public.chat_conversations set status = 'resolved' where id = $1", [conversationId])
  await db.pool.query(
    `update public.conversation_resolutions set resolved_at = $2
     where id = (select id from public.conversation_resolutions where conversation_id = $1 order by resolved_at desc limit 1)`,
    [conversationId, at]
  )
}

async function rate(caller: Caller, conversationId: string, rating: number, comment: string | null = null): Promise<void> {
  await query(db.pool, caller, 'select public.rate_conversation($1, $2, $3)', [conversationId, rating, comment])
}

async function setStatus(caller: Caller, conversationId: string, status: string): Promise<void> {
  await query(db.pool, caller, 'update public.chat_conversations set status = $2 where id = $1', [conversationId, status])
}

describe('reply templates', () => {
  it('admins keep shared ones, every chat staff member keeps their own, each sees only what is theirs to see', async () => {
    const shared = await saveTemplate(org.admin, org.id)
    const agentsOwn = await saveTemplate(org.agent, org.id, { owner: org.agent.id })
    const operationsOwn = await saveTemplate(org.operations, org.id, { owner: org.operations.id })
    expect(await visibleTemplates(org.agent)).toEqual(expect.arrayContaining([shared.id, agentsOwn.id]))
    expect(await visibleTemplates(org.agent)).not.toContain(operationsOwn.id)
    expect(await visibleTemplates(secondAgent)).toEqual(expect.arrayContaining([shared.id]))
    expect(await visibleTemplates(secondAgent)).not.toContain(agentsOwn.id)
    expect(await visibleTemplates(org.admin)).not.toContain(agentsOwn.id)
    expect(await visibleTemplates(org.fAndI)).toEqual([])
    expect(await visibleTemplates(other.admin)).not.toContain(shared.id)
    expect(await visibleTemplates(await createCustomer(db.pool))).toEqual([])
  })

  it('refuses an agent writing a shared template, anyone else’s, or another organization’s', async () => {
    const shared = await saveTemplate(org.admin, org.id)
    const agentsOwn = await saveTemplate(org.agent, org.id, { owner: org.agent.id })
    for (const attempt of [
      () => saveTemplate(org.agent, org.id),
      () => saveTemplate(org.operations, org.id),
      () => saveTemplate(org.agent, org.id, { owner: secondAgent.id }),
      () => saveTemplate(org.fAndI, org.id, { owner: org.fAndI.id }),
      () => saveTemplate(other.admin, org.id),
      () => saveTemplate(other.agent, org.id, { owner: other.agent.id })
    ]) {
      expect((await sqlError(attempt())).code).toBe('42501')
    }
    const edited = await query(db.pool, org.agent, "update public.reply_templates set title = 'Mine now' where id = $1 returning id", [
      shared.id
    ])
    expect(edited).toEqual([])
    const takeover = await sqlError(
      query(db.pool, org.agent, 'update public.reply_templates set owner_id = null where id = $1', [agentsOwn.id])
    )
    expect(takeover.code).toBe('42501')
    const gift = await sqlError(
      query(db.pool, org.agent, 'update public.reply_templates set owner_id = $2 where id = $1', [agentsOwn.id, secondAgent.id])
    )
    expect(gift.code).toBe('42501')
    expect(await query(db.pool, org.agent, 'delete from public.reply_templates where id = $1 returning id', [shared.id])).toEqual([])
    expect(await query(db.pool, secondAgent, 'delete from public.reply_templates where id = $1 returning id', [agentsOwn.id])).toEqual([])
    expect(await query(db.pool, other.admin, 'delete from public.reply_templates where id = $1 returning id', [shared.id])).toEqual([])
    const moved = await sqlError(
      query(db.pool, org.admin, 'update public.reply_templates set organization_id = $2 where id = $1', [shared.id, other.id])
    )
    expect(moved.code).toBe('42501')
    expect(
      await query(db.pool, org.admin, "update public.reply_templates set title = 'Garantie 2' where id = $1 returning id", [shared.id])
    ).toHaveLength(1)
    expect(await query(db.pool, org.agent, 'delete from public.reply_templates where id = $1 returning id', [agentsOwn.id])).toHaveLength(1)
  })

  it('refuses unknown variables, stray braces, a bad shortcut and an empty text with INVALID_INPUT', async () => {
    const unknown = await sqlError(saveTemplate(org.agent, org.id, { owner: org.agent.id, en: 'Hi {{customer.email}}' }))
    expect({ code: unknown.code, hint: unknown.hint }).toEqual({ code: 'PT400', hint: 'INVALID_INPUT' })
    expect(unknown.message).toContain('{{customer.email}}')
    expect(unknown.message).toContain('{{warranty.expiry}}')
    const stray = await sqlError(saveTemplate(org.agent, org.id, { owner: org.agent.id, fr: 'Bonjour {{customer.name}' }))
    expect(stray.hint).toBe('INVALID_INPUT')
    const shortcut = await sqlError(saveTemplate(org.agent, org.id, { owner: org.agent.id, shortcut: 'garantie' }))
    expect(shortcut.hint).toBe('INVALID_INPUT')
    const empty = await sqlError(saveTemplate(org.agent, org.id, { owner: org.agent.id, fr: ' ', en: '' }))
    expect(empty.hint).toBe('INVALID_INPUT')
    const mine = await saveTemplate(org.agent, org.id, { owner: org.agent.id })
    const edited = await sqlError(
      query(db.pool, org.agent, "update public.reply_templates set body_fr = '{{secret}}' where id = $1", [mine.id])
    )
    expect(edited.hint).toBe('INVALID_INPUT')
  })

  it('keeps shortcuts unique per scope: shared per organization, personal per owner', async () => {
    await saveTemplate(org.admin, org.id, { shortcut: '/garantie' })
    const twice = await sqlError(saveTemplate(org.admin, org.id, { shortcut: '/garantie' }))
    expect({ code: twice.code, hint: twice.hint }).toEqual({ code: 'PT409', hint: 'CONFLICT' })
    await saveTemplate(org.agent, org.id, { owner: org.agent.id, shortcut: '/garantie' })
    await saveTemplate(secondAgent, org.id, { owner: secondAgent.id, shortcut: '/garantie' })
    await saveTemplate(other.admin, other.id, { shortcut: '/garantie' })
    const mineTwice = await sqlError(saveTemplate(org.agent, org.id, { owner: org.agent.id, shortcut: '/garantie' }))
    expect(mineTwice.hint).toBe('CONFLICT')
  })
})

describe('render_reply_template', () => {
  const body = '{{customer.name}}|{{agent.name}}|{{claim.number}}|{{claim.status}}|{{warranty.number}}|{{warranty.expiry}}|{{dealer.name}}'

  async function linkedConversation(): Promise<string> {
    const suffix = randomUUID().slice(0, 8)
    const { rows: w } = await db.pool.query<{ id: string }>(
      `insert into public.warranties (organization_id, warranty_number, customer_name, expires_on)
       values ($1, $2, 'Sophie Gagnon', '2029-06-30') returning id`,
      [org.id, `W-${suffix}`]
    )
    const { rows: c } = await db.pool.query<{ id: string }>(
      `insert into public.claims (organization_id, warranty_id, claim_number, status, customer_name)
       values ($1, $2, $3, 'in_repair', 'Sophie Gagnon') returning id`,
      [org.id, w[0]!.id, `C-${suffix}`]
    )
    return (await conversationAt(org.id, new Date().toISOString(), { claimId: c[0]!.id })).id
  }

  it('fills every variable from the conversation, in the locale asked, falling back to the other text', async () => {
    const template = await saveTemplate(org.admin, org.id, { fr: `FR ${body}`, en: `EN ${body} {{ dealer.name }}` })
    const conversation = await linkedConversation()
    const fr = await render(org.agent, template.id, conversation, 'fr-CA')
    expect(fr).toMatch(
      /^FR Sophie Gagnon\|Operations Garage Agent\|C-[0-9a-f]{8}\|En réparation\|W-[0-9a-f]{8}\|2029-06-30\|Operations Garage$/
    )
    const en = await render(org.operations, template.id, conversation, 'en')
    expect(en).toMatch(/^EN Sophie Gagnon\|Operations Garage Ops\|C-.*\|In repair\|W-.*\|2029-06-30\|Operations Garage Operations Garage$/)
    const frenchOnly = await saveTemplate(org.admin, org.id, { fr: 'Seulement {{dealer.name}}', en: '' })
    expect(await render(org.agent, frenchOnly.id, conversation, 'en')).toBe('Seulement Operations Garage')
  })

  it('leaves missing values empty and values that look like variables literal', async () => {
    const template = await saveTemplate(org.admin, org.id, { fr: body })
    const { id } = await conversationAt(org.id, new Date().toISOString(), { name: '{{dealer.name}}' })
    expect(await render(org.agent, template.id, id)).toBe('{{dealer.name}}|Operations Garage Agent|||||Operations Garage')
  })

  it('answers only chat staff of the conversation’s organization, with their own or shared templates', async () => {
    const shared = await saveTemplate(org.admin, org.id)
    const secondAgentsOwn = await saveTemplate(secondAgent, org.id, { owner: secondAgent.id })
    const rivalTemplate = await saveTemplate(other.admin, other.id)
    const conversation = await linkedConversation()
    const { id: rivalConversation } = await conversationAt(other.id, new Date().toISOString())
    const customer = await createCustomer(db.pool)
    for (const [caller, template, conv] of [
      [other.admin, shared.id, conversation],
      [other.admin, rivalTemplate.id, conversation],
      [org.agent, rivalTemplate.id, conversation],
      [org.agent, shared.id, rivalConversation],
      [org.agent, secondAgentsOwn.id, conversation],
      [customer, shared.id, conversation]
    ] as const) {
      const denied = await sqlError(render(caller, template, conv))
      expect({ code: denied.code, hint: denied.hint }).toEqual({ code: 'PT404', hint: 'NOT_FOUND' })
    }
    expect((await sqlError(render(org.fAndI, shared.id, conversation))).hint).toBe('NOT_AUTHORIZED')
    expect((await sqlError(render(org.agent, shared.id, conversation, 'de'))).hint).toBe('INVALID_INPUT')
  })

  it('counts uses, readable by admins of the organization only', async () => {
    const template = await saveTemplate(org.admin, org.id)
    const conversation = await linkedConversation()
    await render(org.agent, template.id, conversation)
    await render(secondAgent, template.id, conversation, 'en')
    const sql = 'select use_count from public.reply_template_usage where template_id = $1'
    expect(await query(db.pool, org.admin, sql, [template.id])).toEqual([{ use_count: '2' }])
    for (const caller of [org.agent, org.operations, other.admin]) {
      expect(await query(db.pool, caller, sql, [template.id])).toEqual([])
    }
    const written = await sqlError(query(db.pool, org.admin, 'update public.reply_template_usage set use_count = 0'))
    expect(written.code).toBe('42501')
  })
})

describe('rate_conversation', () => {
  it('lets the bound customer rate each resolution once, and no one else', async () => {
    const customer = await createCustomer(db.pool)
    const started = await startConversation(db.pool, customer, org.id)
    await sendMessage(db.pool, customer, started.id, 'Mon auto fait un bruit')
    await sendMessage(db.pool, org.agent, started.id, 'Nous regardons')
    expect((await sqlError(rate(customer, started.id, 5))).hint).toBe('CONFLICT')
    await setStatus(org.agent, started.id, 'resolved')

    expect((await sqlError(rate(org.agent, started.id, 5))).hint).toBe('NOT_AUTHORIZED')
    expect((await sqlError(rate(org.admin, started.id, 5))).hint).toBe('NOT_AUTHORIZED')
    expect((await sqlError(rate(await createCustomer(db.pool), started.id, 1))).hint).toBe('NOT_FOUND')
    expect((await sqlError(rate(customer, started.id, 6))).hint).toBe('INVALID_INPUT')
    expect((await sqlError(rate(customer, started.id, 0))).hint).toBe('INVALID_INPUT')
    expect((await sqlError(rate(customer, started.id, 4, 'x'.repeat(1001)))).hint).toBe('INVALID_INPUT')

    await rate(customer, started.id, 4, '  Très bien  ')
    expect((await sqlError(rate(customer, started.id, 1))).hint).toBe('CONFLICT')

    await sendMessage(db.pool, customer, started.id, 'Le bruit est revenu')
    expect((await sqlError(rate(customer, started.id, 2))).hint).toBe('CONFLICT')
    await setStatus(org.agent, started.id, 'resolved')
    await rate(customer, started.id, 2)

    const rows = await query(
      db.pool,
      org.operations,
      'select rating, comment, agent_id from public.conversation_resolutions where conversation_id = $1 order by resolved_at',
      [started.id]
    )
    const { rows: assigned } = await db.pool.query<{ assigned_to: string }>(
      'select assigned_to from public.chat_conversations where id = $1',
      [started.id]
    )
    expect(assigned[0]!.assigned_to).toEqual(expect.any(String))
    expect(rows).toEqual([
      { rating: 4, comment: 'Très bien', agent_id: assigned[0]!.assigned_to },
      { rating: 2, comment: null, agent_id: assigned[0]!.assigned_to }
    ])
    for (const caller of [org.agent, org.fAndI, other.admin, customer]) {
      expect(
        await query(db.pool, caller, 'select id from public.conversation_resolutions where conversation_id = $1', [started.id])
      ).toEqual([])
    }
    const forged = await sqlError(
      query(db.pool, org.admin, 'update public.conversation_resolutions set rating = 5 where conversation_id = $1', [started.id])
    )
    expect(forged.code).toBe('42501')
  })
})

describe('operations analytics', () => {
  let shop: Organization
  let agentA: Staff
  let agentB: Staff

  // An organization on UTC, so days are UTC days: 2026-11-02 (a Monday), 2026-11-03, 2026-11-04.
  beforeAll(async () => {
    shop = await createOrganization(db.pool, 'Analytics Garage')
    await db.pool.query("update public.organizations set time_zone = 'UTC' where id = $1", [shop.id])
    agentA = shop.agent
    agentB = shop.operations
    const a = { staff: agentA }
    const b = { staff: agentB }
    const customer = { customer: true } as const

    const c1 = await conversationAt(shop.id, '2026-11-02T10:00:00Z', { assignedTo: agentA.id })
    await messageAt(c1.id, '2026-11-02T10:00:00Z', customer)
    await messageAt(c1.id, '2026-11-02T10:01:00Z', a)
    await resolveAt(c1.id, '2026-11-02T10:30:00Z')
    await rate(c1.customer, c1.id, 5)

    const c2 = await conversationAt(shop.id, '2026-11-02T11:00:00Z', { assignedTo: agentA.id })
    await messageAt(c2.id, '2026-11-02T11:00:00Z', customer)
    await messageAt(c2.id, '2026-11-02T11:05:00Z', a)
    await resolveAt(c2.id, '2026-11-02T12:00:00Z')
    await rate(c2.customer, c2.id, 3, 'Correct')

    const c3 = await conversationAt(shop.id, '2026-11-02T12:00:00Z', { assignedTo: agentB.id })
    await messageAt(c3.id, '2026-11-02T12:00:00Z', customer)
    await messageAt(c3.id, '2026-11-02T12:20:00Z', b)
    await resolveAt(c3.id, '2026-11-03T12:00:00Z')

    // The internal note does not answer the customer.
    const c4 = await conversationAt(shop.id, '2026-11-02T13:00:00Z', { assignedTo: agentB.id })
    await messageAt(c4.id, '2026-11-02T13:00:00Z', customer)
    await messageAt(c4.id, '2026-11-02T13:01:00Z', { staff: agentA, internal: true })
    await messageAt(c4.id, '2026-11-02T13:10:00Z', b)

    // A message before the customer wrote is not a response.
    const c5 = await conversationAt(shop.id, '2026-11-02T14:00:00Z', { assignedTo: agentA.id })
    await messageAt(c5.id, '2026-11-02T14:00:00Z', a)
    await messageAt(c5.id, '2026-11-02T14:30:00Z', customer)
    await messageAt(c5.id, '2026-11-02T14:32:00Z', a)

    // Either side of midnight UTC; neither answered (both breach the 15-minute target).
    const c6 = await conversationAt(shop.id, '2026-11-03T23:50:00Z', { assignedTo: agentA.id })
    await messageAt(c6.id, '2026-11-03T23:50:00Z', customer)
    const c7 = await conversationAt(shop.id, '2026-11-04T00:00:00Z', { assignedTo: agentA.id })
    await messageAt(c7.id, '2026-11-04T00:00:00Z', customer)

    // A deleted conversation leaves the figures.
    const c8 = await conversationAt(shop.id, '2026-11-02T15:00:00Z', { assignedTo: agentA.id })
    await messageAt(c8.id, '2026-11-02T15:00:00Z', customer)
    await messageAt(c8.id, '2026-11-02T17:00:00Z', a)
    await db.pool.query('update public.chat_conversations set deleted_at = now() where id = $1', [c8.id])
  })

  interface ReportRow {
    period_start: string
    agent_id: string | null
    agent_name: string | null
    conversations_opened: string
    conversations_resolved: string
    first_responses: string
    first_response_median_seconds: number | null
    first_response_p90_seconds: number | null
    first_response_breaches: string
    resolution_median_seconds: number | null
    resolution_p90_seconds: number | null
    replies_per_conversation: string | null
    ratings: string
    rating_average: string | null
    rating_1: string
    rating_3: string
    rating_5: string
    rating_response_rate: string | null
  }

  async function report(caller: Caller, period: string, byAgent: boolean): Promise<ReportRow[]> {
    return query<ReportRow>(
      db.pool,
      caller,
      "select *, period_start::text as period_start from public.operations_report($1, $2, '2026-11-02', '2026-11-04', $3)",
      [shop.id, period, byAgent]
    )
  }

  it('computes daily medians, 90th percentiles, breaches, replies and ratings per day', async () => {
    const rows = await report(shop.operations, 'day', false)
    expect(rows.map((row) => row.period_start)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04'])
    const [monday, tuesday, wednesday] = rows
    // First responses 60, 300, 1200, 600, 120 s: median 300; p90 interpolated 600 + 0.6 × 600.
    expect(monday).toMatchObject({
      agent_id: null,
      conversations_opened: '5',
      first_responses: '5',
      first_response_median_seconds: 300,
      first_response_p90_seconds: expect.closeTo(960, 6),
      first_response_breaches: '1',
      replies_per_conversation: '1.20',
      conversations_resolved: '2',
      resolution_median_seconds: 2700,
      resolution_p90_seconds: expect.closeTo(3420, 6),
      ratings: '2',
      rating_average: '4.00',
      rating_1: '0',
      rating_3: '1',
      rating_5: '1',
      rating_response_rate: '1.0000'
    })
    expect(tuesday).toMatchObject({
      conversations_opened: '1',
      first_responses: '0',
      first_response_median_seconds: null,
      first_response_breaches: '1',
      conversations_resolved: '1',
      resolution_median_seconds: 86400,
      ratings: '0',
      rating_average: null,
      rating_response_rate: '0.0000'
    })
    expect(wednesday).toMatchObject({ conversations_opened: '1', conversations_resolved: '0', rating_response_rate: null })
  })

  it('splits per agent and per week (weeks start on Monday)', async () => {
    const rows = await report(shop.admin, 'week', true)
    const byAgent = new Map(rows.map((row) => [row.agent_id, row]))
    expect(rows.every((row) => row.period_start === '2026-11-02')).toBe(true)
    expect(byAgent.get(agentA.id)).toMatchObject({
      agent_name: agentA.name,
      conversations_opened: '3',
      first_response_median_seconds: 120,
      conversations_resolved: '2',
      ratings: '2'
    })
    expect(byAgent.get(agentB.id)).toMatchObject({
      conversations_opened: '2',
      first_response_median_seconds: 900,
      first_response_breaches: '1',
      conversations_resolved: '1'
    })
    expect(byAgent.get(null)).toMatchObject({ conversations_opened: '2', first_responses: '0', first_response_breaches: '2' })
  })

  it('uses the organization’s first-response target', async () => {
    await db.pool.query(`update public.organizations set settings = '{"routing": {"first_response_minutes": 5}}' where id = $1`, [shop.id])
    try {
      const [monday] = await report(shop.admin, 'day', false)
      expect(monday!.first_response_breaches).toBe('2')
    } finally {
      await db.pool.query(`update public.organizations set settings = '{}' where id = $1`, [shop.id])
    }
  })

  it('exports the same figures as CSV', async () => {
    const [row] = await query<{ csv: string }>(
      db.pool,
      shop.admin,
      "select public.operations_report_csv($1, 'day', '2026-11-02', '2026-11-04') as csv",
      [shop.id]
    )
    const lines = row!.csv.split('\r\n')
    expect(lines[0]).toBe(
      'period_start,agent_id,agent_name,conversations_opened,conversations_resolved,first_responses,first_response_median_seconds,' +
        'first_response_p90_seconds,first_response_breaches,resolution_median_seconds,resolution_p90_seconds,replies_per_conversation,' +
        'ratings,rating_average,rating_1,rating_2,rating_3,rating_4,rating_5,rating_response_rate'
    )
    expect(lines[1]).toBe('2026-11-02,,,5,2,5,300.0,960.0,1,2700.0,3420.0,1.20,2,4.00,0,0,1,0,1,1.0000')
    expect(lines).toHaveLength(5)
    expect(lines[4]).toBe('')
  })

  it('quotes agent names and defuses spreadsheet formulas in the CSV', async () => {
    await db.pool.query(`update public.profiles set display_name = '=HYPERLINK("x")' where id = $1`, [agentB.id])
    try {
      const [row] = await query<{ csv: string }>(
        db.pool,
        shop.admin,
        "select public.operations_report_csv($1, 'week', '2026-11-02', '2026-11-04', true) as csv",
        [shop.id]
      )
      expect(row!.csv).toContain(`,${agentB.id},"'=HYPERLINK(""x"")",2,`)
    } finally {
      await db.pool.query('update public.profiles set display_name = $2 where id = $1', [agentB.id, agentB.name])
    }
  })

  it('counts days and weeks in the organization’s time zone, across a daylight-saving change', async () => {
    // Toronto leaves daylight time on Sunday 2026-11-01 at 02:00 (UTC−4, then UTC−5): that day lasts 25 hours.
    const toronto = await createOrganization(db.pool, 'Toronto Garage')
    await db.pool.query("update public.organizations set time_zone = 'America/Toronto' where id = $1", [toronto.id])
    const openedAt = {
      saturdayLate: '2026-11-01T03:30:00Z', // Sat 31 Oct 23:30 EDT
      sundayEarly: '2026-11-01T04:30:00Z', // Sun 1 Nov 00:30 EDT
      sundayLate: '2026-11-02T04:30:00Z', // Sun 1 Nov 23:30 EST (Monday in UTC, and with a fixed −4 h offset)
      mondayEarly: '2026-11-02T05:30:00Z' // Mon 2 Nov 00:30 EST
    }
    for (const at of Object.values(openedAt)) {
      const { id } = await conversationAt(toronto.id, at)
      await messageAt(id, at, { customer: true })
      await resolveAt(id, at)
    }
    const days = await query<{ period_start: string; conversations_opened: string; conversations_resolved: string }>(
      db.pool,
      toronto.admin,
      "select period_start::text, conversations_opened, conversations_resolved from public.operations_report($1, 'day', '2026-10-31', '2026-11-02')",
      [toronto.id]
    )
    expect(days).toEqual([
      { period_start: '2026-10-31', conversations_opened: '1', conversations_resolved: '1' },
      { period_start: '2026-11-01', conversations_opened: '2', conversations_resolved: '2' },
      { period_start: '2026-11-02', conversations_opened: '1', conversations_resolved: '1' }
    ])
    // Sunday evening belongs to the week of Monday 26 October, though it is Monday 2 November in UTC.
    const weeks = await query<{ period_start: string; conversations_opened: string }>(
      db.pool,
      toronto.admin,
      "select period_start::text, conversations_opened from public.operations_report($1, 'week', '2026-10-26', '2026-11-08')",
      [toronto.id]
    )
    expect(weeks).toEqual([
      { period_start: '2026-10-26', conversations_opened: '3' },
      { period_start: '2026-11-02', conversations_opened: '1' }
    ])
    // A range starting mid-week keeps the week's Monday as its label but counts from its first day.
    const fromSunday = await query<{ period_start: string; conversations_opened: string }>(
      db.pool,
      toronto.admin,
      "select period_start::text, conversations_opened from public.operations_report($1, 'week', '2026-11-01', '2026-11-01')",
      [toronto.id]
    )
    expect(fromSunday).toEqual([{ period_start: '2026-10-26', conversations_opened: '2' }])
    // A range of one local day takes exactly that day's 25 hours.
    const [sunday] = await query<{ conversations_opened: string }>(
      db.pool,
      toronto.operations,
      "select conversations_opened from public.operations_report($1, 'day', '2026-11-01', '2026-11-01')",
      [toronto.id]
    )
    expect(sunday!.conversations_opened).toBe('2')
  })

  it('counts the open backlog by age', async () => {
    const backlogOrg = await createOrganization(db.pool, 'Backlog Garage')
    for (const age of ['30 minutes', '2 hours', '2 days', '10 days']) {
      const { rows } = await db.pool.query<{ at: string }>(`select (now() - $1::interval)::text as at`, [age])
      const { id } = await conversationAt(backlogOrg.id, rows[0]!.at)
      await messageAt(id, rows[0]!.at, { customer: true })
      if (age === '2 days') await messageAt(id, rows[0]!.at, { staff: backlogOrg.agent })
    }
    const resolved = await conversationAt(backlogOrg.id, new Date().toISOString())
    await resolveAt(resolved.id, new Date().toISOString())
    const rows = await query(db.pool, backlogOrg.operations, 'select * from public.operations_backlog($1)', [backlogOrg.id])
    expect(rows).toEqual([
      { age_bucket: 'under_1h', conversations: '1', unanswered: '1' },
      { age_bucket: '1h_to_4h', conversations: '1', unanswered: '1' },
      { age_bucket: '4h_to_24h', conversations: '0', unanswered: '0' },
      { age_bucket: '1d_to_3d', conversations: '1', unanswered: '0' },
      { age_bucket: '3d_to_7d', conversations: '0', unanswered: '0' },
      { age_bucket: 'over_7d', conversations: '1', unanswered: '1' }
    ])
  })

  it('answers admins and operations only: other roles NOT_AUTHORIZED, outsiders NOT_FOUND', async () => {
    const calls = [
      'select * from public.operations_report($1)',
      'select public.operations_report_csv($1)',
      'select * from public.operations_backlog($1)'
    ]
    for (const sql of calls) {
      for (const caller of [shop.agent, shop.fAndI]) {
        const denied = await sqlError(query(db.pool, caller, sql, [shop.id]))
        expect({ code: denied.code, hint: denied.hint }).toEqual({ code: 'PT403', hint: 'NOT_AUTHORIZED' })
      }
      for (const caller of [other.admin, await createCustomer(db.pool)]) {
        const denied = await sqlError(query(db.pool, caller, sql, [shop.id]))
        expect({ code: denied.code, hint: denied.hint }).toEqual({ code: 'PT404', hint: 'NOT_FOUND' })
      }
    }
    const period = await sqlError(query(db.pool, shop.admin, "select * from public.operations_report($1, 'month')", [shop.id]))
    expect(period.hint).toBe('INVALID_INPUT')
    const range = await sqlError(
      query(db.pool, shop.admin, "select * from public.operations_report($1, 'day', '2026-01-01', '2027-06-01')", [shop.id])
    )
    expect(range.hint).toBe('INVALID_INPUT')
  })
})
