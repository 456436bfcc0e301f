import type { IncomingMessage, ServerResponse } from 'node:http'
import pg from 'pg'
import { asRequest } from '../db/request.ts'
import { callerOf } from '../http/auth-header.ts'
import { JwtError } from '../http/keys.ts'
import { readBody } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'
import { RestError, toRestError } from './errors.ts'
import { parsePrefer, type Preferences } from './prefer.ts'
import { parseQuery } from './query-string.ts'
import { planRead } from './read-plan.ts'
import { contentRange, readRows, type Page, type Shape } from './read.ts'
import { resolveCall, runCall } from './rpc.ts'
import { key, SchemaCache, type SchemaSnapshot, type Table } from './schema-cache.ts'
import { contentType, invalidBody, mutate, type Outcome } from './write.ts'

/** Schemas served, like PostgREST's db-schemas; storage and graphql_public are refused. */
export const EXPOSED_SCHEMAS = ['public']

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'])

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** request.headers as PostgREST sets it: lower-case names, one string per header. */
function headersJson(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

function shapeOf(req: IncomingMessage): Shape {
  const accept = (header(req, 'accept') ?? '*/*').toLowerCase()
  const types = accept.split(',').map((item) => item.trim())
  const single = types.some((type) => type.startsWith('application/vnd.pgrst.object'))
  const known = (type: string): boolean =>
    /^(\*\/\*|application\/\*|application\/json|application\/vnd\.pgrst\.(object|array)(\+json)?)(;|$)/.test(type)
  if (!types.some(known)) {
    throw new RestError(406, 'PGRST107', `None of these media types are available: ${accept.slice(0, 200)}`)
  }
  return { single, stripNulls: types.some((type) => type.includes('nulls=stripped')) }
}

function schemaOf(req: IncomingMessage, method: string, snapshot: SchemaSnapshot): string {
  const requested = header(req, method === 'GET' || method === 'HEAD' ? 'accept-profile' : 'content-profile')
  const schema = requested?.trim() || (EXPOSED_SCHEMAS[0] as string)
  if (!EXPOSED_SCHEMAS.includes(schema)) {
    throw new RestError(406, 'PGRST106', `Invalid schema: ${schema.slice(0, 100)}`, {
      hint: `Only the following schemas are exposed: ${EXPOSED_SCHEMAS.join(', ')}`,
      details: snapshot.schemas.has(schema) ? null : 'The schema does not exist'
    })
  }
  return schema
}

/** The Range header (`items=0-9` or `0-9`), merged with limit/offset as PostgREST does. */
function pageOf(req: IncomingMessage, method: string, options: { limit?: number; offset?: number } | undefined): Page {
  const page: Page = { limit: options?.limit, offset: options?.offset }
  const range = header(req, 'range')
  if (!range || (method !== 'GET' && method !== 'HEAD')) return page
  const match = /^(?:items=)?(\d{1,15})-(\d{0,15})$/.exec(range.trim())
  if (!match) return page
  const from = Number(match[1])
  const to = match[2] ? Number(match[2]) : undefined
  if (to !== undefined && to < from) {
    throw new RestError(416, 'PGRST103', 'Requested range not satisfiable', { details: `An offset of ${from} is beyond the end ${to}` })
  }
  const offset = (page.offset ?? 0) + from
  const rangeLimit = to === undefined ? undefined : to - from + 1
  const limit = page.limit === undefined ? rangeLimit : rangeLimit === undefined ? page.limit : Math.min(page.limit, rangeLimit)
  return { limit, offset }
}

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

async function bodyOf(req: IncomingMessage, method: string, rpc: boolean): Promise<unknown> {
  if (method !== 'POST' && method !== 'PATCH') return undefined
  const type = (header(req, 'content-type') ?? 'application/json').toLowerCase()
  if (!/^application\/(json|vnd\.pgrst\.object\+json)\b/.test(type)) {
    throw new RestError(415, 'PGRST107', `Content-Type not acceptable: ${type.slice(0, 100)}`, { hint: 'Send application/json' })
  }
  const text = (await readBody(req)).toString('utf8')
  if (text.trim() === '') {
    if (rpc) return {}
    throw invalidBody('The request body is empty')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw invalidBody((error as Error).message)
  }
  if (depthOf(parsed) > MAX_BODY_DEPTH) throw invalidBody(`JSON nested deeper than ${MAX_BODY_DEPTH} levels`)
  return parsed
}

/** Deeper bodies would overflow JSON.stringify or Postgres' json parser (a 500); refuse them first. */
const MAX_BODY_DEPTH = 256

function depthOf(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length) {
    const [item, depth] = stack.pop() as [unknown, number]
    if (typeof item !== 'object' || item === null) continue
    deepest = Math.max(deepest, depth)
    if (deepest > MAX_BODY_DEPTH) return deepest
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return deepest
}

interface Prepared {
  readOnly: boolean
  run(client: pg.PoolClient): Promise<Outcome>
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
    return { readOnly, run: async (client) => withApplied(await runCall(client, snapshot, call, page, shape, prefer)) }
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
      run: async (client) => {
        const rows = await readRows(client, plan, () => `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`, page, shape, prefer.count)
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
  return { readOnly, run: (client) => mutate(client, mutation) }
}

/** PostgREST-compatible /rest/v1: every request in one transaction as the caller's role. */
export const createRestService: ServiceFactory = async (context) => {
  const cache = new SchemaCache(context.pool, context.databaseUrl, EXPOSED_SCHEMAS)
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
          const paths = Object.fromEntries([...snapshot.tables.values()].map((table) => [`/${table.name}`, {}]))
          return send(res, { status: 200, body: JSON.stringify({ swagger: '2.0', info: { title: 'Parley local REST' }, paths }), headers: { 'content-type': 'application/openapi+json; charset=utf-8' } })
        }
        const shape = shapeOf(req)
        const prefer = parsePrefer(req.headers.prefer)
        const body = await bodyOf(req, method, path.startsWith('/rpc/'))
        const seen = cache.get()
        let snapshot = await seen
        let prepared: Prepared
        try {
          prepared = prepare(snapshot, req, method, path, url, body, prefer, shape)
        } catch (error) {
          if (!(error instanceof RestError) || !error.cacheMiss) throw error
          snapshot = await cache.refresh(seen)
          prepared = prepare(snapshot, req, method, path, url, body, prefer, shape)
        }
        const outcome = await asRequest(
          context.pool,
          {
            role: caller.role,
            claims: caller.claims,
            headers: headersJson(req),
            method,
            path,
            readOnly: prepared.readOnly
          },
          prepared.run
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
