import type { Queryable } from '../db/request.ts'
import { RestError } from './errors.ts'
import type { Preferences } from './prefer.ts'
import { groupSql, orderSql, outputNames, Params, pageSql, type ReadPlan, selectListSql, whereSql } from './read-plan.ts'

/** What the Accept header asks for. */
export interface Shape {
  /** application/vnd.pgrst.object+json: exactly one row, as an object. */
  single: boolean
  /** `;nulls=stripped`: keys with null values are left out. */
  stripNulls: boolean
  /** text/csv (`csv()`): a header line, then one line per row in Postgres' record text format. */
  csv?: boolean
}

export interface Page {
  limit?: number
  offset?: number
}

export interface Rows {
  /** A JSON array, or an object when `single`. */
  body: string
  count: number
  total?: number
}

/** Renders `from` (a table, a CTE or a function call) aliased as the plan's root. */
export type FromSql = (params: Params) => string

export function rowsSql(plan: ReadPlan, from: FromSql, params: Params, page: Page, shape: Shape, order = true): string {
  const agg = shape.csv
    ? `coalesce(string_agg(substring(pgrst_r::text, 2, length(pgrst_r::text) - 2), chr(10)), '')`
    : shape.stripNulls
      ? `json_strip_nulls(coalesce(json_agg(pgrst_r.*), '[]'))`
      : `coalesce(json_agg(pgrst_r.*), '[]')`
  const inner = `select ${selectListSql(plan, params)} from ${from(params)} as "${plan.alias}"${whereSql(plan, params)}${groupSql(plan)}${order ? orderSql(plan, params) : ''}${pageSql(page, params)}`
  return `select ${agg}::text as body, count(*)::int as n from (${inner}) as pgrst_r`
}

/** Rows of a read plan plus the count Prefer asked for, in the request's transaction. */
export async function readRows(
  client: Queryable,
  plan: ReadPlan,
  from: FromSql,
  page: Page,
  shape: Shape,
  count: Preferences['count']
): Promise<Rows> {
  const params = new Params()
  const sql = rowsSql(plan, from, params, page, shape)
  const { rows } = await client.query<{ body: string; n: number }>(sql)
  const result = rows[0] as { body: string; n: number }
  const out: Rows = { body: result.body, count: result.n }
  if (count) out.total = await countRows(client, plan, from, count)
  if (shape.csv) out.body = `${outputNames(plan).join(',')}\n${out.body}`
  else if (shape.single) out.body = singleBody(out)
  return out
}

async function countRows(client: Queryable, plan: ReadPlan, from: FromSql, count: NonNullable<Preferences['count']>): Promise<number> {
  const params = new Params()
  const filtered = `select 1 from ${from(params)} as "${plan.alias}"${whereSql(plan, params)}`
  if (count === 'planned') {
    const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(`explain (format json) ${filtered}`)
    return rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0
  }
  const { rows } = await client.query<{ n: string }>(`select count(*) as n from (${filtered}) as pgrst_c`)
  return Number(rows[0]?.n ?? 0)
}

/** PGRST116 unless exactly one row came back. */
export function singleBody(rows: Rows): string {
  if (rows.count !== 1) {
    throw new RestError(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', {
      details: `The result contains ${rows.count} rows`
    })
  }
  return rows.body.slice(1, -1)
}

/** Content-Range as PostgREST writes it: `0-9/42`, `*\/0`, `0-9/*`. */
export function contentRange(offset: number, count: number, total: number | undefined): string {
  const range = count > 0 ? `${offset}-${offset + count - 1}` : '*'
  return `${range}/${total ?? '*'}`
}
