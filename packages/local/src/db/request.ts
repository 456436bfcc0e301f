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
 * BEGIN and every setting in one simple-query round trip, as PostgREST pipelines them: on a
 * busy machine each round trip is a wait for the CPU, and the tail of every request grows
 * with their number. Values go in as literals quoted by the driver.
 */
function opening(client: pg.PoolClient, context: RequestContext): string {
  const settings: Record<string, string> = {
    role: context.role,
    'request.jwt.claims': JSON.stringify(context.claims),
    'request.headers': JSON.stringify(context.headers ?? {}),
    'request.method': context.method ?? '',
    'request.path': context.path ?? '',
    ...context.settings
  }
  const calls = Object.entries(settings).map(
    ([name, value]) => `set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`
  )
  return `${context.readOnly ? 'begin read only' : 'begin'}; select ${calls.join(', ')}`
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
    await client.query(opening(client, context))
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
