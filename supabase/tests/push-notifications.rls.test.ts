import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validatePreferences } from '../../packages/core/src/push/validate-preferences.ts'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import { preferencesOf } from '../functions/_shared/push/validate.ts'
import { type Caller, createCustomer, createOrganization, type Organization, query, sqlError, startConversation } from './fixtures.ts'
import { failRows, jobFailures } from './push-db.ts'

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

// Rows as the push functions write them (service-role RPCs): straight through the superuser pool.
async function subscribe(organizationId: string, userId: string): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `insert into public.push_subscriptions (organization_id, user_id, platform, endpoint, keys)
     values ($1, $2, 'web', 'https://push.example/' || gen_random_uuid(), '{"p256dh": "sealed", "auth": "sealed"}') returning id`,
    [organizationId, userId]
  )
  return rows[0]!.id
}

describe('push_subscriptions', () => {
  it('staff see only their own rows', async () => {
    const mine = await subscribe(org.id, org.agent.id)
    await subscribe(org.id, org.admin.id)
    const seen = await query<{ id: string }>(db.pool, org.agent, 'select id from public.push_subscriptions')
    expect(seen).toEqual([{ id: mine }])
  })

  it('no client writes a subscription directly, not even its own: the push functions do', async () => {
    const customer = await createCustomer(db.pool)
    await startConversation(db.pool, customer, org.id)
    const own = await subscribe(org.id, customer.id)
    for (const caller of [customer, org.operations]) {
      for (const [sql, params] of [
        [
          `insert into public.push_subscriptions (organization_id, user_id, platform, endpoint) values ($1, $2, 'web', 'https://push.example/x')`,
          [org.id, caller.id]
        ],
        [`update public.push_subscriptions set preferences = '{"new_messages": "abc"}' where id = $1`, [own]],
        ['update public.push_subscriptions set enabled = false where user_id = $1', [caller.id]],
        ['delete from public.push_subscriptions where id = $1', [own]]
      ] as const) {
        expect((await sqlError(query(db.pool, caller, sql, [...params]))).code).toBe('42501')
      }
    }
    const { rows } = await db.pool.query('select enabled, preferences from public.push_subscriptions where id = $1', [own])
    expect(rows).toEqual([
      { enabled: true, preferences: { new_messages: true, claim_updates: true, warranty_expiring: true, system_alerts: true } }
    ])
  })

  it('who may register where is push_caller’s answer: staff of the organization, or a customer bound in it', async () => {
    const customer = await createCustomer(db.pool)
    const caller = (who: Caller, organizationId: string) => query(db.pool, who, 'select public.push_caller($1) as c', [organizationId])
    expect((await sqlError(caller(customer, org.id))).hint).toBe('NOT_AUTHORIZED')
    await startConversation(db.pool, customer, org.id)
    expect(await caller(customer, org.id)).toEqual([{ c: { user_id: customer.id, kind: 'customer', role: null } }])
    expect((await sqlError(caller(customer, other.id))).hint).toBe('NOT_AUTHORIZED')
    expect((await sqlError(caller(org.agent, other.id))).hint).toBe('NOT_AUTHORIZED')
  })

  it('preferences hold only the four kinds, true or false, whoever writes them', async () => {
    const id = await subscribe(org.id, org.fAndI.id)
    for (const [preferences, message] of [
      [{ new_messages: 'abc' }, 'preference new_messages must be true or false'],
      [{ new_messages: null }, 'preference new_messages must be true or false'],
      [{ claim_updates: 1 }, 'preference claim_updates must be true or false'],
      [{ sms: true }, 'unknown preference sms (expected new_messages, claim_updates, warranty_expiring, system_alerts)'],
      [[true], 'preferences must be a JSON object'],
      ['on', 'preferences must be a JSON object']
    ] as const) {
      const json = JSON.stringify(preferences)
      const stored = await sqlError(db.pool.query('update public.push_subscriptions set preferences = $2 where id = $1', [id, json]))
      expect({ json, code: stored.code, message: stored.message }).toEqual({
        json,
        code: '23514',
        message: expect.stringContaining('"push_subscriptions_preferences_valid"')
      })
      const rpc = await sqlError(query(db.pool, service, 'select public.push_update_subscription($1, $2, $3)', [id, org.fAndI.id, json]))
      expect({ json, hint: rpc.hint, message: rpc.message }).toEqual({ json, hint: 'INVALID_INPUT', message })
    }
    const [saved] = await query<{ prefs: unknown }>(
      db.pool,
      service,
      `select public.push_update_subscription($1, $2, '{"system_alerts": false}') as prefs`,
      [id, org.fAndI.id]
    )
    expect(saved!.prefs).toEqual({ new_messages: true, claim_updates: true, warranty_expiring: true, system_alerts: false })
  })
})

describe('preferences rule', () => {
  it('the database, the push functions and @parley/core accept and refuse the same values', async () => {
    const values: unknown[] = [
      {},
      { new_messages: false },
      { new_messages: true, claim_updates: false, warranty_expiring: true, system_alerts: false },
      { new_messages: 'abc' },
      { new_messages: 'false' },
      { new_messages: 0 },
      { new_messages: null },
      { new_messages: {} },
      { sms: true },
      { New_Messages: true },
      [],
      [true],
      'on',
      42,
      null
    ]
    for (const value of values) {
      const [row] = await query<{ ok: boolean }>(db.pool, service, 'select private.push_preferences_problem($1::jsonb) is null as ok', [
        JSON.stringify(value)
      ])
      const accepts = (check: (input: unknown) => unknown) => {
        try {
          check(value)
          return true
        } catch {
          return false
        }
      }
      expect({ value, functions: accepts(preferencesOf), core: accepts(validatePreferences) }).toEqual({
        value,
        functions: row!.ok,
        core: row!.ok
      })
    }
  })
})

