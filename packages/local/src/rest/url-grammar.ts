import { parseError } from './errors.ts'

/** One step of a JSON path: `->key` keeps JSON, `->>key` yields text. */
export interface JsonStep {
  arrow: '->' | '->>'
  key: string
}

export interface Field {
  name: string
  path: JsonStep[]
}

export interface ColumnNode {
  type: 'column'
  /** `*` selects every column. */
  field: Field
  alias?: string
  cast?: string
  /** `count()` or `col.sum()`: the level's other columns group the rows (db-aggregates-enabled). */
  aggregate?: Aggregate
  /** `col.sum()::int` casts the aggregate's result; `cast` casts the column before it. */
  aggregateCast?: string
}

export const AGGREGATES = ['avg', 'count', 'max', 'min', 'sum'] as const
export type Aggregate = (typeof AGGREGATES)[number]

export interface EmbedNode {
  type: 'embed'
  relation: string
  alias?: string
  hint?: string
  inner: boolean
  /** `...rel(cols)`: the embedded columns are lifted into the parent row. */
  spread: boolean
  select: SelectNode[]
}

export type SelectNode = ColumnNode | EmbedNode

export interface Condition {
  type: 'filter'
  field: Field
  negate: boolean
  op: string
  modifier?: 'any' | 'all'
  /** Text search configuration of fts/plfts/phfts/wfts. */
  config?: string
  value: string | string[]
}

export interface Logic {
  type: 'logic'
  op: 'and' | 'or'
  negate: boolean
  children: Array<Condition | Logic>
}

export interface OrderTerm {
  /** `order=authors(name)`: order the parent by a column of a to-one embed. */
  relation?: string
  field: Field
  direction?: 'asc' | 'desc'
  nulls?: 'first' | 'last'
}

/** Operators PostgREST accepts; anything else is a parse error, never SQL. */
export const OPERATORS = new Set([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
  'is',
  'isdistinct',
  'in',
  'cs',
  'cd',
  'ov',
  'sl',
  'sr',
  'nxr',
  'nxl',
  'adj',
  'fts',
  'plfts',
  'phfts',
  'wfts'
])
const QUANTIFIABLE = new Set(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch'])
const FTS = new Set(['fts', 'plfts', 'phfts', 'wfts'])
const MAX_DEPTH = 12
/** Bounds that keep generated SQL far from Postgres' own limits (1664 select entries, stack depth). */
const MAX_JSON_PATH = 16
const MAX_SELECT_ITEMS = 400
const MAX_ORDER_TERMS = 50

/** A character that ends an unquoted name in PostgREST's grammar. */
const isNameEnd = (text: string, at: number): boolean => {
  const c = text[at]
  if (c === undefined) return true
  if ('.,:()!"*'.includes(c) || /\s/.test(c)) return true
  return c === '-' && text[at + 1] === '>'
}

class Cursor {
  readonly text: string
  at = 0

  constructor(text: string) {
    this.text = text
  }

  get done(): boolean {
    return this.at >= this.text.length
  }

  peek(offset = 0): string | undefined {
    return this.text[this.at + offset]
  }

  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.at)
  }

  eat(token: string): boolean {
    if (!this.startsWith(token)) return false
    this.at += token.length
    return true
  }

  expect(token: string, what: string): void {
    if (!this.eat(token)) this.fail(`expecting "${token}" ${what}`)
  }

  fail(message: string): never {
    throw parseError(`"failed to parse ${message}" (column ${this.at + 1})`, `unexpected "${this.peek() ?? 'end of input'}"`)
  }

  /** A double-quoted name or value; `\"` and `\\` escape. */
  quoted(): string {
    this.expect('"', 'to open a quoted name')
    let out = ''
    while (!this.done && this.peek() !== '"') {
      if (this.peek() === '\\' && this.at + 1 < this.text.length) this.at++
      out += this.text[this.at++]
    }
    this.expect('"', 'to close a quoted name')
    return out
  }

  name(what: string): string {
    if (this.peek() === '"') return this.quoted()
    const start = this.at
    while (!isNameEnd(this.text, this.at)) this.at++
    if (this.at === start) this.fail(what)
    return this.text.slice(start, this.at)
  }
}

function jsonPath(cursor: Cursor): JsonStep[] {
  const path: JsonStep[] = []
  while (cursor.startsWith('->')) {
    const arrow = cursor.eat('->>') ? '->>' : (cursor.eat('->'), '->')
    const key = cursor.eat('-') ? `-${cursor.name('a json key')}` : cursor.name('a json key')
    path.push({ arrow, key })
    if (path.length > MAX_JSON_PATH) cursor.fail(`json path: at most ${MAX_JSON_PATH} steps`)
  }
  return path
}

