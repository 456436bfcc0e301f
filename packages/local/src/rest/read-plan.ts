import pg from 'pg'
import pgUtils from 'pg/lib/utils.js'
import { RestError } from './errors.ts'
import type { LevelOptions, ParsedQuery } from './query-string.ts'
import { type Relationship, resolveRelationship } from './relationships.ts'
import { type ForeignKey, resolveCastType, type SchemaSnapshot, type Table } from './schema-cache.ts'
import type { Aggregate, ColumnNode, Condition, Field, Logic, OrderTerm, SelectNode } from './url-grammar.ts'

const ident = pg.escapeIdentifier

/**
 * Every value from a request goes through here, never into SQL text by other means: it
 * becomes a literal quoted by the driver (pg's escapeLiteral over the very text pg would have
 * bound), untyped like a bound parameter. A statement without bound parameters can travel in
 * one simple query with its transaction's opening and end: one round trip per request.
 */
export class Params {
  add(value: unknown): string {
    const text = pgUtils.prepareValue(value)
    if (text === null) return 'null'
    if (typeof text !== 'string') return pg.escapeLiteral(`\\x${text.toString('hex')}`)
    // What PostgreSQL answers for a bound parameter with a NUL in it: text never holds one.
    if (text.includes('\0')) throw new RestError(400, '22021', 'invalid byte sequence for encoding "UTF8": 0x00')
    return pg.escapeLiteral(text)
  }
}

export interface EmbedPlan {
  name: string
  relationship: Relationship
  plan: ReadPlan
  inner: boolean
  /** False for `rel!inner()`, which only filters its parent. */
  output: boolean
}

type OutputItem =
  | { kind: 'column'; field: Field; alias: string; cast?: string }
  /** `count()` (no field: count(*)), `col.sum()`…; `resultCast` casts the aggregate. */
  | { kind: 'aggregate'; fn: Aggregate; field?: Field; alias: string; cast?: string; resultCast?: string }
  | { kind: 'spread'; embed: EmbedPlan }
  | { kind: 'embed'; embed: EmbedPlan }

/** A level of a read, checked against the catalog: every name in it exists. */
export interface ReadPlan {
  table: Table
  alias: string
  output: OutputItem[]
  embeds: EmbedPlan[]
  options: LevelOptions
}

export function unknownColumn(table: Table, name: string): RestError {
  return new RestError(400, '42703', `column ${table.name}.${name} does not exist`)
}

/** A column, or a computed field: a function of the row returning a scalar. */
function checkField(table: Table, field: Field): void {
  if (table.columns.has(field.name)) return
  const computed = table.computed.get(field.name)
  if (!computed || computed.resultTable) throw unknownColumn(table, field.name)
}

function castOf(snapshot: SchemaSnapshot, type: string | undefined): string | undefined {
  if (type === undefined) return undefined
  const cast = resolveCastType(snapshot.types, type)
  if (!cast) throw new RestError(400, '42704', `type "${type}" does not exist`)
  return cast
}

function aggregateItem(snapshot: SchemaSnapshot, source: Table, node: ColumnNode & { aggregate: Aggregate }): OutputItem {
  if (!snapshot.config.aggregates) {
    throw new RestError(400, 'PGRST123', 'Use of aggregate functions is not allowed')
  }
  const field = node.field.name === '*' ? undefined : node.field
  if (field) checkField(source, field)
  return {
    kind: 'aggregate',
    fn: node.aggregate,
    field,
    alias: node.alias ?? node.aggregate,
    cast: castOf(snapshot, node.cast),
    resultCast: castOf(snapshot, node.aggregateCast)
  }
}

