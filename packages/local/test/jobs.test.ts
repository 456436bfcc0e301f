import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type JobRunner, startJobRunner } from '../src/jobs/runner.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'
import { WAIT } from './wait.ts'

let db: TestDatabase
let runner: JobRunner

beforeAll(async () => {
  db = await createTestDatabase()
  await db.pool.query('create table public.ticks (id serial primary key, at timestamptz default now())')
  runner = startJobRunner(db.pool, { tickMs: 100 })
})
afterAll(async () => {
  await runner.stop()
  await db.drop()
})

async function runsOf(jobid: string): Promise<{ status: string; return_message: string }[]> {
  const { rows } = await db.pool.query('select status, return_message from cron.job_run_details where jobid = $1 order by runid', [jobid])
  return rows
}

describe('cron shim', () => {
  it("holds the schema's jobs, scheduled by the migrations through the shim", async () => {
    const { rows } = await db.pool.query("select jobname, schedule from cron.job where jobname like 'parley-%' order by jobname")
    expect(rows).toEqual([
      { jobname: 'parley-cron-history-purge', schedule: '17 3 * * *' },
      { jobname: 'parley-push-dispatch', schedule: '10 seconds' },
      { jobname: 'parley-send-email', schedule: '10 seconds' },
      { jobname: 'parley-typing-cleanup', schedule: '30 seconds' },
      { jobname: 'parley-warranty-expiring', schedule: '0 8 * * *' }
    ])
  })

  it('runs a scheduled job and records the run', async () => {
    const { rows } = await db.pool.query("select cron.schedule('tick', '1 seconds', 'insert into public.ticks default values')::text as id")
    const id = rows[0].id as string
    await vi.waitFor(async () => {
      expect((await db.pool.query('select count(*)::int as n from public.ticks')).rows[0].n).toBeGreaterThanOrEqual(1)
    }, WAIT)
    await vi.waitFor(async () => expect((await runsOf(id))[0]).toMatchObject({ status: 'succeeded', return_message: 'INSERT 1' }), WAIT)
    await db.pool.query("select cron.unschedule('tick')")
  })

  it('replaces a job scheduled again under the same name, as pg_cron does', async () => {
    const first = await db.pool.query("select cron.schedule('nightly', '0 3 * * *', 'select 1') as id")
    const second = await db.pool.query("select cron.schedule('nightly', '*/15 0-6,22 * * 1-5', 'select 2') as id")
    expect(second.rows[0].id).toBe(first.rows[0].id)
    const { rows } = await db.pool.query("select schedule, command, active from cron.job where jobname = 'nightly'")
    expect(rows).toEqual([{ schedule: '*/15 0-6,22 * * 1-5', command: 'select 2', active: true }])
    expect((await db.pool.query("select cron.unschedule('nightly') as ok")).rows[0].ok).toBe(true)
  })

  it('refuses a bad schedule with a clear error when it is scheduled', async () => {
    for (const schedule of ['every minute', '61 seconds', '60 * * * *', '* * 0 * *', '*/0 * * * *', '* * * *']) {
      await expect(db.pool.query("select cron.schedule('bad', $1, 'select 1')", [schedule])).rejects.toMatchObject({
        code: '22023',
        message: `invalid schedule: ${schedule}`
      })
    }
    expect((await db.pool.query("select count(*)::int as n from cron.job where jobname = 'bad'")).rows[0].n).toBe(0)
  })

  it('records a failing command as failed and keeps running others', async () => {
    const { rows } = await db.pool.query("select cron.schedule('broken', '1 seconds', 'select * from public.missing_table')::text as id")
    await vi.waitFor(
      async () =>
        expect((await runsOf(rows[0].id))[0]).toMatchObject({ status: 'failed', return_message: expect.stringContaining('missing_table') }),
      WAIT
    )
    await db.pool.query("select cron.unschedule('broken')")
  })

  it('refuses to unschedule an unknown job', async () => {
    await expect(db.pool.query("select cron.unschedule('never-scheduled')")).rejects.toMatchObject({ code: '22023' })
  })
})
