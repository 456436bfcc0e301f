// Quick replies, ratings and operations analytics through @parley/core over the local stack
// with unmodified supabase-js and the demo organization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
import { createParley, type Parley, ParleyError } from '../src/index.ts'
import { DEMO } from './helpers.ts'

let stack: TestStack
let admin: Parley
let agent: Parley
const clients: Parley[] = []

async function refusal(work: Promise<unknown>): Promise<ParleyError> {
  const error = await work.then(
    () => undefined,
    (failure: unknown) => failure
  )
  if (!(error instanceof ParleyError)) throw new Error(`expected a ParleyError, got ${String(error)}`)
  return error
}

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  admin = createParley({ supabase: stack.client() }, { storage: null })
  agent = createParley({ supabase: stack.client() }, { storage: null })
  await admin.signIn({ email: DEMO.admin.email, password: DEMO.admin.password })
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
})

afterAll(async () => {
  for (const parley of [admin, agent, ...clients]) await parley?.destroy()
  await stack?.stop()
})

describe('quick replies through core', () => {
  it('an admin shares a template, an agent finds it with / and renders it for a conversation', async () => {
    const shared = await admin.createReplyTemplate({
      title: 'Garantie',
      shortcut: '/garantie',
      body_fr: 'Bonjour {{customer.name}}, ici {{agent.name}} de {{dealer.name}}.',
      shared: true
    })
    const mine = await agent.createReplyTemplate({ title: 'Ma garantie', shortcut: '/garantie', body_en: 'Hi {{customer.name}}' })
    expect((await agent.searchReplyTemplates('/gar')).map((t) => t.id)).toEqual([mine.id, shared.id])
    expect((await admin.listReplyTemplates()).map((t) => t.id)).not.toContain(mine.id)

    const text = await agent.renderReplyTemplate(shared.id, DEMO.conversationId, 'fr-CA')
    expect(text).toMatch(new RegExp(`^Bonjour .+, ici ${DEMO.julie.name} de .+\\.$`))
    expect(await admin.replyTemplateUsage()).toEqual([expect.objectContaining({ template_id: shared.id, use_count: 1 })])

    expect((await refusal(agent.updateReplyTemplate(shared.id, { title: 'Pris', shortcut: '/pris', body_fr: 'x' }))).code).toBe('NOT_FOUND')
    expect((await refusal(agent.createReplyTemplate({ title: 'Dup', shortcut: '/garantie', body_fr: 'x' }))).code).toBe('CONFLICT')
    await agent.deleteReplyTemplate(mine.id)
    expect((await refusal(agent.deleteReplyTemplate(mine.id))).code).toBe('NOT_FOUND')
  })
})

describe('ratings and analytics through core', () => {
  it('a customer rates a resolved conversation once; managers see it in the report and the CSV', async () => {
    const customer = createParley({ supabase: stack.client() }, { storage: null })
    clients.push(customer)
    const { conversation_id } = await customer.startConversation({
      organization_id: DEMO.organizationId,
      customer_name: 'Ada Roy',
      customer_email: 'ada@example.com'
    })
    await customer.sendMessage({ conversation_id, content: 'Bonjour' })
    await agent.sendMessage({ conversation_id, content: 'Bonjour Ada' })
    await agent.resolveConversation(conversation_id)
    await customer.rateConversation(conversation_id, 5, 'Parfait')
    expect((await refusal(customer.rateConversation(conversation_id, 1))).code).toBe('CONFLICT')
    expect((await refusal(customer.rateConversation(conversation_id, 7))).code).toBe('INVALID_INPUT')

    // Report days are the organization's: the demo garage is in Toronto.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date())
    const [row] = await admin.operationsReport(DEMO.organizationId, { from: today, to: today })
    expect(row).toMatchObject({ period_start: today })
    expect(row!.ratings).toBeGreaterThanOrEqual(1)
    expect(row!.rating_5).toBeGreaterThanOrEqual(1)
    expect(row!.first_responses).toBeGreaterThanOrEqual(1)
    const csv = await admin.operationsReportCsv(DEMO.organizationId, { from: today, to: today })
    expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^${today},,,`))
    expect((await admin.operationsBacklog(DEMO.organizationId)).map((bucket) => bucket.age_bucket)).toEqual([
      'under_1h',
      '1h_to_4h',
      '4h_to_24h',
      '1d_to_3d',
      '3d_to_7d',
      'over_7d'
    ])
    const [latest] = await admin.recentRatings(DEMO.organizationId, 1)
    expect(latest).toMatchObject({ conversation_id, rating: 5, comment: 'Parfait' })
    expect(await agent.recentRatings(DEMO.organizationId)).toEqual([])
    expect((await refusal(admin.recentRatings(DEMO.organizationId, 0))).code).toBe('INVALID_INPUT')
    expect((await refusal(agent.operationsReport(DEMO.organizationId))).code).toBe('NOT_AUTHORIZED')
    expect((await refusal(admin.operationsReport(DEMO.organizationId, { period: 'month' as 'day' }))).code).toBe('INVALID_INPUT')
  })

  it('tells on every row the first-response target it counted against: 15 minutes unless the routing sets it', async () => {
    const targets = async () => new Set((await admin.operationsReport(DEMO.organizationId)).map((row) => row.first_response_target_seconds))
    expect(await targets()).toEqual(new Set([15 * 60]))
    await stack.db.pool.query(
      `update organizations set settings = jsonb_set(coalesce(settings, '{}'), '{routing}', coalesce(settings -> 'routing', '{}') || '{"first_response_minutes": 45}') where id = $1`,
      [DEMO.organizationId]
    )
    expect(await targets()).toEqual(new Set([45 * 60]))
  })
})