/** Resolves the select tree and the per-level options of a query against `table`. */
export function planRead(snapshot: SchemaSnapshot, table: Table, query: ParsedQuery): ReadPlan {
  let next = 0
  const used = new Set<string>()
  const build = (source: Table, select: SelectNode[], path: string[]): ReadPlan => {
    const name = path.join('.')
    used.add(name)
    const plan: ReadPlan = {
      table: source,
      alias: `t${next++}`,
      output: [],
      embeds: [],
      options: query.levels.get(name) ?? { filters: [] }
    }
    for (const node of select) {
      if (node.type === 'column') {
        if (node.aggregate) {
          plan.output.push(aggregateItem(snapshot, source, { ...node, aggregate: node.aggregate }))
          continue
        }
        if (node.field.name === '*') {
          for (const column of source.columns.keys()) plan.output.push({ kind: 'column', field: { name: column, path: [] }, alias: column })
          continue
        }
        // `rel(count)` predates count(): a bare `count` on a table without such a column counts.
        if (node.field.name === 'count' && !node.field.path.length && !source.columns.has('count') && !source.computed.has('count')) {
          plan.output.push(aggregateItem(snapshot, source, { ...node, field: { name: '*', path: [] }, aggregate: 'count' }))
          continue
        }
        checkField(source, node.field)
        const alias = node.alias ?? node.field.path.at(-1)?.key ?? node.field.name
        plan.output.push({ kind: 'column', field: node.field, alias, cast: castOf(snapshot, node.cast) })
        continue
      }
      const relationship = resolveRelationship(snapshot, source, node.relation, node.hint)
      const embedName = node.alias ?? node.relation
      const embed: EmbedPlan = {
        name: embedName,
        relationship,
        plan: build(relationship.target, node.select, [...path, embedName]),
        inner: node.inner,
        output: node.select.length > 0
      }
      plan.embeds.push(embed)
      if (embed.output) plan.output.push(node.spread ? { kind: 'spread', embed } : { kind: 'embed', embed })
    }
    if (plan.output.some((item) => item.kind === 'aggregate') && plan.embeds.some((embed) => embed.relationship.kind === 'computed')) {
      throw new RestError(400, 'PGRST100', '"failed to parse select"', {
        details: 'aggregates cannot be combined with a computed relationship in the same level'
      })
    }
    for (const filter of plan.options.filters) checkFilterFields(plan, filter)
    for (const term of plan.options.order ?? []) {
      if (term.relation === undefined) checkField(source, term.field)
      else checkField(relatedOrder(plan, term.relation).plan.table, term.field)
    }
    return plan
  }
  const plan = build(table, query.select, [])
  for (const name of query.levels.keys()) {
    if (!used.has(name)) {
      throw new RestError(400, 'PGRST108', `'${name}' is not an embedded resource in this request`, {
        hint: `Verify that '${name}' is included in the 'select' query parameter.`
      })
    }
  }
  return plan
}

function relatedOrder(plan: ReadPlan, relation: string): EmbedPlan {
  const embed = plan.embeds.find((candidate) => candidate.name === relation)
  if (!embed?.relationship.toOne) {
    throw new RestError(400, 'PGRST118', `A related order on '${relation}' is not possible`, {
      details: `'${relation}' is not a many-to-one or one-to-one embed of this request`
    })
  }
  return embed
}

function embedFilter(plan: ReadPlan, filter: Condition): EmbedPlan | undefined {
  if (filter.field.path.length > 0 || filter.op !== 'is' || plan.table.columns.has(filter.field.name)) return undefined
  return plan.embeds.find((embed) => embed.name === filter.field.name)
}

function checkFilterFields(plan: ReadPlan, filter: Condition | Logic): void {
  if (filter.type === 'logic') {
    for (const child of filter.children) checkFilterFields(plan, child)
    return
  }
  if (embedFilter(plan, filter)) {
    if (String(filter.value).toLowerCase() !== 'null') {
      throw new RestError(400, 'PGRST100', `"failed to parse filter (${filter.field.name})"`, {
        details: 'an embedded resource can only be filtered with is.null'
      })
    }
    return
  }
  checkField(plan.table, filter.field)
}

/**
 * `"t0"."col"->'a'->>'b'`, with the JSON keys bound as parameters; a computed field is its
 * function applied to the row (cast to the table's type: the row may come from a CTE).
 */
function fieldSql(plan: ReadPlan, field: Field, params: Params): string {
  const computed = plan.table.columns.has(field.name) ? undefined : plan.table.computed.get(field.name)
  let sql = computed ? `${ident(computed.schema)}.${ident(computed.name)}(${rowSql(plan)})` : `${ident(plan.alias)}.${ident(field.name)}`
  for (const step of field.path) {
    sql += /^-?\d+$/.test(step.key) ? ` ${step.arrow} ${params.add(step.key)}::int` : ` ${step.arrow} ${params.add(step.key)}::text`
  }
  return sql
}

const COMPARISONS: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
  isdistinct: 'is distinct from'
}
const TS_QUERIES: Record<string, string> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery'
}
const IS_VALUES: Record<string, string> = {
  null: 'is null',
  not_null: 'is not null',
  true: 'is true',
  false: 'is false',
  unknown: 'is unknown'
}

const likePattern = (value: string): string => value.replaceAll('*', '%')

