import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import {
  type Caller,
  createClaim,
  createCustomer,
  createOrganization,
  type Organization,
  query,
  sendMessage,
  startConversation
} from './fixtures.ts'

/** One organization with a row in every table, to attack from another organization. */
export interface Tenant {
  org: Organization
  customer: Caller & { id: string }
  claimCustomer: Caller & { id: string }
  conversationId: string
  conversationToken: string
  claimId: string
  warrantyId: string
}

export async function createTenant(pool: pg.Pool, name: string): Promise<Tenant> {
  const org = await createOrganization(pool, name)
  const { rows } = await pool.query<{ id: string }>(
    `insert into public.warranties (organization_id, warranty_number, customer_name, customer_email, expires_on)
     values ($1, $2, 'Sophie Gagnon', 'sophie@example.com', current_date + 20) returning id`,
    [org.id, `W-${randomUUID().slice(0, 8)}`]
  )
  const warrantyId = rows[0]!.id
  const claimId = await createClaim(pool, org.id, `RC-${randomUUID().slice(0, 8)}`)
  await query(pool, org.agent, `select public.change_claim_status($1, 'under_review', 'Looking', null)`, [claimId])
  const [issued] = await query<{ token: string }>(pool, org.agent, 'select public.issue_claim_access_token($1) as token', [claimId])
  const claimCustomer = await createCustomer(pool)
  await query(pool, claimCustomer, 'select * from public.redeem_access_token($1)', [issued!.token])

  const customer = await createCustomer(pool)
  const conversation = await startConversation(pool, customer, org.id)
  await pool.query('update public.chat_conversations set claim_id = $2, warranty_id = $3 where id = $1', [
    conversation.id,
    claimId,
    warrantyId
  ])
  await sendMessage(pool, customer, conversation.id, 'Hello, my car makes a noise')
  await sendMessage(pool, org.agent, conversation.id, 'We are on it')
  await sendMessage(pool, org.agent, conversation.id, 'Internal: check the warranty', { internal: true })
  await query(pool, customer, 'select public.set_typing($1, true)', [conversation.id])
  await pool.query(
    `insert into public.push_subscriptions (organization_id, user_id, platform, endpoint, keys)
     values ($1, $2, 'web', 'https://push.example/' || gen_random_uuid(), '{}'), ($1, $3, 'web', 'https://push.example/' || gen_random_uuid(), '{}')`,
    [org.id, org.admin.id, customer.id]
  )
  await pool.query(`insert into public.notifications (organization_id, user_id, type, title) values ($1, $2, 'system_alert', 'Hello')`, [
    org.id,
    org.admin.id
  ])
  await pool.query(
    `insert into public.notification_outbox (organization_id, user_id, type, title) values ($1, $2, 'system_alert', 'Hello')`,
    [org.id, org.admin.id]
  )
  return {
    org,
    customer,
    claimCustomer,
    conversationId: conversation.id,
    conversationToken: conversation.token,
    claimId,
    warrantyId
  }
}

/** Per table: how to count one tenant's rows, for a caller's view of the table. */
export const TENANT_ROWS: Record<string, (t: Tenant) => [string, unknown[]]> = {
  organizations: (t) => ['select count(*)::int as n from public.organizations where id = $1', [t.org.id]],
  profiles: (t) => ['select count(*)::int as n from public.profiles where organization_id = $1', [t.org.id]],
  warranties: (t) => ['select count(*)::int as n from public.warranties where organization_id = $1', [t.org.id]],
  claims: (t) => ['select count(*)::int as n from public.claims where organization_id = $1', [t.org.id]],
  claim_access: (t) => ['select count(*)::int as n from public.claim_access where claim_id = $1', [t.claimId]],
  claim_status_updates: (t) => ['select count(*)::int as n from public.claim_status_updates where organization_id = $1', [t.org.id]],
  chat_conversations: (t) => ['select count(*)::int as n from public.chat_conversations where organization_id = $1', [t.org.id]],
  customer_conversations: (t) => ['select count(*)::int as n from public.customer_conversations where organization_id = $1', [t.org.id]],
  conversation_access: (t) => ['select count(*)::int as n from public.conversation_access where conversation_id = $1', [t.conversationId]],
  chat_messages: (t) => ['select count(*)::int as n from public.chat_messages where organization_id = $1', [t.org.id]],
  typing_indicators: (t) => ['select count(*)::int as n from public.typing_indicators where conversation_id = $1', [t.conversationId]],
  push_subscriptions: (t) => ['select count(*)::int as n from public.push_subscriptions where organization_id = $1', [t.org.id]],
  notifications: (t) => ['select count(*)::int as n from public.notifications where organization_id = $1', [t.org.id]],
  notification_outbox: (t) => ['select count(*)::int as n from public.notification_outbox where organization_id = $1', [t.org.id]]
}
