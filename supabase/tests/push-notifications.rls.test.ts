import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import { createCustomer, createOrganization, query, sqlError, startConversation, type Caller, type Organization } from './fixtures.ts'

let db: TestDatabase
let org: Organization
let other: Organization
const service: Caller = { id: null, context: { role: 'service_role', claims: { role: 'service_role' } } }

beforeAll(async () => {
  db = await createTestDatabase()
  org = await createOrganization(db.pool, 'Push Garage')
  other = await createOrganization(db.pool, 'Other Push Garage')
})
afterAll(() => db.drop())

function subscribe(caller: Caller, organizationId: string, userId: string | null) {
  return query<{ id: string }>(
    db.pool,
    caller,
    `insert into public.push_subscriptions (organization_id, user_id, platform, endpoint, keys)
     values ($1, $2, 'web', 'https://push.example/' || gen_random_uuid(), '{"p256dh": "sealed", "auth": "sealed"}') returning id`,
    [organizationId, userId]
  )
}

describe('push_subscriptions', () => {
  it('staff subscribe for themselves in their organization, and see only their own rows', async () => {
    const [mine] = await subscribe(org.agent, org.id, org.agent.id)
    await subscribe(org.admin, org.id, org.admin.id)
    const seen = await query<{ id: string }>(db.pool, org.agent, 'select id from public.push_subscriptions')
    expect(seen).toEqual([{ id: mine!.id }])
  })

  it('nobody subscribes someone else, or into an organization they do not belong to', async () => {
    expect((await sqlError(subscribe(org.agent, org.id, org.admin.id))).code).toBe('42501')
    expect((await sqlError(subscribe(org.agent, other.id, org.agent.id))).code).toBe('42501')
  })

  it('an anonymous customer subscribes only in the organization of a conversation bound to them', async () => {
    const customer = await createCustomer(db.pool)
    expect((await sqlError(subscribe(customer, org.id, customer.id))).code).toBe('42501')
    await startConversation(db.pool, customer, org.id)
    const [row] = await subscribe(customer, org.id, customer.id)
    expect(row!.id).toBeTruthy()
    expect((await sqlError(subscribe(customer, other.id, customer.id))).code).toBe('42501')
  })

  it('preferences are editable by the owner; owner and organization are not', async () => {
    const [row] = await subscribe(org.operations, org.id, org.operations.id)
    await query(db.pool, org.operations, `update public.push_subscriptions set preferences = preferences || '{"new_messages": false}' where id = $1`, [row!.id])
    const moved = await sqlError(
      query(db.pool, org.operations, 'update public.push_subscriptions set organization_id = $2 where id = $1', [row!.id, other.id])
    )
    expect(['42501', 'PT403']).toContain(moved.code)
    const touched = await query(db.pool, org.agent, 'update public.push_subscriptions set enabled = false where id = $1 returning id', [row!.id])
    expect(touched).toEqual([])
    const removed = await query(db.pool, org.agent, 'delete from public.push_subscriptions where id = $1 returning id', [row!.id])
    expect(removed).toEqual([])
  })
})

describe('notification centre', () => {
  async function notify(userId: string, title: string): Promise<string> {
    const { rows } = await db.pool.query(
      "insert into public.notifications (organization_id, user_id, type, title) values ($1, $2, 'claim_update', $3) returning id",
      [org.id, userId, title]
    )
    return rows[0].id
  }

  it('admin, operations and f_and_i read their own notifications, not each other’s', async () => {
    await notify(org.fAndI.id, 'For F&I')
    await notify(org.admin.id, 'For admin')
    const seen = await query(db.pool, org.fAndI, 'select title from public.notifications')
    expect(seen).toEqual([{ title: 'For F&I' }])
  })

  it('clients cannot create notifications', async () => {
    const error = await sqlError(
      query(
        db.pool,
        org.admin,
        "insert into public.notifications (organization_id, user_id, type, title) values ($1, $2, 'system_alert', 'Fake')",
        [org.id, org.fAndI.id]
      )
    )
    expect(error.code).toBe('42501')
  })

  it('the owner marks read; nothing else about a notification changes', async () => {
    const id = await notify(org.operations.id, 'Read me')
    const [read] = await query(db.pool, org.operations, 'update public.notifications set read_at = now() where id = $1 returning read_at is not null as read', [id])
    expect(read).toEqual({ read: true })
    const error = await sqlError(query(db.pool, org.operations, "update public.notifications set title = 'Changed' where id = $1", [id]))
    expect(error.hint).toBe('NOT_AUTHORIZED')
  })

  it('notification types are the enum (new_message, claim_update, warranty_expiring, system_alert)', async () => {
    const error = await sqlError(
      db.pool.query("insert into public.notifications (organization_id, user_id, type, title) values ($1, $2, 'spam', 'x')", [org.id, org.admin.id])
    )
    expect(error.code).toBe('22P02')
  })
})

describe('notification_outbox', () => {
  it('is the dispatcher’s (service_role) alone', async () => {
    await db.pool.query(
      "insert into public.notification_outbox (organization_id, user_id, type, title) values ($1, $2, 'new_message', 'Hi')",
      [org.id, org.agent.id]
    )
    for (const caller of [org.admin, org.agent]) {
      expect((await sqlError(query(db.pool, caller, 'select * from public.notification_outbox'))).code).toBe('42501')
    }
    const rows = await query(db.pool, service, 'select status, attempts from public.notification_outbox where user_id = $1', [org.agent.id])
    expect(rows).toContainEqual({ status: 'pending', attempts: 0 })
    const bad = await sqlError(
      query(db.pool, service, "update public.notification_outbox set status = 'lost' where user_id = $1", [org.agent.id])
    )
    expect(bad.code).toBe('23514')
  })
})

describe('warranty expiry job', () => {
  it('stamps warranties expiring within the window once, for service_role only', async () => {
    await db.pool.query(
      `insert into public.warranties (organization_id, warranty_number, customer_name, expires_on)
       values ($1, 'W-SOON', 'Sophie', current_date + 20), ($1, 'W-LATER', 'Sophie', current_date + 90)`,
      [org.id]
    )
    const [first] = await query<{ n: number }>(db.pool, service, 'select public.enqueue_warranty_expiring(30) as n')
    const [second] = await query<{ n: number }>(db.pool, service, 'select public.enqueue_warranty_expiring(30) as n')
    expect(first!.n).toBe(1)
    expect(second!.n).toBe(0)
    const { rows } = await db.pool.query(
      "select warranty_number from public.warranties where organization_id = $1 and expiry_notified_at is not null",
      [org.id]
    )
    expect(rows).toEqual([{ warranty_number: 'W-SOON' }])
    expect((await sqlError(query(db.pool, org.admin, 'select public.enqueue_warranty_expiring(30)'))).code).toBe('42501')
    expect((await sqlError(query(db.pool, service, 'select public.enqueue_warranty_expiring(-1)'))).hint).toBe('INVALID_INPUT')
  })
})
