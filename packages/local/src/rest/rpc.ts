import pg from 'pg'
import type { Queryable } from '../db/request.ts'
import { RestError } from './errors.ts'
import { contentType, type Outcome } from './outcome.ts'
import { checkAffected, type Preferences } from './prefer.ts'
import { type ParsedQuery, parseQuery } from './query-string.ts'
import { contentRange, type Page, readRows, type Shape } from './read.ts'
import { Params, pageSql, planRead } from './read-plan.ts'
import { type DbFunction, type FunctionArg, key, type SchemaSnapshot, type Table } from './schema-cache.ts'

const ident = pg.escapeIdentifier

const SINGLE_BODY_TYPES = new Set(['json', 'jsonb', 'text', 'xml', 'bytea'])
/** Keys that are PostgREST's own, never function arguments. */
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict', 'or', 'and'])

interface CallArg {
  name: string
  type: string
  variadic: boolean
  /** A row or composite type, read from a JSON object with json_populate_record. */
  composite: boolean
  value: unknown
}

export interface RpcCall {
  fn: DbFunction
  /** The whole body goes to the function's single unnamed (or params=single-object) parameter. */
  wholeBody: boolean
  args: CallArg[]
  query: ParsedQuery
}

/**
 * What PostgREST can call: functions whose parameters are all named, or with one unnamed
 * json/jsonb/text/xml/bytea parameter (it gets the whole body). Others are not in its cache.
 */
const callable = (fn: DbFunction): boolean =>
  fn.inputs.every((arg) => arg.name !== '') || (fn.inputs.length === 1 && SINGLE_BODY_TYPES.has(fn.inputs[0]?.type ?? ''))

const callArg = (arg: FunctionArg, value: unknown): CallArg => ({
  name: arg.name,
  type: arg.type,
  variadic: arg.mode === 'v',
  composite: arg.composite === true && isRecord(value),
  value: arg.composite === true && isRecord(value) ? JSON.stringify(value) : value
})

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Names of the arguments without defaults: a call must pass them all. */
const required = (fn: DbFunction): string[] => fn.inputs.slice(0, fn.inputs.length - fn.defaults).map((arg) => arg.name)

