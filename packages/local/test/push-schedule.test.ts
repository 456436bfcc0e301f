import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import {
  browserSubscription,
  decryptFor,
  type PushService,
  startPushService,
  writePushSecrets
} from '../../../supabase/tests/push-harness.ts'
import { createTestDatabase } from './db.ts'
import { startTestStack, type TestStack } from './stack.ts'

// The schema's own cron job (supabase/migrations/*_push_schedule.sql), run by the local
// stack's cron runner, queued through the net shim, sent by the net worker to the stack's
// own functions host, which runs push-dispatch: the same SQL as on Supabase, end to end.
const ORG = DEMO.organizationId
const CONVERSATION = '66666666-6666-4666-8666-666666666601'
const MIGRATION = resolve(import.meta.dirname, '../../../supabase/migrations/20261124110000_push_schedule.sql')

let stack: TestStack
let service: PushService
let julie: SupabaseClient
let customer: SupabaseClient

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  service = await startPushService()
  await writePushSecrets(stack.stateDir)
  julie = stack.client()
  expect((await julie.auth.signInWithPassword({ email: DEMO.julie.email, password: DEMO.julie.password })).error).toBeNull()
  customer = stack.client()
  expect((await customer.auth.signInAnonymously()).error).toBeNull()
  expect((await customer.rpc('redeem_access_token', { token: DEMO.conversationToken })).error).toBeNull()
})
afterAll(async () => {
  await service?.stop()
  await stack?.stop()
})

describe('push-dispatch on a schedule (pg_cron + pg_net + Vault)', () => {
  it('is scheduled by the migration every 10 seconds, as postgres, with the documented net.http_post', async () => {
    const { rows } = await stack.db.pool.query(
      "select schedule, command, active, username from cron.job where jobname = 'parley-push-dispatch'"
    )
    expect(rows).toEqual([
      { schedule: '10 seconds', command: 'select private.request_push_dispatch()', active: true, username: 'postgres' }
    ])
    const body = (await stack.db.pool.query("select prosrc from pg_proc where oid = 'private.request_push_dispatch'::regproc")).rows[0]
      .prosrc
    expect(body).toContain('net.http_post(')
    expect(body).toContain("from vault.decrypted_secrets where name = 'project_url'")
    expect(body).toContain("from vault.decrypted_secrets where name = 'service_role_key'")
  })

  it('returns quietly while the Vault secrets are missing, keeping one line in job_failures', async () => {
    const db = await createTestDatabase()
    try {
      const client = await db.pool.connect()
      try {
        await client.query('set role postgres')
        for (let run = 0; run < 3; run++) {
          expect((await client.query('select private.request_push_dispatch() as id')).rows).toEqual([{ id: null }])
        }
      } finally {
        await client.query('reset role')
        client.release()
      }
      expect((await db.pool.query('select count(*)::int as n from net.http_request_queue')).rows[0].n).toBe(0)
      const { rows } = await db.pool.query("select subject, occurrences, error from public.job_failures where job = 'push-dispatch'")
      expect(rows).toEqual([{ subject: 'vault secrets', occurrences: 3, error: expect.stringContaining('project_url') }])
    } finally {
      await db.drop()
    }
  })

  it('a queued notification leaves pending once the job has called the dispatcher', async () => {
    const browser = browserSubscription(`${service.url}/push/julie`)
    const registered = await julie.functions.invoke('push-register', {
      body: { organization_id: ORG, platform: 'web', endpoint: browser.endpoint, keys: browser.keys }
    })
    expect(registered.error).toBeNull()

    // What a project does once on Supabase, pointing at this stack instead.
    await stack.db.pool.query("select vault.create_secret($1, 'project_url'), vault.create_secret($2, 'service_role_key')", [
      stack.url,
      stack.serviceRoleKey
    ])
    // Same job, same command; only a shorter schedule so the test does not wait 10 s.
    await stack.db.pool.query("select cron.schedule(jobname, '1 seconds', command) from cron.job where jobname = 'parley-push-dispatch'")

    const sent = await customer.rpc('send_message', {
      conversation_id: CONVERSATION,
      client_id: randomUUID(),
      content: 'Ma voiture est prête ?'
    })
    expect(sent.error).toBeNull()
    const julieId = (await julie.auth.getUser()).data.user?.id
    const outbox = async () =>
      (await stack.db.pool.query("select status from public.notification_outbox where user_id = $1 and type = 'new_message'", [julieId]))
        .rows
    expect(await outbox()).toHaveLength(1)

    await vi.waitFor(async () => expect(await outbox()).toEqual([{ status: 'sent' }]), { timeout: 60_000, interval: 250 })
    const push = service.received.find((request) => request.path === '/push/julie')
    expect(push).toBeDefined()
    expect(decryptFor(browser, push!)).toMatchObject({ body: 'Ma voiture est prête ?' })

    const calls = await stack.db.pool.query<{ status_code: number; content: string }>(
      'select status_code, content from net._http_response where status_code = 200 order by id'
    )
    expect(calls.rows.map((row) => JSON.parse(row.content))).toContainEqual(expect.objectContaining({ claimed: 1, sent: 1 }))
    const runs = await stack.db.pool.query(
      "select d.status from cron.job_run_details d join cron.job j on j.jobid = d.jobid where j.jobname = 'parley-push-dispatch'"
    )
    expect(runs.rows).toContainEqual({ status: 'succeeded' })
  })
})

describe('the schedule migration', () => {
  it('schedules nothing and does not fail where pg_net or pg_cron is missing', async () => {
    const sql = await readFile(MIGRATION, 'utf8')
    const db = await createTestDatabase()
    try {
      await db.pool.query("select cron.unschedule('parley-push-dispatch')")
      await db.pool.query('drop schema net cascade')
      await db.pool.query(sql)
      expect((await db.pool.query("select 1 from cron.job where jobname = 'parley-push-dispatch'")).rowCount).toBe(0)
      await db.pool.query('drop schema cron cascade')
      await db.pool.query(sql)
    } finally {
      await db.drop()
    }
  })

  it('is idempotent where everything exists: one job, same name', async () => {
    const sql = await readFile(MIGRATION, 'utf8')
    const db = await createTestDatabase()
    try {
      await db.pool.query(sql)
      const { rows } = await db.pool.query("select count(*)::int as n from cron.job where jobname = 'parley-push-dispatch'")
      expect(rows[0].n).toBe(1)
    } finally {
      await db.drop()
    }
  })
})
