import type { IncomingMessage, ServerResponse } from 'node:http'
import { asRequest, type Queryable } from '../db/request.ts'
import { callerOf } from '../http/auth-header.ts'
import { JwtError } from '../http/keys.ts'
import type { ServiceFactory } from '../http/service.ts'
import { RestError, toRestError } from './errors.ts'
import { contentType, type Outcome } from './outcome.ts'
import { type Preferences, parsePrefer } from './prefer.ts'
import { parseQuery } from './query-string.ts'
import { contentRange, readRows, type Shape } from './read.ts'
import { planRead, relationSql } from './read-plan.ts'
import { bodyOf } from './request-body.ts'
import { headersJson, pageOf, schemaOf, shapeOf } from './request-headers.ts'
import { resolveCall, runCall } from './rpc.ts'
import { key, SchemaCache, type SchemaSnapshot, type Table } from './schema-cache.ts'
import { mutate } from './write.ts'

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'])

function tableOf(snapshot: SchemaSnapshot, schema: string, name: string): Table {
  const table = snapshot.tables.get(key(schema, name))
  if (table) return table
  const close = [...snapshot.tables.values()].find((t) => t.schema === schema && t.name.toLowerCase() === name.toLowerCase())
  throw new RestError(404, 'PGRST205', `Could not find the table '${schema}.${name.slice(0, 100)}' in the schema cache`, {
    hint: close ? `Perhaps you meant the table '${schema}.${close.name}'` : null,
    cacheMiss: true
  })
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new RestError(400, 'PGRST100', '"failed to parse path"', { details: 'invalid percent-encoding' })
  }
}

interface Prepared {
  readOnly: boolean
  /** Runs exactly one statement, which nothing after it may undo (asRequest's `single`). */
  single: boolean
  run(client: Queryable): Promise<Outcome>
}