function field(cursor: Cursor): Field {
  const name = cursor.name('a column name')
  return { name, path: jsonPath(cursor) }
}

/** Parses `select=` into columns and embedded resources. */
export function parseSelect(text: string): SelectNode[] {
  const cursor = new Cursor(text)
  const nodes = selectList(cursor, 0)
  if (!cursor.done) cursor.fail('select')
  return nodes
}

function selectList(cursor: Cursor, depth: number): SelectNode[] {
  if (depth > MAX_DEPTH) cursor.fail('select: embedding nested too deeply')
  const nodes: SelectNode[] = []
  if (cursor.done || cursor.peek() === ')') return nodes
  do {
    nodes.push(selectItem(cursor, depth))
    if (nodes.length > MAX_SELECT_ITEMS) cursor.fail(`select: at most ${MAX_SELECT_ITEMS} items per level`)
  } while (cursor.eat(','))
  return nodes
}

function selectItem(cursor: Cursor, depth: number): SelectNode {
  const spread = cursor.eat('...')
  if (!spread && cursor.eat('*')) return { type: 'column', field: { name: '*', path: [] } }
  let name = cursor.name('select: a column or relation')
  let alias: string | undefined
  if (cursor.peek() === ':' && cursor.peek(1) !== ':') {
    cursor.eat(':')
    alias = name
    if (cursor.eat('*')) cursor.fail('select: an alias cannot name *')
    name = cursor.name('select: a column or relation after the alias')
  }
  if (name === 'count' && cursor.eat('()')) {
    return { type: 'column', field: { name: '*', path: [] }, alias, aggregate: 'count', aggregateCast: castType(cursor) }
  }
  if (cursor.peek() === '!' || cursor.peek() === '(') {
    let hint: string | undefined
    let inner = false
    while (cursor.eat('!')) {
      const word = cursor.name('select: an embedding hint')
      if (word === 'inner') inner = true
      else if (word !== 'left') {
        if (hint !== undefined) cursor.fail('select: more than one embedding hint')
        hint = word
      }
    }
    cursor.expect('(', 'to open an embedded select')
    const select = selectList(cursor, depth + 1)
    cursor.expect(')', 'to close an embedded select')
    return { type: 'embed', relation: name, alias, hint, inner, spread, select }
  }
  if (spread) cursor.fail('select: ... must precede an embedded resource')
  const path = jsonPath(cursor)
  const cast = castType(cursor)
  const node: ColumnNode = { type: 'column', field: { name, path }, alias, cast }
  if (cursor.peek() === '.') {
    cursor.eat('.')
    const aggregate = AGGREGATES.find((candidate) => cursor.eat(`${candidate}()`))
    if (!aggregate) cursor.fail('select: an aggregate (avg(), count(), max(), min(), sum())')
    node.aggregate = aggregate
    node.aggregateCast = castType(cursor)
  }
  return node
}

function castType(cursor: Cursor): string | undefined {
  if (!cursor.eat('::')) return undefined
  const start = cursor.at
  while (!cursor.done && /[A-Za-z0-9_[\]]/.test(cursor.peek() as string)) cursor.at++
  const cast = cursor.text.slice(start, cursor.at)
  if (!cast) cursor.fail('select: a cast type')
  return cast
}

/** Splits `a,b,"c,d"` at top-level commas, honouring quotes and brackets. */
function splitList(text: string): string[] {
  const items: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\' && quoted) i++
    else if (c === '"') quoted = !quoted
    else if (!quoted && (c === '(' || c === '{' || c === '[')) depth++
    else if (!quoted && (c === ')' || c === '}' || c === ']')) depth--
    else if (!quoted && depth === 0 && c === ',') {
      items.push(text.slice(start, i))
      start = i + 1
    }
  }
  items.push(text.slice(start))
  return items
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return text.slice(1, -1).replace(/\\(.)/g, '$1')
  }
  return text
}

function listValue(text: string, open: string, close: string, what: string): string[] {
  if (!text.startsWith(open) || !text.endsWith(close)) {
    throw parseError(`"failed to parse filter (${what})"`, `expecting a list like ${open}a,b${close}`)
  }
  const inner = text.slice(1, -1)
  return inner === '' ? [] : splitList(inner).map(unquote)
}

/**
 * Parses `[not.]op[(modifier)].value` — the right-hand side of a filter. Inside logic
 * trees values may be double-quoted to carry commas and parentheses.
 */