function conditionSql(plan: ReadPlan, condition: Condition, params: Params): string {
  const embed = embedFilter(plan, condition)
  if (embed) return `${condition.negate ? '' : 'not '}exists (select 1 ${embedFromWhere(plan, embed, params)})`
  const column = fieldSql(plan, condition.field, params)
  const { op, value } = condition
  let sql: string
  if (op === 'is') sql = `${column} ${IS_VALUES[String(value).toLowerCase()]}`
  else if (op === 'in') sql = (value as string[]).length === 0 ? 'false' : `${column} = any(${params.add(value)})`
  else if (op in TS_QUERIES) {
    const config = condition.config === undefined ? '' : `${params.add(condition.config)}::regconfig, `
    sql = `${column} @@ ${TS_QUERIES[op]}(${config}${params.add(value)})`
  } else if (condition.modifier) {
    const values = (value as string[]).map((item) => (op === 'like' || op === 'ilike' ? likePattern(item) : item))
    sql = `${column} ${COMPARISONS[op]} ${condition.modifier}(${params.add(values)})`
  } else {
    const text = op === 'like' || op === 'ilike' ? likePattern(value as string) : value
    sql = `${column} ${COMPARISONS[op]} ${params.add(text)}`
  }
  return condition.negate ? `not (${sql})` : sql
}

function filterSql(plan: ReadPlan, filter: Condition | Logic, params: Params): string {
  if (filter.type === 'filter') return conditionSql(plan, filter, params)
  const joined = filter.children.map((child) => `(${filterSql(plan, child, params)})`).join(` ${filter.op} `)
  return filter.negate ? `not (${joined})` : joined
}

export function relationSql(table: Table): string {
  return `${ident(table.schema)}.${ident(table.name)}`
}

/** The level's current row as a value of its table's row type, for functions of the row. */
function rowSql(plan: ReadPlan): string {
  return `(${ident(plan.alias)}.*)::${relationSql(plan.table)}`
}

const pairs = (fk: ForeignKey, left: string, right: string): string =>
  fk.columns.map((column, i) => `${left}.${ident(column)} = ${right}.${ident(fk.targetColumns[i] as string)}`).join(' and ')

function joinSql(parent: ReadPlan, embed: EmbedPlan): string {
  if (embed.relationship.kind === 'computed') return 'true'
  const { fk, kind, junctionFk } = embed.relationship
  const child = ident(embed.plan.alias)
  const up = ident(parent.alias)
  if (kind === 'many-to-one') return pairs(fk, up, child)
  if (kind === 'one-to-many' || !junctionFk) return pairs(fk, child, up)
  const junction = ident(`${embed.plan.alias}_j`)
  return `exists (select 1 from ${relationSql(fk.table)} as ${junction} where ${pairs(fk, junction, up)} and ${pairs(junctionFk, junction, child)})`
}

function embedWhere(parent: ReadPlan, embed: EmbedPlan, params: Params): string {
  return [joinSql(parent, embed), ...whereParts(embed.plan, params)].join(' and ')
}

/** `from <embedded relation> as tN where <join and its filters>`; a computed relationship is its function's rows. */
function embedFromWhere(parent: ReadPlan, embed: EmbedPlan, params: Params): string {
  const { relationship } = embed
  const from =
    relationship.kind === 'computed'
      ? `${ident(relationship.fn.schema)}.${ident(relationship.fn.name)}(${rowSql(parent)})`
      : relationSql(embed.plan.table)
  return `from ${from} as ${ident(embed.plan.alias)} where ${embedWhere(parent, embed, params)}`
}

/** The filters of a level plus the existence checks its !inner embeds impose. */
export function whereParts(plan: ReadPlan, params: Params): string[] {
  const parts = plan.options.filters.map((filter) => `(${filterSql(plan, filter, params)})`)
  for (const embed of plan.embeds) {
    if (!embed.inner) continue
    parts.push(`exists (select 1 ${embedFromWhere(plan, embed, params)})`)
  }
  return parts
}

export function whereSql(plan: ReadPlan, params: Params): string {
  const parts = whereParts(plan, params)
  return parts.length ? ` where ${parts.join(' and ')}` : ''
}

