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

/** What a request's work sends its SQL through. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>
}

/**
 * Runs `work` in one transaction as the request's role with the settings PostgREST and
 * Realtime set, so RLS policies see exactly what they would see on Supabase.
 * `rollback` is for authorization probes that must leave nothing behind.
 * `single`: `work` runs exactly one statement, without bound parameters, and nothing it does
 * afterwards may undo it; that statement goes with the opening and the end of the
 * transaction in one round trip (each round trip is another wait for a core on a busy
 * machine, for this process and for PostgreSQL).
 */
export async function asRequest<T>(
  pool: pg.Pool,
  context: RequestContext,
  work: (client: Queryable) => Promise<T>,
  options: { rollback?: boolean; single?: boolean } = {}
): Promise<T> {
  const client = await pool.connect()
  const end = options.rollback ? 'rollback' : 'commit'
  try {
    if (options.single) return await work(oneStatement(client, `${opening(client, context)}; `, `; ${end}`))
    await client.query(opening(client, context))
    const result = await work(client)
    await client.query(end)
    return result
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** A Queryable for one statement, sent between `before` and `after` in one simple query. */
function oneStatement(client: pg.PoolClient, before: string, after: string): Queryable {
  let used = false
  return {
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
      if (used || values?.length) throw new Error('a single-statement request runs one statement without bound parameters')
      used = true
      // begin, the settings, the statement, the end: the statement's result is the third.
      const results = (await client.query(`${before}${text}${after}`)) as unknown as pg.QueryResult<R>[]
      return results[2]!
    }
  }
}
