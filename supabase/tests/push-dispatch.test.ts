import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import webpush from 'web-push'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import type { PushDeps } from '../functions/_shared/push/deps.ts'
import { createDispatchHandler } from '../functions/_shared/push/dispatch-handler.ts'
import { type DispatchOptions, dispatch } from '../functions/_shared/push/dispatcher.ts'
import { createRegisterHandler } from '../functions/_shared/push/register.ts'
import type { Rpc } from '../functions/_shared/push/rpc.ts'
import { createFcmSender } from '../functions/_shared/push/senders/fcm.ts'
import { createWebPushSender } from '../functions/_shared/push/senders/web-push.ts'
import { createTestHandler } from '../functions/_shared/push/test-send.ts'
import { createVault, generateVaultKey, type Vault } from '../functions/_shared/push/vault.ts'
import { createOrganization } from './fixtures.ts'
import { DEMO } from './kit/demo.ts'
import { anonymousUser, failRows, jobFailures, pgRpc, plantPreferences, SERVICE, staffClaims } from './push-db.ts'
import {
  type BrowserSubscription,
  browserSubscription,
  decryptFor,
  type PushService,
  startPushService,
  verifyVapid
} from './push-harness.ts'

// Demo seed (supabase/seed.sql).
const ORG = DEMO.organizationId
const ADMIN = DEMO.admin.id
const JULIE = DEMO.julie.id
const MARC = DEMO.marc.id
const CONVERSATION = '66666666-6666-4666-8666-666666666601'
const CONVERSATION_TOKEN = 'd8dfb96614622f3f7c88ec9045e42bba15ca824d4a4c4f85682dc281e98bcb37'

const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:push@parley.test' }

let db: TestDatabase
let service: PushService
let vault: Vault
let deps: PushDeps
let customer: { id: string; claims: Record<string, unknown> }
/** Tokens stand for the caller's JWT; PostgREST would have verified it into these claims. */
const sessions = new Map<string, Record<string, unknown>>()

beforeAll(async () => {
  db = await createTestDatabase({ seed: true })
  service = await startPushService()
  vault = await createVault(generateVaultKey())
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  service.respond('/token', 200, { 'content-type': 'application/json' }, JSON.stringify({ access_token: 'ya29.test', expires_in: 3600 }))
  const senders = {
    web: createWebPushSender({ vapid }),
    android: createFcmSender({
      serviceAccount: {
        project_id: 'parley-test',
        client_email: 'push@parley-test.iam.gserviceaccount.com',
        private_key: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        token_uri: `${service.url}/token`
      },
      baseUrl: service.url
    })
  }
  deps = {
    callerRpc: (token) => pgRpc(db.pool, sessions.get(token) ?? { role: 'anon' }),
    serviceRpc: pgRpc(db.pool, SERVICE),
    vault,
    senders: () => senders,
    serviceRoleKey: 'service-role-key',
    dispatchSecret: 'cron-secret',
    allowPrivateEndpoints: true
  }
  customer = await anonymousUser(db.pool)
  await pgRpc(db.pool, customer.claims)('redeem_access_token', { token: CONVERSATION_TOKEN })
  for (const [token, claims] of [
    ['julie', staffClaims(JULIE)],
    ['marc', staffClaims(MARC)],
    ['admin', staffClaims(ADMIN)],
    ['customer', customer.claims]
  ] as const) {
    sessions.set(token, claims)
  }
})
afterAll(async () => {
  await service?.stop()
  await db?.drop()
})

const register = createRegisterHandler(async () => deps)
const testPush = createTestHandler(async () => deps)

function call(handler: (request: Request) => Promise<Response>, token: string | null, body: unknown, method = 'POST') {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  return handler(new Request('http://functions.local/push', { method, headers, body: JSON.stringify(body) }))
}

async function subscribe(
  token: string,
  name: string,
  preferences?: Record<string, boolean>
): Promise<BrowserSubscription & { id: string }> {
  const browser = browserSubscription(`${service.url}/push/${name}-${randomUUID()}`)
  const response = await call(register, token, {
    organization_id: ORG,
    platform: 'web',
    endpoint: browser.endpoint,
    keys: browser.keys,
    preferences
  })
  expect(response.status).toBe(200)
  const { id } = (await response.json()) as { id: string }
  return { ...browser, id }
}

function run(options: DispatchOptions = {}) {
  return dispatch({ rpc: deps.serviceRpc, vault, senders: deps.senders() }, options)
}

