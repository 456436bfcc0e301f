import type pg from 'pg'
import { cronMatches, parseSchedule, type Schedule } from './schedule.ts'

export interface JobRunner {
  stop(): Promise<void>
}

export interface JobRunnerOptions {
  /** How often cron.job is read; one second matches pg_cron's finest schedule. */
  tickMs?: number
  onError?: (error: Error) => void
}

interface JobRow {
  jobid: string
  jobname: string | null
  schedule: string
  command: string
  /** pg_cron runs each job as the role that scheduled it. */
  username: string
}

interface JobState {
  schedule: string
  parsed: Schedule | Error
  /** Interval jobs: last start (ms). Cron jobs: the last minute examined (ms, floored). */
  last: number
}

const MINUTE = 60_000

/**
 * Does what pg_cron's background worker does, for the cron shim in jobs/local.sql: reads
 * cron.job every tick, runs each due command as the superuser on its own connection (a
 * job never overlaps itself) and records every run in cron.job_run_details. Idle when the
 * real pg_cron is installed, since it runs its own jobs.
 */
export function startJobRunner(pool: pg.Pool, options: JobRunnerOptions = {}): JobRunner {
  const tickMs = options.tickMs ?? 1000
  const states = new Map<string, JobState>()
  const running = new Map<string, Promise<void>>()
  let stopped = false
  let ticking: Promise<void> = Promise.resolve()
  const report = options.onError ?? (() => undefined)

  const enabled = pool
    .query<{ real: boolean }>("select exists (select 1 from pg_extension where extname = 'pg_cron') as real")
    .then(({ rows }) => !rows[0]?.real)
    .catch(() => false)

  const due = (row: JobRow, now: number): boolean => {
    let state = states.get(row.jobid)
    if (!state || state.schedule !== row.schedule) {
      let parsed: Schedule | Error
      try {
        parsed = parseSchedule(row.schedule)
      } catch (error) {
        parsed = error as Error
      }
      state = {
        schedule: row.schedule,
        parsed,
        last: parsed instanceof Error || parsed.kind === 'interval' ? now : Math.floor(now / MINUTE) * MINUTE
      }
      states.set(row.jobid, state)
      // A schedule written straight into cron.job bypasses cron.schedule's check: say so once.
      if (parsed instanceof Error) void record(row, 'failed', parsed.message, new Date(now), null)
      return false
    }
    const schedule = state.parsed
    if (schedule instanceof Error) return false
    if (schedule.kind === 'interval') {
      if (now - state.last < schedule.seconds * 1000) return false
      state.last = now
      return true
    }
    const minute = Math.floor(now / MINUTE) * MINUTE
    if (minute === state.last) return false
    state.last = minute
    return cronMatches(schedule, new Date(minute))
  }

  const record = async (row: JobRow, status: string, message: string, start: Date, pid: number | null): Promise<void> => {
    await pool
      .query(
        `insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message, start_time, end_time)
         values ($1, $2, current_database(), $3, $4, $5, $6, $7, now())`,
        [row.jobid, pid, row.username, row.command, status, message, start]
      )
      .catch((error: Error) => report(error))
  }

  const run = async (row: JobRow): Promise<void> => {
    const start = new Date()
    let client: pg.PoolClient | undefined
    let broken = false
    try {
      client = await pool.connect()
      const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? null
      try {
        await client.query('select set_config($1, $2, false)', ['role', row.username])
        const result = await client.query(row.command)
        const results = Array.isArray(result) ? result : [result]
        const last = results[results.length - 1] as pg.QueryResult | undefined
        await record(row, 'succeeded', `${last?.command ?? ''} ${last?.rowCount ?? ''}`.trim(), start, pid)
      } catch (error) {
        await record(row, 'failed', (error as Error).message, start, pid)
      } finally {
        // A connection still acting as the job's role must not go back to the pool.
        await client.query('reset role').catch(() => (broken = true))
      }
    } catch (error) {
      report(error as Error)
    } finally {
      client?.release(broken)
    }
  }

  const tick = async (): Promise<void> => {
    if (!(await enabled)) return
    let rows: JobRow[]
    try {
      rows = (await pool.query<JobRow>('select jobid::text, jobname, schedule, command, username from cron.job where active')).rows
    } catch (error) {
      // No cron schema (a database prepared without the shim): nothing to run.
      if ((error as { code?: string }).code !== '42P01' && (error as { code?: string }).code !== '3F000') report(error as Error)
      return
    }
    const now = Date.now()
    const seen = new Set<string>()
    for (const row of rows) {
      seen.add(row.jobid)
      if (!due(row, now) || running.has(row.jobid) || stopped) continue
      const job = run(row).finally(() => running.delete(row.jobid))
      running.set(row.jobid, job)
    }
    for (const id of states.keys()) if (!seen.has(id)) states.delete(id)
  }

  let busy = false
  const timer = setInterval(() => {
    if (busy) return
    busy = true
    ticking = tick().finally(() => {
      busy = false
    })
  }, tickMs)
  timer.unref()

  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await ticking
      await Promise.all(running.values())
    }
  }
}
