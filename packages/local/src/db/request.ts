import type pg from 'pg'

export type DbRole = 'anon' | 'authenticated' | 'service_role'

export interface RequestContext {
  role: DbRole
  /** The verified JWT payload, as PostgREST exposes it in request.jwt.claims. */
  claims: Record<string, unknown>
  /** Lower-cased request headers, as PostgREST exposes them in request.headers. */
  headers?: Record<string, string>
  method?: string
  path?: string
  readOnly?: boolean
  /** Extra transaction-local settings, e.g. realtime.topic for channel authorization. */
  settings?: Record<string, string>
}

/**
 * Runs `work` in one transaction as the request's role with the settings PostgREST and
 * Realtime set, so RLS policies see exactly what they would see on Supabase.
 * `rollback` is for authorization probes that must leave nothing behind.
 */
export async function asRequest<T>(
  pool: pg.Pool,
  context: RequestContext,
  work: (client: pg.PoolClient) => Promise<T>,
  options: { rollback?: boolean } = {}
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(context.readOnly ? 'begin read only' : 'begin')
    await client.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
              set_config('request.headers', $3, true), set_config('request.method', $4, true),
              set_config('request.path', $5, true)`,
      [context.role, JSON.stringify(context.claims), JSON.stringify(context.headers ?? {}), context.method ?? '', context.path ?? '']
    )
    for (const [name, value] of Object.entries(context.settings ?? {})) {
      await client.query('select set_config($1, $2, true)', [name, value])
    }
    const result = await work(client)
    await client.query(options.rollback ? 'rollback' : 'commit')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