export function parseOperation(fieldOf: Field, text: string, inLogic: boolean): Condition {
  let rest = text
  let negate = false
  if (rest.startsWith('not.')) {
    negate = true
    rest = rest.slice(4)
  }
  const match = /^([a-z]+)(?:\(([^)]*)\))?\./.exec(rest)
  if (!match || !OPERATORS.has(match[1] as string)) {
    throw parseError(`"failed to parse filter (${text.slice(0, 40)})"`, 'unknown or missing operator')
  }
  const op = match[1] as string
  const argument = match[2]
  let raw = rest.slice(match[0].length)
  if (inLogic) raw = unquote(raw)
  const condition: Condition = { type: 'filter', field: fieldOf, negate, op, value: raw }
  if (argument !== undefined) {
    if (FTS.has(op)) {
      if (!/^[A-Za-z0-9_]+$/.test(argument)) throw parseError(`"failed to parse filter (${op})"`, 'invalid text search configuration')
      condition.config = argument
    } else if (QUANTIFIABLE.has(op) && (argument === 'any' || argument === 'all')) {
      condition.modifier = argument
      condition.value = listValue(raw, '{', '}', `${op}(${argument})`)
    } else {
      throw parseError(`"failed to parse filter (${op}(${argument}))"`, 'unknown operator modifier')
    }
  }
  if (op === 'in') condition.value = listValue(raw, '(', ')', 'in')
  if (op === 'is' && !['null', 'not_null', 'true', 'false', 'unknown'].includes(raw.toLowerCase())) {
    throw parseError(`"failed to parse filter (is)"`, 'is accepts null, not_null, true, false or unknown')
  }
  return condition
}

/** A filter `column=op.value` from the query string. */
export function parseFilter(column: string, value: string): Condition {
  const cursor = new Cursor(column)
  const f = field(cursor)
  if (!cursor.done) cursor.fail(`filter column (${column.slice(0, 40)})`)
  return parseOperation(f, value, false)
}

/** A logic tree such as `(a.eq.1,and(b.gt.2,c.is.null))` given as `or=` or `and=`. */
export function parseLogic(op: 'and' | 'or', negate: boolean, text: string, depth = 0): Logic {
  if (depth > MAX_DEPTH) throw parseError(`"failed to parse logic tree"`, 'nested too deeply')
  if (!text.startsWith('(') || !text.endsWith(')') || text.length < 3) {
    throw parseError(`"failed to parse logic tree (${text.slice(0, 40)})"`, 'expecting (filter,filter,...)')
  }
  const children = splitList(text.slice(1, -1)).map((item): Condition | Logic => {
    const nested = /^(not\.)?(and|or)(\(.*\))$/s.exec(item)
    if (nested) return parseLogic(nested[2] as 'and' | 'or', nested[1] !== undefined, nested[3] as string, depth + 1)
    const cursor = new Cursor(item)
    const f = field(cursor)
    cursor.expect('.', `filter (${item.slice(0, 40)}): expecting "column.operator.value"`)
    return parseOperation(f, item.slice(cursor.at), true)
  })
  return { type: 'logic', op, negate, children }
}

/** `order=a.desc.nullslast,b` */
export function parseOrder(text: string): OrderTerm[] {
  const items = splitList(text)
  if (items.length > MAX_ORDER_TERMS) throw parseError('"failed to parse order"', `at most ${MAX_ORDER_TERMS} terms`)
  return items.map((item) => {
    const cursor = new Cursor(item)
    let term: OrderTerm = { field: field(cursor) }
    if (term.field.path.length === 0 && cursor.eat('(')) {
      term = { relation: term.field.name, field: field(cursor) }
      cursor.expect(')', 'to close a related order')
    }
    while (cursor.eat('.')) {
      const word = cursor.name('order: asc, desc, nullsfirst or nullslast')
      if (word === 'asc' || word === 'desc') term.direction = word
      else if (word === 'nullsfirst') term.nulls = 'first'
      else if (word === 'nullslast') term.nulls = 'last'
      else cursor.fail(`order (${word.slice(0, 40)})`)
    }
    if (!cursor.done) cursor.fail(`order (${item.slice(0, 40)})`)
    return term
  })
}

/** `columns="a","b"` of bulk inserts. */
export function parseColumns(text: string): string[] {
  return splitList(text).map((item) => {
    const cursor = new Cursor(item)
    const name = cursor.name('columns')
    if (!cursor.done) cursor.fail('columns')
    return name
  })
}

export function parseNonNegative(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) throw parseError(`"failed to parse ${what}"`, `${what} must be a non-negative integer`)
  return Number(text)
}