function pushesTo(subscription: BrowserSubscription) {
  return service.received.filter((push) => subscription.endpoint.endsWith(push.path))
}

async function outbox(where = 'true', params: unknown[] = []) {
  return (await db.pool.query(`select * from public.notification_outbox where ${where} order by created_at`, params)).rows
}

const customerSays = (content: string) =>
  pgRpc(db.pool, customer.claims)('send_message', { conversation_id: CONVERSATION, client_id: randomUUID(), content })
const julieSays = (content: string) =>
  pgRpc(db.pool, staffClaims(JULIE))('send_message', { conversation_id: CONVERSATION, client_id: randomUUID(), content })

beforeEach(async () => {
  // Each test starts from an empty outbox, nobody recently active, and no subscriptions.
  await db.pool.query(
    'delete from public.notification_outbox; delete from public.push_subscriptions; delete from public.notifications; delete from public.job_failures'
  )
  await db.pool.query('update public.chat_conversations set staff_last_seen_at = null, customer_last_seen_at = null')
  service.received.length = 0
})

describe('push-register', () => {
  it('stores a staff subscription sealed, and finds the same browser again', async () => {
    const browser = await subscribe('julie', 'julie')
    const { rows } = await db.pool.query('select * from public.push_subscriptions where id = $1', [browser.id])
    expect(rows[0]).toMatchObject({ user_id: JULIE, organization_id: ORG, platform: 'web', enabled: true })
    const stored = JSON.stringify(rows[0])
    expect(stored).not.toContain(browser.endpoint)
    expect(stored).not.toContain(browser.keys.auth)
    expect(stored).not.toContain(browser.keys.p256dh)

    const again = await call(register, 'julie', { organization_id: ORG, platform: 'web', endpoint: browser.endpoint, keys: browser.keys })
    expect(await again.json()).toEqual({ id: browser.id })
  })

  it('updates preferences and unregisters only the owner’s subscription', async () => {
    const browser = await subscribe('julie', 'prefs')
    const updated = await call(register, 'julie', { id: browser.id, preferences: { new_messages: false } })
    expect(await updated.json()).toEqual({
      id: browser.id,
      preferences: { new_messages: false, claim_updates: true, warranty_expiring: true, system_alerts: true }
    })
    const stranger = await call(register, 'marc', { id: browser.id }, 'DELETE')
    expect(stranger.status).toBe(404)
    expect(await stranger.json()).toMatchObject({ code: 'NOT_FOUND' })
    const own = await call(register, 'julie', { id: browser.id }, 'DELETE')
    expect(await own.json()).toEqual({ id: browser.id, deleted: true })
  })

  it('lets a bound anonymous customer register, and refuses strangers and bad input', async () => {
    await subscribe('customer', 'customer')
    const stranger = await anonymousUser(db.pool)
    sessions.set('stranger', stranger.claims)
    const browser = browserSubscription(`${service.url}/push/stranger`)
    const refused = await call(register, 'stranger', {
      organization_id: ORG,
      platform: 'web',
      endpoint: browser.endpoint,
      keys: browser.keys
    })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'NOT_AUTHORIZED' })
    expect((await call(register, null, {})).status).toBe(403)
    const bad = await call(register, 'julie', {
      organization_id: ORG,
      platform: 'web',
      endpoint: browser.endpoint,
      keys: { p256dh: 'x', auth: 'y' }
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('what enqueues', () => {
  it('a customer message reaches the assigned agent who is away, encrypted and VAPID-signed', async () => {
    const julie = await subscribe('julie', 'julie')
    const marc = await subscribe('marc', 'marc')
    await customerSays('Is my car ready?')
    const report = await run()
    expect(report).toMatchObject({ claimed: 1, sent: 1 })
    expect(pushesTo(marc)).toHaveLength(0)
    const [push] = pushesTo(julie)
    expect(decryptFor(julie, push!)).toMatchObject({
      title: 'Nouveau message de Sophie Gagnon',
      body: 'Is my car ready?',
      tag: `parley:conversation:${CONVERSATION}`,
      data: { type: 'new_message', conversation_id: CONVERSATION }
    })
    await verifyVapid(push!.headers.authorization, julie.endpoint, vapid.publicKey)
    const { rows } = await db.pool.query('select last_used_at from public.push_subscriptions where id = $1', [julie.id])
    expect(rows[0].last_used_at).not.toBeNull()
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('writes pushes and notification-centre rows in the organization’s language', async () => {
    const julie = await subscribe('julie', 'julie')
    const customerBrowser = await subscribe('customer', 'customer')
    const texts = async () => (await outbox()).map(({ title, body }) => ({ title, body }))
    try {
      await db.pool.query("update public.organizations set locale = 'en' where id = $1", [ORG])
      await customerSays('Is my car ready?')
      await julieSays('Yes, at noon.')
      await pgRpc(db.pool, staffClaims(JULIE))('change_claim_status', { claim_id: DEMO.claimId, new_status: 'info_requested' })
      expect(await texts()).toEqual([
        { title: 'New message from Sophie Gagnon', body: 'Is my car ready?' },
        { title: 'New reply from Julie Tremblay', body: 'Yes, at noon.' },
        { title: 'Claim RC-2026-0042: Information requested', body: 'Status changed from Under review to Information requested' }
      ])
      const centre = await db.pool.query("select title from public.notifications where type = 'claim_update'")
      expect(centre.rows).toEqual([{ title: 'Claim RC-2026-0042: Information requested' }])

      await db.pool.query("update public.organizations set locale = 'fr-CA' where id = $1", [ORG])
      await db.pool.query('delete from public.notification_outbox; delete from public.notifications')
      await customerSays('Et maintenant?')
      await julieSays('À midi.')
      await pgRpc(db.pool, staffClaims(JULIE))('change_claim_status', { claim_id: DEMO.claimId, new_status: 'under_review' })
      expect(await texts()).toEqual([
        { title: 'Nouveau message de Sophie Gagnon', body: 'Et maintenant?' },
        { title: 'Nouvelle réponse de Julie Tremblay', body: 'À midi.' },
        { title: 'Réclamation RC-2026-0042 : En analyse', body: 'Statut changé de « Renseignements demandés » à « En analyse »' }
      ])
      await run()
      expect(decryptFor(julie, pushesTo(julie)[0]!)).toMatchObject({ title: 'Nouveau message de Sophie Gagnon' })
      expect(pushesTo(customerBrowser).map((push) => (decryptFor(customerBrowser, push) as { title: string }).title)).toEqual([
        'Nouvelle réponse de Julie Tremblay',
        'Réclamation RC-2026-0042 : En analyse'
      ])
    } finally {
      await db.pool.query("update public.organizations set locale = 'fr-CA' where id = $1", [ORG])
      // The customer's messages would count against the next tests' per-minute limit.
      await db.pool.query("delete from public.chat_messages where sender_type = 'customer' and created_at > now() - interval '1 minute'")
    }
  })

  it('stays quiet while the other side is looking at the conversation, and collapses a burst', async () => {
    await subscribe('julie', 'julie')
    await pgRpc(db.pool, staffClaims(JULIE))('mark_read', { conversation_id: CONVERSATION })
    await customerSays('hello?')
    expect(await outbox()).toHaveLength(0)

    await db.pool.query("update public.chat_conversations set staff_last_seen_at = now() - interval '5 minutes'")
    await customerSays('first')
    await customerSays('second')
    const rows = await outbox()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ body: 'second', data: expect.objectContaining({ count: 2 }) })
  })

  it('reads settings.push.inactive_seconds, and a value that is not a number means the default', async () => {
    await subscribe('julie', 'julie')
    await db.pool.query("update public.chat_conversations set staff_last_seen_at = now() - interval '5 minutes'")
    try {
      await db.pool.query(
        `update public.organizations set settings = jsonb_set(settings, '{push}', '{"inactive_seconds": 600}') where id = $1`,
        [ORG]
      )
      await customerSays('quiet, she looked 5 minutes ago')
      expect(await outbox()).toHaveLength(0)
      await db.pool.query(
        `update public.organizations set settings = jsonb_set(settings, '{push}', '{"inactive_seconds": "abc"}') where id = $1`,
        [ORG]
      )
      await customerSays('pushed, 5 minutes is more than the default')
      expect(await outbox()).toHaveLength(1)
      // A number no interval can hold is the default too: it must not stop every message.
      for (const huge of ['1e300', '-1e300']) {
        await db.pool.query(
          `update public.organizations set settings = jsonb_set(settings, '{push}', jsonb_build_object('inactive_seconds', ${huge}::numeric)) where id = $1`,
          [ORG]
        )
        await julieSays(`still stored with inactive_seconds ${huge}`)
      }
    } finally {
      await db.pool.query(`update public.organizations set settings = settings - 'push' where id = $1`, [ORG])
    }
  })

  it('a staff reply reaches the bound customer, not the sender', async () => {
    const customerBrowser = await subscribe('customer', 'customer')
    const julie = await subscribe('julie', 'julie')
    await julieSays('Your car is ready.')
    await run()
    expect(pushesTo(julie)).toHaveLength(0)
    expect(decryptFor(customerBrowser, pushesTo(customerBrowser)[0]!)).toMatchObject({
      title: 'Nouvelle réponse de Julie Tremblay',
      body: 'Your car is ready.'
    })
  })

  it('respects per-type preferences at enqueue time and at send time', async () => {
    const julie = await subscribe('julie', 'julie', { new_messages: false })
    await customerSays('anyone?')
    expect(await outbox()).toHaveLength(0)

    await call(register, 'julie', { id: julie.id, preferences: { new_messages: true } })
    await customerSays('anyone at all?')
    expect(await outbox()).toHaveLength(1)
    await call(register, 'julie', { id: julie.id, preferences: { new_messages: false } })
    await run()
    expect(pushesTo(julie)).toHaveLength(0)
    expect((await outbox())[0]).toMatchObject({ status: 'skipped' })
  })

  it('a claim status change notifies opted-in staff and the bound customer, and records notification_sent', async () => {
    const admin = await subscribe('admin', 'admin')
    const marc = await subscribe('marc', 'marc', { claim_updates: false })
    const customerBrowser = await subscribe('customer', 'customer')
    const julie = await subscribe('julie', 'julie')
    const update = await pgRpc(db.pool, staffClaims(JULIE))<{ id: string }>('change_claim_status', {
      claim_id: DEMO.claimId,
      new_status: 'approved',
      reason: 'Covered by the powertrain warranty'
    })
    const centre = await db.pool.query('select user_id from public.notifications where type = $1 order by user_id', ['claim_update'])
    expect(centre.rows.map((row) => row.user_id)).toEqual([ADMIN])

    await run()
    expect(pushesTo(julie)).toHaveLength(0)
    expect(pushesTo(marc)).toHaveLength(0)
    expect(decryptFor(admin, pushesTo(admin)[0]!)).toMatchObject({
      title: 'Réclamation RC-2026-0042 : Approuvée',
      body: 'Covered by the powertrain warranty',
      data: { type: 'claim_update', claim_id: DEMO.claimId }
    })
    expect(decryptFor(customerBrowser, pushesTo(customerBrowser)[0]!)).toMatchObject({ title: 'Réclamation RC-2026-0042 : Approuvée' })
    const { rows } = await db.pool.query('select notification_sent, notification_sent_at from public.claim_status_updates where id = $1', [
      update.id
    ])
    expect(rows[0].notification_sent).toBe(true)
    expect(rows[0].notification_sent_at).not.toBeNull()
  })

  it('a warranty about to expire notifies the warranty staff once', async () => {
    const admin = await subscribe('admin', 'admin')
    expect(await pgRpc(db.pool, SERVICE)('enqueue_warranty_expiring', { days: 30 })).toBe(1)
    expect(await pgRpc(db.pool, SERVICE)('enqueue_warranty_expiring', { days: 30 })).toBe(0)
    await run()
    expect(decryptFor(admin, pushesTo(admin)[0]!)).toMatchObject({
      title: expect.stringMatching(/^La garantie GL-EXT-2023-0117 expire le /)
    })
    expect((await db.pool.query("select count(*)::int as n from public.notifications where type = 'warranty_expiring'")).rows[0].n).toBe(1)
  })

  it('system alerts come from admins only', async () => {
    const julie = await subscribe('julie', 'julie')
    await expect(pgRpc(db.pool, staffClaims(JULIE))('send_system_alert', { title: 'x', body: 'y' })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED'
    })
    await expect(pgRpc(db.pool, staffClaims(ADMIN))('send_system_alert', { title: ' ', body: 'y' })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    expect(await pgRpc(db.pool, staffClaims(ADMIN))('send_system_alert', { title: 'Maintenance', body: 'Console offline at 22:00' })).toBe(
      2
    )
    await run()
    expect(decryptFor(julie, pushesTo(julie)[0]!)).toMatchObject({ title: 'Maintenance', data: { type: 'system_alert' } })
  })

  it('an organization sends at most 20 system alerts an hour: one admin cannot flood the shared outbox', async () => {
    const org = await createOrganization(db.pool, 'Alert Flood')
    const alert = () => pgRpc(db.pool, staffClaims(org.admin.id))('send_system_alert', { title: 'Spam', body: 'again' })
    for (let i = 0; i < 20; i += 1) expect(await alert()).toBe(3)
    await expect(alert()).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    const { rows } = await db.pool.query('select count(*)::int as n from public.notifications where organization_id = $1', [org.id])
    expect(rows[0].n).toBe(40)
  })
})

describe('dispatcher', () => {
  it('disables a subscription the push service answers 410 for', async () => {
    const julie = await subscribe('julie', 'julie')
    service.respond(new URL(julie.endpoint).pathname, 410)
    await customerSays('still there?')
    expect(await run()).toMatchObject({ failed: 1, deliveries: { gone: 1 } })
    const { rows } = await db.pool.query('select enabled, disabled_reason from public.push_subscriptions where id = $1', [julie.id])
    expect(rows[0]).toEqual({ enabled: false, disabled_reason: expect.stringContaining('410') })
    await customerSays('hello?')
    expect(await outbox("status = 'pending'")).toHaveLength(0)
  })

  it('retries a transient failure later with backoff, then delivers', async () => {
    const julie = await subscribe('julie', 'julie')
    const path = new URL(julie.endpoint).pathname
    service.respond(path, 503)
    await customerSays('retry me')
    const ranAt = Date.now()
    expect(await run()).toMatchObject({ retried: 1 })
    const [row] = await outbox()
    expect(row).toMatchObject({ status: 'pending', attempts: 1, locked_at: null })
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(ranAt + 20_000)
    expect(await run()).toMatchObject({ claimed: 0 })

    service.respond(path, 201)
    await db.pool.query('update public.notification_outbox set next_attempt_at = now()')
    expect(await run()).toMatchObject({ sent: 1 })
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('a crash between claiming and sending neither loses nor duplicates the notification', async () => {
    const julie = await subscribe('julie', 'julie')
    await customerSays('do not lose me')
    const claimed = await deps.serviceRpc<Array<{ id: string; locked_at: string }>>('claim_push_batch', {
      p_limit: 10,
      p_lease_seconds: 120,
      p_rate_per_minute: 10,
      p_max_attempts: 8
    })
    expect(claimed).toHaveLength(1)
    // The dispatcher that claimed it dies here. Within the lease nobody else takes the row.
    expect(await run()).toMatchObject({ claimed: 0 })
    expect(pushesTo(julie)).toHaveLength(0)

    await db.pool.query("update public.notification_outbox set locked_at = locked_at - interval '10 minutes'")
    expect(await run()).toMatchObject({ claimed: 1, sent: 1 })
    expect(pushesTo(julie)).toHaveLength(1)

    // The dead dispatcher's late completion changes nothing; later runs send nothing.
    const late = await deps.serviceRpc('complete_push', {
      p_id: claimed[0]!.id,
      p_locked_at: claimed[0]!.locked_at,
      p_results: [],
      p_retry_at: null,
      p_max_attempts: 8
    })
    expect(late).toBe('stale')
    await db.pool.query("update public.notification_outbox set locked_at = now() - interval '1 hour', next_attempt_at = now()")
    expect(await run()).toMatchObject({ claimed: 0 })
    expect(pushesTo(julie)).toHaveLength(1)
    expect((await outbox())[0]).toMatchObject({ status: 'sent' })
  })

  it('does not resend to a subscription that already got a row being retried for another', async () => {
    const phone = await subscribe('julie', 'phone')
    const laptop = await subscribe('julie', 'laptop')
    service.respond(new URL(laptop.endpoint).pathname, 500)
    await customerSays('two devices')
    await run()
    service.respond(new URL(laptop.endpoint).pathname, 201)
    await db.pool.query('update public.notification_outbox set next_attempt_at = now()')
    await run()
    expect(pushesTo(phone)).toHaveLength(1)
    expect(pushesTo(laptop).length).toBe(2)
    expect((await outbox())[0]).toMatchObject({ status: 'sent' })
  })

  it('two dispatchers at once deliver each notification once', async () => {
    const admin = await subscribe('admin', 'admin')
    for (let i = 0; i < 6; i += 1)
      await pgRpc(db.pool, staffClaims(JULIE))('change_claim_status', {
        claim_id: DEMO.claimId,
        new_status: i % 2 ? 'under_review' : 'info_requested'
      })
    const [a, b] = await Promise.all([run({ batchSize: 2 }), run({ batchSize: 2 })])
    expect(a.claimed + b.claimed).toBe(await outbox().then((rows) => rows.length))
    expect(pushesTo(admin)).toHaveLength(6)
    const ids = pushesTo(admin).map((push) => (decryptFor(admin, push) as { data: { outbox_id: string } }).data.outbox_id)
    expect(new Set(ids).size).toBe(6)
  })

  it('holds the per-recipient rate limit and skips the excess', async () => {
    const julie = await subscribe('julie', 'julie')
    for (let i = 0; i < 5; i += 1) await pgRpc(db.pool, staffClaims(ADMIN))('send_system_alert', { title: `Alert ${i}`, body: 'body' })
    const report = await run({ ratePerMinute: 3 })
    expect(report.sent).toBe(3)
    expect(pushesTo(julie)).toHaveLength(3)
    const skipped = await outbox("status = 'skipped' and user_id = $1", [JULIE])
    expect(skipped).toHaveLength(2)
    expect(skipped[0].last_error).toMatch(/rate_limited/)
    expect(await outbox("status = 'sent' and user_id = $1", [JULIE])).toHaveLength(3)
  })
})

// Each test plants one row that breaks something, and proves the others are still served and
// the broken one is recorded where staff and operators look (job_failures, the outbox row).
describe('one bad row does not stop the others', () => {
  async function secondCustomer(token: string) {
    const other = await anonymousUser(db.pool)
    await pgRpc(db.pool, other.claims)('redeem_access_token', { token: CONVERSATION_TOKEN })
    sessions.set(token, other.claims)
    return other
  }

  it('a staff reply goes out when a bound customer’s preferences are unreadable, and reaches the others', async () => {
    const broken = await subscribe('customer', 'broken')
    await secondCustomer('second')
    const fine = await subscribe('second', 'second')
    await plantPreferences(db.pool, broken.id, { new_messages: 'abc' })
    await julieSays('Your car is ready.')
    expect(await run()).toMatchObject({ claimed: 2, errors: 0 })
    expect(decryptFor(fine, pushesTo(fine)[0]!)).toMatchObject({ body: 'Your car is ready.' })
    // The broken row was sent to (only an explicit false opts out) but cannot be updated.
    expect(await jobFailures(db.pool)).toEqual([
      {
        job: 'push_record_results',
        organization_id: ORG,
        subject: `subscription ${broken.id}`,
        error: expect.stringContaining('push_subscriptions_preferences_valid'),
        occurrences: 1
      }
    ])
  })

  it('a staff reply goes out when queueing one recipient’s push fails; the others are queued', async () => {
    await subscribe('customer', 'customer')
    const second = await secondCustomer('second')
    await subscribe('second', 'second')
    const undo = await failRows(db.pool, 'public.notification_outbox', 'insert', `new.user_id = '${customer.id}'`)
    try {
      await julieSays('Parts arrived.')
    } finally {
      await undo()
    }
    expect((await outbox()).map((row) => row.user_id)).toEqual([second.id])
    expect(await jobFailures(db.pool)).toEqual([
      {
        job: 'push_enqueue',
        organization_id: ORG,
        subject: expect.stringMatching(new RegExp(`^new_message .* for ${customer.id}$`)),
        error: 'planted failure',
        occurrences: 1
      }
    ])
  })

  it('a claim status change goes through when a customer following it has unreadable preferences', async () => {
    const admin = await subscribe('admin', 'admin')
    const broken = await subscribe('customer', 'broken')
    await plantPreferences(db.pool, broken.id, { claim_updates: 'abc' })
    await pgRpc(db.pool, staffClaims(JULIE))('change_claim_status', { claim_id: DEMO.claimId, new_status: 'approved' })
    await run()
    expect(decryptFor(admin, pushesTo(admin)[0]!)).toMatchObject({ title: 'Réclamation RC-2026-0042 : Approuvée' })
  })

  it('a dispatch run serves everyone while one queued row’s recipient has unreadable preferences', async () => {
    const julie = await subscribe('julie', 'julie')
    const broken = await subscribe('customer', 'broken')
    await customerSays('for Julie')
    await julieSays('for the customer')
    await plantPreferences(db.pool, broken.id, { new_messages: 'abc' })
    expect(await run()).toMatchObject({ claimed: 2, sent: 2, errors: 0 })
    expect(decryptFor(julie, pushesTo(julie)[0]!)).toMatchObject({ body: 'for Julie' })
  })

  it('a row the claim cannot update is given up and recorded; the batch goes on', async () => {
    const julie = await subscribe('julie', 'julie')
    await subscribe('customer', 'customer')
    await customerSays('for Julie')
    await julieSays('for the customer')
    const [stuck] = await outbox('user_id = $1', [customer.id])
    const undo = await failRows(db.pool, 'public.notification_outbox', 'update', `old.user_id = '${customer.id}'`)
    try {
      expect(await run()).toMatchObject({ claimed: 1, sent: 1 })
    } finally {
      await undo()
    }
    expect(pushesTo(julie)).toHaveLength(1)
    // Closing it failed too (the same update trigger), so both are on record.
    expect((await jobFailures(db.pool)).map((failure) => [failure.job, failure.subject, failure.error])).toEqual([
      ['claim_push_batch', `outbox ${stuck.id}`, 'planted failure'],
      ['claim_push_batch', `outbox ${stuck.id} (closing it)`, 'planted failure']
    ])
  })

  it('a row complete_push cannot record ends failed with the error; the others complete', async () => {
    const julie = await subscribe('julie', 'julie')
    await subscribe('customer', 'customer')
    await customerSays('for Julie')
    await julieSays('for the customer')
    const [stuck] = await outbox('user_id = $1', [customer.id])
    const undo = await failRows(db.pool, 'public.push_deliveries', 'insert', `new.outbox_id = '${stuck.id}'`)
    try {
      expect(await run()).toMatchObject({ claimed: 2, sent: 1, failed: 1, errors: 0 })
    } finally {
      await undo()
    }
    expect(pushesTo(julie)).toHaveLength(1)
    expect((await outbox('id = $1', [stuck.id]))[0]).toMatchObject({ status: 'failed', last_error: 'complete_push: planted failure' })
    expect((await jobFailures(db.pool)).map((failure) => [failure.job, failure.subject])).toEqual([['complete_push', `outbox ${stuck.id}`]])
  })

  it('a row whose completion throws is counted and left to its lease; the run completes the others', async () => {
    const julie = await subscribe('julie', 'julie')
    const customerBrowser = await subscribe('customer', 'customer')
    await customerSays('for Julie')
    await julieSays('for the customer')
    const [stuck] = await outbox('user_id = $1', [customer.id])
    const rpc: Rpc = <T>(fn: string, args: Record<string, unknown>) =>
      fn === 'complete_push' && args.p_id === stuck.id ? Promise.reject(new Error('connection reset')) : deps.serviceRpc<T>(fn, args)
    const report = await dispatch({ rpc, vault, senders: deps.senders() })
    expect(report).toMatchObject({ claimed: 2, sent: 1, errors: 1 })
    expect(pushesTo(julie)).toHaveLength(1)
    expect(pushesTo(customerBrowser)).toHaveLength(1)
    expect((await outbox('id = $1', [stuck.id]))[0]).toMatchObject({ status: 'sending' })
  })

  it('the warranty job runs for every dealer while another dealer’s admin has unreadable preferences', async () => {
    const admin = await subscribe('admin', 'admin')
    const rival = await createOrganization(db.pool, 'Rival Motors')
    await db.pool.query(
      `insert into public.warranties (organization_id, warranty_number, customer_name, expires_on) values ($1, 'W-RIVAL', 'Rita', current_date + 10)`,
      [rival.id]
    )
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into public.push_subscriptions (organization_id, user_id, platform, endpoint, keys) values ($1, $2, 'web', 'sealed', '{}') returning id`,
      [rival.id, rival.admin.id]
    )
    await plantPreferences(db.pool, rows[0]!.id, { warranty_expiring: 'abc' })
    await db.pool.query('update public.warranties set expiry_notified_at = null')
    expect(await pgRpc(db.pool, SERVICE)('enqueue_warranty_expiring', { days: 30 })).toBe(2)
    await run()
    expect(decryptFor(admin, pushesTo(admin)[0]!)).toMatchObject({
      title: expect.stringMatching(/^La garantie GL-EXT-2023-0117 expire le /)
    })
    expect((await outbox('user_id = $1', [rival.admin.id])).map((row) => row.type)).toEqual(['warranty_expiring'])
  })
})

describe('native tokens', () => {
  it('an Android token goes through FCM behind the same dispatcher, and UNREGISTERED disables it', async () => {
    const registered = await call(register, 'julie', { organization_id: ORG, platform: 'android', push_token: 'fcm-device-token-1' })
    const { id } = (await registered.json()) as { id: string }
    const stored = (await db.pool.query('select push_token, endpoint from public.push_subscriptions where id = $1', [id])).rows[0]
    expect(stored.endpoint).toBeNull()
    expect(stored.push_token).not.toContain('fcm-device-token-1')

    await customerSays('on my phone')
    expect(await run()).toMatchObject({ sent: 1 })
    const send = service.received.find((push) => push.path === '/v1/projects/parley-test/messages:send')!
    expect(send.headers.authorization).toBe('Bearer ya29.test')
    expect(JSON.parse(send.body.toString())).toMatchObject({
      message: {
        token: 'fcm-device-token-1',
        notification: { title: 'Nouveau message de Sophie Gagnon', body: 'on my phone' },
        data: { type: 'new_message', conversation_id: CONVERSATION }
      }
    })

    service.respond(
      '/v1/projects/parley-test/messages:send',
      404,
      { 'content-type': 'application/json' },
      JSON.stringify({ error: { status: 'NOT_FOUND', details: [{ errorCode: 'UNREGISTERED' }] } })
    )
    await db.pool.query('update public.chat_conversations set staff_last_seen_at = null')
    await customerSays('phone gone')
    await run()
    service.respond('/v1/projects/parley-test/messages:send', 200)
    expect((await db.pool.query('select enabled, disabled_reason from public.push_subscriptions where id = $1', [id])).rows[0]).toEqual({
      enabled: false,
      disabled_reason: 'UNREGISTERED'
    })
  })
})

describe('push-test', () => {
  it('sends a test notification to the caller’s own subscriptions and reports per device', async () => {
    const julie = await subscribe('julie', 'julie')
    const dead = await subscribe('julie', 'dead')
    service.respond(new URL(dead.endpoint).pathname, 410)
    await subscribe('marc', 'marc')
    const response = await call(testPush, 'julie', {})
    const { results } = (await response.json()) as { results: Array<{ subscription_id: string; outcome: string }> }
    expect(results.map((r) => [r.subscription_id, r.outcome]).sort()).toEqual(
      [
        [julie.id, 'sent'],
        [dead.id, 'gone']
      ].sort()
    )
    expect(decryptFor(julie, pushesTo(julie)[0]!)).toMatchObject({ title: 'Notification d’essai Parley', data: { type: 'test' } })
    expect((await db.pool.query('select enabled from public.push_subscriptions where id = $1', [dead.id])).rows[0].enabled).toBe(false)
    expect(service.received).toHaveLength(2)

    const none = await call(testPush, 'julie', { subscription_id: dead.id })
    expect(none.status).toBe(404)
  })
})

describe('one session cannot make the dispatcher fan out without end', () => {
  it('a user keeps their 10 latest registrations: a staff reply to a customer who registered 25 goes to 10', async () => {
    const registered: Array<BrowserSubscription & { id: string }> = []
    for (let i = 0; i < 25; i += 1) registered.push(await subscribe('customer', `flood-${i}`))
    const { rows } = await db.pool.query('select id from public.push_subscriptions where user_id = $1', [customer.id])
    expect(rows.map((row) => row.id).sort()).toEqual(
      registered
        .slice(-10)
        .map((browser) => browser.id)
        .sort()
    )
    await julieSays('Your car is ready')
    await run()
    expect(service.received).toHaveLength(10)
  })

  it('push-test answers RATE_LIMITED after 5 calls a minute', async () => {
    await subscribe('marc', 'marc-test')
    for (let i = 0; i < 5; i += 1) expect((await call(testPush, 'marc', {})).status).toBe(200)
    const refused = await call(testPush, 'marc', {})
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect(service.received).toHaveLength(5)
  })
})

describe('push-dispatch handler', () => {
  const handler = createDispatchHandler(async () => deps)
  const post = (headers: Record<string, string>) =>
    handler(new Request('http://functions.local/push-dispatch', { method: 'POST', headers, body: '{}' }))

  it('runs for the service-role key or the dispatch secret only', async () => {
    const julie = await subscribe('julie', 'julie')
    await customerSays('dispatch me')
    expect((await post({ authorization: 'Bearer not-the-key' })).status).toBe(403)
    expect((await post({ 'x-parley-dispatch-secret': 'wrong' })).status).toBe(403)
    const viaSecret = await post({ 'x-parley-dispatch-secret': 'cron-secret' })
    expect(await viaSecret.json()).toMatchObject({ claimed: 1, sent: 1 })
    expect(pushesTo(julie)).toHaveLength(1)
    expect(await (await post({ authorization: 'Bearer service-role-key' })).json()).toMatchObject({ claimed: 0 })
  })

  it('answers CORS preflight for the browser-facing functions', async () => {
    const response = await register(new Request('http://functions.local/push-register', { method: 'OPTIONS' }))
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization')
    expect(response.headers.get('access-control-allow-methods')).toContain('DELETE')
  })
})