describe('job failures', () => {
  it('admins read their organization’s, nobody else’s; no client writes them', async () => {
    await db.pool.query(
      `insert into public.job_failures (job, organization_id, subject, error) values ('test', $1, 'mine', 'x'), ('test', $2, 'theirs', 'x'), ('test', null, 'global', 'x')`,
      [org.id, other.id]
    )
    expect(await query(db.pool, org.admin, 'select subject from public.job_failures')).toEqual([{ subject: 'mine' }])
    expect(await query(db.pool, org.agent, 'select subject from public.job_failures')).toEqual([])
    expect(
      (await sqlError(query(db.pool, org.admin, `insert into public.job_failures (job, subject, error) values ('x', 'y', 'z')`))).code
    ).toBe('42501')
    expect((await sqlError(query(db.pool, org.admin, 'delete from public.job_failures'))).code).toBe('42501')
    await db.pool.query('delete from public.job_failures')
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
    const [read] = await query(
      db.pool,
      org.operations,
      'update public.notifications set read_at = now() where id = $1 returning read_at is not null as read',
      [id]
    )
    expect(read).toEqual({ read: true })
    const error = await sqlError(query(db.pool, org.operations, "update public.notifications set title = 'Changed' where id = $1", [id]))
    expect(error.hint).toBe('NOT_AUTHORIZED')
  })

  it('notification types are the enum (new_message, claim_update, warranty_expiring, system_alert)', async () => {
    const error = await sqlError(
      db.pool.query("insert into public.notifications (organization_id, user_id, type, title) values ($1, $2, 'spam', 'x')", [
        org.id,
        org.admin.id
      ])
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
      'select warranty_number from public.warranties where organization_id = $1 and expiry_notified_at is not null',
      [org.id]
    )
    expect(rows).toEqual([{ warranty_number: 'W-SOON' }])
    expect((await sqlError(query(db.pool, org.admin, 'select public.enqueue_warranty_expiring(30)'))).code).toBe('42501')
    expect((await sqlError(query(db.pool, service, 'select public.enqueue_warranty_expiring(-1)'))).hint).toBe('INVALID_INPUT')
  })

  it('stamps every other warranty when one cannot be stamped, and records that one', async () => {
    const { rows } = await db.pool.query<{ id: string; organization_id: string }>(
      `insert into public.warranties (organization_id, warranty_number, customer_name, expires_on)
       values ($1, 'W-STUCK', 'Sophie', current_date + 5), ($2, 'W-OTHER', 'Omar', current_date + 5) returning id, organization_id`,
      [org.id, other.id]
    )
    const [stuck, fine] = rows
    const undo = await failRows(db.pool, 'public.warranties', 'update', `old.id = '${stuck!.id}'`)
    try {
      const [run] = await query<{ n: number }>(db.pool, service, 'select public.enqueue_warranty_expiring(30) as n')
      expect(run!.n).toBe(1)
    } finally {
      await undo()
    }
    const stamped = await db.pool.query('select id from public.warranties where id = any($1) and expiry_notified_at is not null', [
      [stuck!.id, fine!.id]
    ])
    expect(stamped.rows).toEqual([{ id: fine!.id }])
    expect(await jobFailures(db.pool)).toEqual([
      {
        job: 'enqueue_warranty_expiring',
        organization_id: org.id,
        subject: `warranty ${stuck!.id}`,
        error: 'planted failure',
        occurrences: 1
      }
    ])
    // The next run stamps it once it can be.
    const [next] = await query<{ n: number }>(db.pool, service, 'select public.enqueue_warranty_expiring(30) as n')
    expect(next!.n).toBe(1)
    await db.pool.query('delete from public.job_failures')
  })
})

describe('typing clean-up job', () => {
  it('deletes every expired indicator but one that cannot be deleted, and records that one', async () => {
    const customers = [await createCustomer(db.pool), await createCustomer(db.pool)]
    const conversations = []
    for (const customer of customers) {
      const conversation = await startConversation(db.pool, customer, org.id)
      await query(db.pool, customer, 'select public.set_typing($1, true)', [conversation.id])
      conversations.push(conversation.id)
    }
    await db.pool.query("update public.typing_indicators set expires_at = now() - interval '1 minute' where conversation_id = any($1)", [
      conversations
    ])
    const undo = await failRows(db.pool, 'public.typing_indicators', 'delete', `old.conversation_id = '${conversations[0]}'`)
    try {
      const [run] = await query<{ n: number }>(db.pool, service, 'select public.cleanup_typing_indicators() as n')
      expect(run!.n).toBe(1)
    } finally {
      await undo()
    }
    const left = await db.pool.query('select conversation_id from public.typing_indicators where conversation_id = any($1)', [
      conversations
    ])
    expect(left.rows).toEqual([{ conversation_id: conversations[0] }])
    expect(await jobFailures(db.pool)).toEqual([
      {
        job: 'cleanup_typing_indicators',
        organization_id: org.id,
        subject: `typing ${conversations[0]} customer ${customers[0]!.id}`,
        error: 'planted failure',
        occurrences: 1
      }
    ])
    await db.pool.query('delete from public.job_failures')
  })
})
