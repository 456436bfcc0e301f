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
        const { rows } = await client.query(`select case when pg_typeof(r)::text = 'void' then null else to_jsonb(r) end as result from ${invocation} r`, values)
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