function notFound(schema: string, name: string, keys: string[], overloads: DbFunction[]): RestError {
  const qualified = `${schema}.${name}`
  const searched = keys.length ? `with parameter${keys.length > 1 ? 's' : ''} ${keys.join(', ')}` : 'without parameters'
  const close = overloads[0]
  return new RestError(
    404,
    'PGRST202',
    `Could not find the function ${keys.length ? `${qualified}(${keys.join(', ')})` : `${qualified} without parameters`} in the schema cache`,
    {
      details: `Searched for the function ${qualified} ${searched} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
      hint: close ? `Perhaps you meant to call the function ${qualified}(${close.inputs.map((arg) => arg.name).join(', ')})` : null,
      cacheMiss: overloads.length === 0
    }
  )
}

/** PostgREST lists candidates by their parameters, compared one by one (name, then type); fewer first. */
function bySignature(a: DbFunction, b: DbFunction): number {
  for (let i = 0; i < Math.min(a.inputs.length, b.inputs.length); i++) {
    const [x, y] = [a.inputs[i] as FunctionArg, b.inputs[i] as FunctionArg]
    const order = x.name.localeCompare(y.name) || x.type.localeCompare(y.type)
    if (order) return order
  }
  return a.inputs.length - b.inputs.length
}

function ambiguous(schema: string, name: string, fns: DbFunction[]): RestError {
  return new RestError(
    300,
    'PGRST203',
    `Could not choose the best candidate function between: ${[...fns]
      .sort(bySignature)
      .map((fn) => `${schema}.${name}(${fn.inputs.map((arg) => `${arg.name} => ${arg.type}`).join(', ')})`)
      .join(', ')}`,
    { hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved' }
  )
}

/** Converts a JSON value to the text Postgres parses for `type`. */
function toParam(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null
  if (type === 'json' || type === 'jsonb') return JSON.stringify(value)
  if (Array.isArray(value) && type.endsWith('[]')) return value
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * Picks the overload PostgREST would: by argument names (POST: the body's keys; GET: the
 * query's non-filter keys), else a function taking the whole body as one json parameter.
 */
export function resolveCall(
  snapshot: SchemaSnapshot,
  schema: string,
  name: string,
  method: string,
  body: unknown,
  search: URLSearchParams,
  prefer: Preferences
): RpcCall {
  const overloads = (snapshot.functions.get(key(schema, name)) ?? []).filter(callable)
  const isGet = method === 'GET' || method === 'HEAD'
  if (isGet) {
    const keys = [...new Set([...search.keys()].filter((k) => !RESERVED.has(k) && !k.includes('.')))]
    const scored = overloads
      .filter((fn) => required(fn).every((arg) => keys.includes(arg)))
      .map((fn) => ({ fn, score: fn.inputs.filter((arg) => keys.includes(arg.name)).length }))
    const best = Math.max(-1, ...scored.map((item) => item.score))
    const winners = scored.filter((item) => item.score === best).map((item) => item.fn)
    if (winners.length === 0) throw notFound(schema, name, keys, overloads)
    if (winners.length > 1) throw ambiguous(schema, name, winners)
    const fn = winners[0] as DbFunction
    const names = new Set(fn.inputs.map((arg) => arg.name))
    const query = parseQuery(search, (k) => names.has(k))
    const args = fn.inputs
      .filter((arg) => query.plain.has(arg.name))
      .map((arg) => ({ ...callArg(arg, query.plain.get(arg.name)), composite: false }))
    return { fn, wholeBody: false, args, query }
  }
  const query = parseQuery(search)
  const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined
  const keys = object ? Object.keys(object) : []
  if (!prefer.singleObject && object) {
    const exact = overloads.filter(
      (fn) => keys.every((k) => fn.inputs.some((arg) => arg.name === k)) && required(fn).every((arg) => keys.includes(arg))
    )
    if (exact.length > 1) throw ambiguous(schema, name, exact)
    const fn = exact[0]
    if (fn?.inputs.some((arg) => arg.name === '')) return wholeBodyCall(fn, body, query)
    if (fn) {
      const args = fn.inputs
        .filter((arg) => Object.hasOwn(object, arg.name))
        .map((arg) => callArg(arg, arg.composite ? object[arg.name] : toParam(object[arg.name], arg.type)))
      return { fn, wholeBody: false, args, query }
    }
  }
  const single = overloads.filter(
    (fn) => fn.inputs.length === 1 && SINGLE_BODY_TYPES.has(fn.inputs[0]?.type ?? '') && (prefer.singleObject || fn.inputs[0]?.name === '')
  )
  if (single.length > 1) throw ambiguous(schema, name, single)
  const fn = single[0]
  if (!fn) throw notFound(schema, name, keys, overloads)
  return wholeBodyCall(fn, body, query)
}

/** The body, as JSON text, is the only argument, passed by position. */
function wholeBodyCall(fn: DbFunction, body: unknown, query: ParsedQuery): RpcCall {
  const type = fn.inputs[0]?.type as string
  return {
    fn,
    wholeBody: true,
    args: [{ name: '', type, variadic: false, composite: false, value: JSON.stringify(body ?? {}) }],
    query
  }
}

function callSql(call: RpcCall, params: Params): string {
  const args = call.args.map((arg) => {
    const value = arg.composite
      ? `json_populate_record(null::${arg.type}, ${params.add(arg.value)}::json)`
      : `${params.add(arg.value)}::${arg.type}`
    if (call.wholeBody) return value
    return `${arg.variadic ? 'variadic ' : ''}${ident(arg.name)} := ${value}`
  })
  return `${ident(call.fn.schema)}.${ident(call.fn.name)}(${args.join(', ')})`
}

/** A table-shaped view of a function's result rows, so filters (and embedding, for table types) work on them. */
function resultTable(fn: DbFunction): Table {
  if (fn.resultTable) return fn.resultTable
  const columns = fn.resultColumns ?? []
  return {
    schema: fn.schema,
    name: fn.name,
    oid: 0,
    kind: 'view',
    columns: new Map(columns.map((name) => [name, { name, type: 'unknown', nullable: true, hasDefault: false, generated: false }])),
    primaryKey: [],
    uniques: [],
    foreignKeys: [],
    referencedBy: [],
    computed: new Map()
  }
}

/** Runs the call in the request's transaction and shapes the result as PostgREST does. */
export async function runCall(
  client: Queryable,
  snapshot: SchemaSnapshot,
  call: RpcCall,
  page: Page,
  shape: Shape,
  prefer: Preferences
): Promise<Outcome> {
  const { fn } = call
  // Only row-shaped results can be CSV; scalars stay JSON.
  const headers: Record<string, string> = { 'content-type': contentType({ ...shape, csv: false }) }
  if (fn.returnsVoid) {
    const params = new Params()
    await client.query(`select ${callSql(call, params)}`)
    return { status: 204, headers: {} }
  }
  if (fn.resultColumns === undefined) {
    const params = new Params()
    if (!fn.returnsSet) {
      const { rows } = await client.query<{ body: string }>(`select coalesce(to_json(${callSql(call, params)}), 'null')::text as body`)
      checkAffected(prefer, 1)
      // One value: PostgREST counts it as one row.
      headers['content-range'] = contentRange(0, 1, prefer.count ? 1 : undefined)
      return { status: 200, body: rows[0]?.body ?? 'null', headers }
    }
    const order = call.query.levels.get('')?.order
    const orderBy = order?.length
      ? ` order by pgrst_v${order[0]?.direction === 'desc' ? ' desc' : ''}${order[0]?.nulls ? ` nulls ${order[0].nulls}` : ''}`
      : ''
    const total = prefer.count ? `(select count(*) from ${callSql(call, params)})::int` : 'null::int'
    const sql = `select coalesce(json_agg(pgrst_v), '[]')::text as body, count(*)::int as n, ${total} as total from (select pgrst_v from ${callSql(call, params)} as pgrst_t(pgrst_v)${orderBy}${pageSql(page, params)}) as pgrst_s`
    const { rows } = await client.query<{ body: string; n: number; total: number | null }>(sql)
    checkAffected(prefer, rows[0]?.n ?? 0)
    headers['content-range'] = contentRange(page.offset ?? 0, rows[0]?.n ?? 0, rows[0]?.total ?? undefined)
    return { status: 200, body: rows[0]?.body ?? '[]', headers }
  }
  const plan = planRead(snapshot, resultTable(fn), call.query)
  const rows = await readRows(client, plan, (params) => callSql(call, params), page, { ...shape, single: shape.single }, prefer.count)
  checkAffected(prefer, rows.count)
  headers['content-range'] = contentRange(page.offset ?? 0, rows.count, rows.total)
  headers['content-type'] = contentType(shape)
  if (!fn.returnsSet && !shape.single && !shape.csv) return { status: 200, body: rows.count ? rows.body.slice(1, -1) : 'null', headers }
  return { status: 200, body: rows.body, headers }
}
