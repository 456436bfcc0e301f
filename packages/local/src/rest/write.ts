import pg from 'pg'
import type { Queryable } from '../db/request.ts'
import { invalidBody, RestError } from './errors.ts'
import { contentType, type Outcome } from './outcome.ts'
import { checkAffected, type Preferences } from './prefer.ts'
import type { ParsedQuery } from './query-string.ts'
import { contentRange, rowsSql, type Shape, singleBody } from './read.ts'
import { orderSql, Params, planRead, type ReadPlan, relationSql, whereParts } from './read-plan.ts'
import type { SchemaSnapshot, Table } from './schema-cache.ts'

const ident = pg.escapeIdentifier

export interface MutationRequest {
  snapshot: SchemaSnapshot
  table: Table
  method: 'POST' | 'PATCH' | 'DELETE'
  body: unknown
  query: ParsedQuery
  prefer: Preferences
  shape: Shape
}

function unknownWriteColumn(table: Table, name: string): RestError {
  return new RestError(400, 'PGRST204', `Could not find the '${name}' column of '${table.name}' in the schema cache`)
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

interface InsertGroup {
  /** The columns the group's rows carry; the others take their defaults. */
  columns: string[]
  rows: Array<Record<string, unknown>>
  /**
   * What a merge-duplicates upsert sets on conflict: every requested column, so a key a row
   * lacks under missing=default resets the column to its default, as on PostgREST.
   */
  updates: string[]
}

/** Splits an insert body into groups that share a column list (one group unless missing=default). */
function insertGroups(request: MutationRequest): InsertGroup[] {
  const { body, table, query, prefer } = request
  const rows = Array.isArray(body) ? body : [body]
  if (!rows.every(isRecord)) throw invalidBody('Expected a JSON object or an array of objects')
  let columns = query.columns
  if (!columns) {
    const first = Object.keys(rows[0] ?? {})
    const sorted = [...first].sort().join('\u0000')
    if (rows.some((row) => Object.keys(row).sort().join('\u0000') !== sorted)) {
      throw invalidBody('All object keys must match')
    }
    columns = first
  }
  for (const column of columns) if (!table.columns.has(column)) throw unknownWriteColumn(table, column)
  if (prefer.missing !== 'default') return rows.length ? [{ columns, rows, updates: columns }] : []
  const groups = new Map<string, InsertGroup>()
  for (const row of rows) {
    const present = columns.filter((column) => Object.hasOwn(row, column))
    const groupKey = present.join('\u0000')
    const group = groups.get(groupKey) ?? { columns: present, rows: [], updates: columns }
    group.rows.push(row)
    groups.set(groupKey, group)
  }
  return [...groups.values()]
}

function conflictSql(request: MutationRequest, updates: string[]): string {
  const { prefer, query, table } = request
  if (!prefer.resolution) return ''
  const target = query.onConflict ?? table.primaryKey
  if (target.length === 0) {
    throw new RestError(400, 'PGRST100', `"failed to parse on_conflict"`, {
      details: `'${table.name}' has no primary key; pass on_conflict`
    })
  }
  for (const column of target) if (!table.columns.has(column)) throw unknownWriteColumn(table, column)
  const targetSql = target.map(ident).join(', ')
  const sets = updates.map((column) => `${ident(column)} = excluded.${ident(column)}`)
  if (prefer.resolution === 'ignore-duplicates' || sets.length === 0) return ` on conflict (${targetSql}) do nothing`
  return ` on conflict (${targetSql}) do update set ${sets.join(', ')}`
}

function insertSql(request: MutationRequest, group: InsertGroup, params: Params, returning: boolean): string {
  const relation = relationSql(request.table)
  const list = group.columns.map(ident).join(', ')
  const rowsJson = params.add(JSON.stringify(group.rows))
  return `insert into ${relation}${list ? ` (${list})` : ''} select ${list} from json_populate_recordset(null::${relation}, ${rowsJson}::json) as pgrst_body${conflictSql(request, group.updates)}${returning ? ' returning *' : ''}`
}

/** A statement whose values are added to the Params it is rendered with. */
type Statement = (params: Params) => string

function mutationSql(request: MutationRequest, plan: ReadPlan, returning: boolean): Statement[] {
  const { table, method, body } = request
  if (method === 'PATCH') {
    if (!isRecord(body)) throw invalidBody('Expected a JSON object')
    for (const column of Object.keys(body)) if (!table.columns.has(column)) throw unknownWriteColumn(table, column)
    if (Object.keys(body).length === 0) return []
  }
  const hasFilters = plan.options.filters.length > 0 || plan.embeds.some((embed) => embed.inner)
  if (!hasFilters && plan.options.limit === undefined) {
    throw new RestError(400, '21000', `${method === 'PATCH' ? 'UPDATE' : 'DELETE'} requires a WHERE clause`, {
      hint: 'Add a filter; to affect every row, filter on a column that is always set, e.g. id=not.is.null'
    })
  }
  if (plan.options.limit !== undefined && table.kind !== 'table') {
    throw new RestError(400, 'PGRST100', '"failed to parse limit"', { details: 'limited updates and deletes need a table' })
  }
  return [(params) => mutationStatement(request, plan, params, returning)]
}

function mutationStatement(request: MutationRequest, plan: ReadPlan, params: Params, returning: boolean): string {
  const { table, method, body } = request
  const relation = relationSql(table)
  const filters = whereParts(plan, params)
  if (plan.options.limit !== undefined) {
    const order = orderSql(plan, params)
    filters.push(
      `"t0".ctid = any(array(select "t0".ctid from ${relation} as "t0"${filters.length ? ` where ${filters.join(' and ')}` : ''}${order} limit ${params.add(plan.options.limit)}::bigint))`
    )
  }
  const where = ` where ${filters.join(' and ')}`
  const tail = returning ? ' returning "t0".*' : ''
  if (method === 'DELETE') return `delete from ${relation} as "t0"${where}${tail}`
  const sets = Object.keys(body as Record<string, unknown>)
    .map((column) => `${ident(column)} = pgrst_body.${ident(column)}`)
    .join(', ')
  return `update ${relation} as "t0" set ${sets} from json_populate_record(null::${relation}, ${params.add(JSON.stringify(body))}::json) as pgrst_body${where}${tail}`
}

/** Only the target's filters restrict a mutation; its representation shows every affected row. */
function unfiltered(plan: ReadPlan): ReadPlan {
  return {
    ...plan,
    options: { filters: [], order: plan.options.order },
    embeds: plan.embeds.map((embed) => ({ ...embed, inner: false }))
  }
}

/** Rows this transaction inserted into a table or, for a partitioned one, into its partitions. */
const INSERTED_SQL = `
  select coalesce(sum(pg_catalog.pg_stat_get_xact_tuples_inserted(t.relid)), 0) as n
  from (select $1::oid as relid union select relid from pg_catalog.pg_partition_tree($1::oid::regclass)) as t`

/**
 * For an upsert into a table, how many rows the request's statements inserted (rather than
 * updated or skipped), read from the transaction's own statistics so no RETURNING (and no
 * SELECT policy) is needed. PostgREST 12 answers 200 when a merge-duplicates upsert inserted
 * nothing. Undefined for plain inserts, ignore-duplicates and views, which always answer 201.
 */
async function insertedRows(client: Queryable, request: MutationRequest): Promise<() => Promise<number | undefined>> {
  if (request.method !== 'POST' || request.prefer.resolution !== 'merge-duplicates' || request.table.kind !== 'table')
    return () => Promise.resolve(undefined)
  const read = async (): Promise<number> => Number((await client.query<{ n: string }>(INSERTED_SQL, [request.table.oid])).rows[0]?.n ?? 0)
  const before = await read()
  return async () => (await read()) - before
}

/** INSERT (with upsert), UPDATE or DELETE in the request's transaction, answered as PostgREST does. */
export async function mutate(client: Queryable, request: MutationRequest): Promise<Outcome> {
  const { method, prefer, shape, table, snapshot } = request
  const insert = method === 'POST'
  const mode = prefer.return ?? 'minimal'
  const headers: Record<string, string> = {}
  if (prefer.applied.length) headers['preference-applied'] = prefer.applied.join(', ')
  const query =
    mode === 'headers-only' && table.primaryKey.length
      ? { ...request.query, select: table.primaryKey.map((name) => ({ type: 'column' as const, field: { name, path: [] } })) }
      : request.query
  const plan = planRead(snapshot, table, query)
  const returning = mode !== 'minimal'
  const statements: Statement[] = insert
    ? insertGroups(request).map((group) => (params: Params) => insertSql(request, group, params, returning))
    : mutationSql(request, plan, returning)
  const created = await insertedRows(client, request)
  const insertStatus = async (): Promise<number> => ((await created()) === 0 ? 200 : 201)

  if (!returning) {
    // Without RETURNING no SELECT policy applies; each statement runs alone with its own parameters.
    let affected = 0
    for (const statement of statements) {
      const params = new Params()
      const sql = statement(params)
      affected += (await client.query(sql)).rowCount ?? 0
    }
    checkAffected(prefer, affected)
    headers['content-range'] = contentRange(0, affected, prefer.count ? affected : undefined)
    return { status: insert ? await insertStatus() : 204, headers }
  }

  const params = new Params()
  let body = '[]'
  let affected = 0
  if (statements.length) {
    const ctes = statements.map((statement, i) => `pgrst_m${i} as (${statement(params)})`).join(', ')
    const union = statements.map((_, i) => `select * from pgrst_m${i}`).join(' union all ')
    const sql = `with ${ctes} ${rowsSql(unfiltered(plan), () => `(${union})`, params, {}, { single: false, stripNulls: shape.stripNulls })}`
    const { rows } = await client.query<{ body: string; n: number }>(sql)
    body = rows[0]?.body ?? '[]'
    affected = rows[0]?.n ?? 0
  }
  checkAffected(prefer, affected)
  headers['content-range'] = contentRange(0, affected, prefer.count ? affected : undefined)
  if (mode === 'headers-only') {
    const first = (JSON.parse(body) as Array<Record<string, unknown>>)[0]
    if (insert && first && table.primaryKey.length) {
      const search = table.primaryKey.map((name) => `${encodeURIComponent(name)}=eq.${encodeURIComponent(String(first[name]))}`)
      headers.location = `/${encodeURIComponent(table.name)}?${search.join('&')}`
    }
    return { status: insert ? await insertStatus() : 204, headers }
  }
  if (shape.single) body = singleBody({ body, count: affected })
  return {
    status: insert ? await insertStatus() : 200,
    body,
    headers: { ...headers, 'content-type': contentType({ ...shape, csv: false }) }
  }
}