/** Checks a request against the schema snapshot; throws before any SQL runs if a name is unknown. */
function prepare(
  snapshot: SchemaSnapshot,
  req: IncomingMessage,
  method: string,
  path: string,
  url: URL,
  body: unknown,
  prefer: Preferences,
  shape: Shape
): Prepared {
  const schema = schemaOf(req, method, snapshot)
  const segments = path.split('/').filter(Boolean).map(decodeSegment)
  const readOnly = method === 'GET' || method === 'HEAD'
  const withApplied = (outcome: Outcome): Outcome => {
    if (prefer.applied.length && !outcome.headers['preference-applied']) outcome.headers['preference-applied'] = prefer.applied.join(', ')
    return outcome
  }
  if (segments[0] === 'rpc' && segments.length === 2) {
    if (!readOnly && method !== 'POST') throw new RestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`)
    const call = resolveCall(snapshot, schema, segments[1] as string, method, body, url.searchParams, prefer)
    const page = pageOf(req, method, call.query.levels.get(''))
    // A count is a second statement for a function returning rows of a table; a write's
    // result can still be refused after it ran (one object, max-affected) and must be undone.
    const single = !prefer.count && (readOnly || (!shape.single && prefer.maxAffected === undefined))
    return { readOnly, single, run: async (client) => withApplied(await runCall(client, snapshot, call, page, shape, prefer)) }
  }
  if (segments.length !== 1) {
    throw new RestError(404, 'PGRST125', `Invalid path specified in request URL`, { details: path.slice(0, 200) })
  }
  const table = tableOf(snapshot, schema, segments[0] as string)
  const query = parseQuery(url.searchParams)
  if (readOnly) {
    const plan = planRead(snapshot, table, query)
    const page = pageOf(req, method, query.levels.get(''))
    return {
      readOnly,
      single: !prefer.count,
      run: async (client) => {
        const rows = await readRows(client, plan, () => relationSql(table), page, shape, prefer.count)
        const offset = page.offset ?? 0
        if (rows.total !== undefined && offset > 0 && offset >= rows.total) {
          throw new RestError(416, 'PGRST103', 'Requested range not satisfiable', {
            details: `An offset of ${offset} was requested, but there are only ${rows.total} rows.`
          })
        }
        const partial = rows.total !== undefined && (offset > 0 || offset + rows.count < rows.total)
        return withApplied({
          status: partial ? 206 : 200,
          body: rows.body,
          headers: { 'content-type': contentType(shape), 'content-range': contentRange(offset, rows.count, rows.total) }
        })
      }
    }
  }
  const mutation = { snapshot, table, method: method as 'POST' | 'PATCH' | 'DELETE', body, query, prefer, shape }
  return { readOnly, single: false, run: (client) => mutate(client, mutation) }
}

/**
 * Whether the request's transaction ends with a rollback: db-tx-end decides, and
 * `Prefer: tx=commit|rollback` may override it only when db-tx-end ends in -allow-override
 * (otherwise the preference is ignored, or refused with handling=strict).
 */
function transactionEnd(snapshot: SchemaSnapshot, prefer: Preferences): boolean {
  const { txEnd } = snapshot.config
  const overridable = txEnd.endsWith('-allow-override')
  if (prefer.tx && overridable) {
    prefer.applied.push(`tx=${prefer.tx}`)
    return prefer.tx === 'rollback'
  }
  if (prefer.tx && prefer.handling === 'strict') {
    throw new RestError(400, 'PGRST122', 'Invalid preferences given with handling=strict', {
      details: `Invalid preferences: tx=${prefer.tx}`
    })
  }
  return txEnd.startsWith('rollback')
}

/** PostgREST-compatible /rest/v1: every request in one transaction as the caller's role. */
export const createRestService: ServiceFactory = async (context) => {
  const cache = new SchemaCache(context.pool, context.databaseUrl)
  await cache.listen().catch(() => undefined)

  const send = (res: ServerResponse, outcome: Outcome): void => {
    res.writeHead(outcome.status, outcome.headers)
    res.end(outcome.body)
  }

  return {
    async handle(req, res, path, url) {
      let authenticated = false
      try {
        const method = (req.method ?? 'GET').toUpperCase()
        if (!METHODS.has(method)) throw new RestError(405, 'PGRST117', `Unsupported HTTP method: ${method.slice(0, 20)}`)
        const caller = await callerOf(req, url, context.jwt).catch((error: unknown) => {
          if (error instanceof JwtError) {
            throw new RestError(401, error.code, error.message, {
              headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${error.message}"` }
            })
          }
          throw error
        })
        authenticated = caller.role !== 'anon'
        if (path === '/' && (method === 'GET' || method === 'HEAD')) {
          const snapshot = await cache.get()
          const schema = schemaOf(req, method, snapshot)
          const tables = [...snapshot.tables.values()].filter((table) => table.schema === schema)
          const paths = Object.fromEntries(tables.map((table) => [`/${table.name}`, {}]))
          return send(res, {
            status: 200,
            body: JSON.stringify({ swagger: '2.0', info: { title: 'Parley local REST' }, paths }),
            headers: { 'content-type': 'application/openapi+json; charset=utf-8' }
          })
        }
        const shape = shapeOf(req)
        const prefer = parsePrefer(req.headers.prefer)
        const body = await bodyOf(req, method, path.startsWith('/rpc/'))
        let snapshot = await cache.get()
        let prepared: Prepared
        try {
          prepared = prepare(snapshot, req, method, path, url, body, prefer, shape)
        } catch (error) {
          if (!(error instanceof RestError) || !error.cacheMiss) throw error
          snapshot = await cache.refresh()
          prepared = prepare(snapshot, req, method, path, url, body, prefer, shape)
        }
        const rollback = transactionEnd(snapshot, prefer)
        const outcome = await asRequest(
          context.pool,
          {
            role: caller.role,
            claims: caller.claims,
            headers: headersJson(req),
            method,
            path,
            readOnly: prepared.readOnly,
            settings: { ...snapshot.roleSettings.get(caller.role), ...(prefer.timezone ? { timezone: prefer.timezone } : {}) }
          },
          prepared.run,
          { rollback, single: prepared.single }
        )
        send(res, outcome)
      } catch (error) {
        const failure = toRestError(error, authenticated)
        res.writeHead(failure.status, { 'content-type': 'application/json; charset=utf-8', ...failure.headers })
        res.end(JSON.stringify(failure.toJSON()))
      }
    },
    close: () => cache.close()
  }
}
