import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { asRequest } from '../../packages/local/src/db/request.ts'
import { pushErrorOf, type Rpc } from '../functions/_shared/push/rpc.ts'

/**
 * Calls a SQL function the way PostgREST does for supabase.rpc(): one transaction as the
 * role, request.jwt.claims set, named arguments. The push functions' supabase-js calls map
 * one to one onto these.
 */
export function pgRpc(pool: pg.Pool, claims: Record<string, unknown>): Rpc {
  const role = claims.role === 'service_role' ? 'service_role' : 'authenticated'
  return async <T>(fn: string, args: Record<string, unknown>): Promise<T> => {
    const names = Object.keys(args)
    const values = names.map((name) => {
      const value = args[name]
      return value !== null && typeof value === 'object' ? JSON.stringify(value) : value
    })
    const invocation = `public.${fn}(${names.map((name, i) => `${name} => $${i + 1}`).join(', ')})`
    try {
      return await asRequest(pool, { role, claims }, async (client) => {
        // Rows and scalars come back as JSON, as PostgREST answers them; void has no JSON form.
        const { rows } = await client.query(
          `select case when pg_typeof(r)::text = 'void' then null else to_jsonb(r) end as result from ${invocation} r`,
          values
        )
        return rows[0]?.result as T
      })
    } catch (error) {
      const e = error as { message: string; hint?: string; code?: string }
      throw pushErrorOf({ message: e.message, hint: e.hint ?? null, code: e.code })
    }
  }
}

export const SERVICE = { role: 'service_role' }

export function staffClaims(id: string): Record<string, unknown> {
  return { sub: id, role: 'authenticated', aud: 'authenticated', is_anonymous: false }
}

/** An anonymous browser session, as signInAnonymously() creates it. */
export async function anonymousUser(pool: pg.Pool): Promise<{ id: string; claims: Record<string, unknown> }> {
  const id = randomUUID()
  await pool.query(
    `insert into auth.users (instance_id, id, aud, role, is_anonymous, created_at, updated_at, raw_app_meta_data)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', true, now(), now(), '{}')`,
    [id]
  )
  return { id, claims: { sub: id, role: 'authenticated', aud: 'authenticated', is_anonymous: true } }
}

/**
 * Gives a subscription preferences the table refuses, as a row written before the CHECK
 * existed would hold them: the constraint is dropped for the write and put back NOT VALID,
 * so the row stays as it is and any later UPDATE of it fails.
 */
export async function plantPreferences(pool: pg.Pool, subscriptionId: string, preferences: unknown): Promise<void> {
  await pool.query(`
    begin;
    alter table public.push_subscriptions drop constraint push_subscriptions_preferences_valid;
    update public.push_subscriptions set preferences = '${JSON.stringify(preferences).replaceAll("'", "''")}' where id = '${subscriptionId}';
    alter table public.push_subscriptions add constraint push_subscriptions_preferences_valid
      check (private.push_preferences_problem(preferences) is null) not valid;
    commit;`)
}

/**
 * Makes `operation` on `table` raise for the rows `condition` (SQL over NEW, or OLD for a
 * delete) picks, as a row nothing can process would. Returns the undo.
 */
export async function failRows(
  pool: pg.Pool,
  table: string,
  operation: 'insert' | 'update' | 'delete',
  condition: string
): Promise<() => Promise<void>> {
  const name = `fail_${randomUUID().replaceAll('-', '')}`
  await pool.query(`
    create schema if not exists parley_test;
    create function parley_test.${name}() returns trigger language plpgsql as $$
    begin
      if ${condition} then
        raise exception 'planted failure';
      end if;
      return coalesce(new, old);
    end $$;
    create trigger ${name} before ${operation} on ${table} for each row execute function parley_test.${name}();`)
  return async () => {
    await pool.query(`drop trigger ${name} on ${table}; drop function parley_test.${name}();`)
  }
}

export interface JobFailure {
  job: string
  organization_id: string | null
  subject: string
  error: string
  occurrences: number
}

/** What the jobs recorded as skipped, oldest first. */
export async function jobFailures(pool: pg.Pool): Promise<JobFailure[]> {
  const { rows } = await pool.query<JobFailure>(
    'select job, organization_id, subject, error, occurrences from public.job_failures order by first_failed_at, subject'
  )
  return rows
}