export function orderSql(plan: ReadPlan, params: Params, order: OrderTerm[] | undefined = plan.options.order): string {
  if (!order?.length) return ''
  return ` order by ${order
    .map((term) => {
      let sql: string
      if (term.relation !== undefined) {
        const embed = relatedOrder(plan, term.relation)
        sql = `(select ${fieldSql(embed.plan, term.field, params)} ${embedFromWhere(plan, embed, params)} limit 1)`
      } else sql = fieldSql(plan, term.field, params)
      if (term.direction) sql += ` ${term.direction}`
      if (term.nulls) sql += ` nulls ${term.nulls}`
      return sql
    })
    .join(', ')}`
}

export function pageSql(options: { limit?: number; offset?: number }, params: Params): string {
  let sql = ''
  if (options.limit !== undefined) sql += ` limit ${params.add(options.limit)}::bigint`
  if (options.offset !== undefined && options.offset > 0) sql += ` offset ${params.add(options.offset)}::bigint`
  return sql
}

/** The output names of a level, in order, as its JSON object will carry them. */
export function outputNames(plan: ReadPlan): string[] {
  return plan.output.flatMap((item) =>
    item.kind === 'spread' ? outputNames(item.embed.plan) : [item.kind === 'embed' ? item.embed.name : item.alias]
  )
}

/**
 * An embed lifted into its parent: one JSON field per embedded output — the value for a
 * to-one embed, an array of the values of every embedded row for a to-many one (PostgREST 13).
 */
function spreadSql(parent: ReadPlan, embed: EmbedPlan, params: Params): string {
  const child = embed.plan
  const names = outputNames(child)
  const inner = `select ${selectListSql(child, params)} ${embedFromWhere(parent, embed, params)}${groupSql(child)}`
  const row = embed.relationship.toOne
    ? `(select row_to_json(pgrst_s.*) from (${inner} limit 1) as pgrst_s)`
    : `(select row_to_json(pgrst_a.*) from (select ${names
        .map((name) => `coalesce(json_agg(pgrst_s.${ident(name)}), '[]') as ${ident(name)}`)
        .join(', ')} from (${inner}${orderSql(child, params)}${pageSql(child.options, params)}) as pgrst_s) as pgrst_a)`
  return names.map((name) => `${row} -> ${params.add(name)}::text as ${ident(name)}`).join(', ')
}

/** The select list of a level; embeds become correlated JSON subqueries. */
export function selectListSql(plan: ReadPlan, params: Params): string {
  const items = plan.output.map((item) => {
    if (item.kind === 'aggregate') {
      const input = item.field ? fieldSql(plan, item.field, params) : '*'
      const value = `${item.fn}(${item.cast ? `(${input})::${item.cast}` : input})`
      return `${item.resultCast ? `(${value})::${item.resultCast}` : value} as ${ident(item.alias)}`
    }
    if (item.kind === 'spread') return spreadSql(plan, item.embed, params)
    if (item.kind === 'column') {
      const value = fieldSql(plan, item.field, params)
      return `${item.cast ? `(${value})::${item.cast}` : value} as ${ident(item.alias)}`
    }
    const { embed } = item
    const child = embed.plan
    const inner = `select ${selectListSql(child, params)} ${embedFromWhere(plan, embed, params)}${groupSql(child)}`
    const value = embed.relationship.toOne
      ? `(select row_to_json(pgrst_e.*) from (${inner} limit 1) as pgrst_e)`
      : `coalesce((select json_agg(pgrst_e.*) from (${inner}${orderSql(child, params)}${pageSql(child.options, params)}) as pgrst_e), '[]')`
    return `${value} as ${ident(embed.name)}`
  })
  return items.join(', ')
}

/**
 * With aggregates, the level's plain columns group the rows, as PostgREST's automatic GROUP BY
 * does: by output position, so JSON-path parameters need not repeat. Embeds and spreads are
 * grouped through the parent's key columns they join on.
 */
export function groupSql(plan: ReadPlan): string {
  if (!plan.output.some((item) => item.kind === 'aggregate')) return ''
  const keys: string[] = []
  let position = 0
  for (const item of plan.output) {
    if (item.kind === 'column') keys.push(String(position + 1))
    if (item.kind === 'embed' || item.kind === 'spread') {
      const { relationship } = item.embed
      if (relationship.kind !== 'computed') {
        const columns = relationship.kind === 'many-to-one' ? relationship.fk.columns : relationship.fk.targetColumns
        for (const column of columns) keys.push(`${ident(plan.alias)}.${ident(column)}`)
      }
    }
    position += item.kind === 'spread' ? outputNames(item.embed.plan).length : 1
  }
  return keys.length ? ` group by ${[...new Set(keys)].join(', ')}` : ''
}
