import { parseError } from './errors.ts'
import {
  type Condition,
  type Logic,
  type OrderTerm,
  parseColumns,
  parseFilter,
  parseLogic,
  parseNonNegative,
  parseOrder,
  parseSelect,
  type SelectNode
} from './url-grammar.ts'

/** What the query string asks of one level: the top relation or an embedded one. */
export interface LevelOptions {
  filters: Array<Condition | Logic>
  order?: OrderTerm[]
  limit?: number
  offset?: number
}

export interface ParsedQuery {
  select: SelectNode[]
  /** Keyed by the embedding path joined with '.', '' for the top level. */
  levels: Map<string, LevelOptions>
  columns?: string[]
  onConflict?: string[]
  /** Parameters that are not PostgREST keywords: function arguments for GET /rpc. */
  plain: Map<string, string>
}

const MAX_PARAMS = 1000

function level(levels: Map<string, LevelOptions>, path: string[]): LevelOptions {
  const name = path.join('.')
  let found = levels.get(name)
  if (!found) {
    found = { filters: [] }
    levels.set(name, found)
  }
  return found
}

/**
 * Reads PostgREST's query-string grammar. `isArgument` tells which plain keys are
 * function arguments (GET /rpc) rather than filters.
 */
export function parseQuery(params: URLSearchParams, isArgument: (key: string) => boolean = () => false): ParsedQuery {
  const levels = new Map<string, LevelOptions>([['', { filters: [] }]])
  const parsed: ParsedQuery = { select: [{ type: 'column', field: { name: '*', path: [] } }], levels, plain: new Map() }
  let count = 0
  for (const [key, value] of params) {
    if (++count > MAX_PARAMS) throw parseError('"too many query parameters"', `at most ${MAX_PARAMS}`)
    if (key === 'select') parsed.select = parseSelect(value)
    else if (key === 'columns') parsed.columns = parseColumns(value)
    else if (key === 'on_conflict') parsed.onConflict = parseColumns(value)
    else if (isArgument(key)) parsed.plain.set(key, value)
    else addParam(levels, key, value)
  }
  return parsed
}

function addParam(levels: Map<string, LevelOptions>, key: string, value: string): void {
  const arrow = key.indexOf('->')
  const head = arrow === -1 ? key : key.slice(0, arrow)
  const segments = head.split('.')
  const last = segments.pop() as string
  const column = arrow === -1 ? last : last + key.slice(arrow)
  if (segments.some((segment) => segment === '') || column === '') {
    throw parseError(`"failed to parse query parameter (${key.slice(0, 40)})"`, 'empty name')
  }
  if (arrow === -1 && (last === 'or' || last === 'and')) {
    const negate = segments.at(-1) === 'not'
    if (negate) segments.pop()
    level(levels, segments).filters.push(parseLogic(last, negate, value))
    return
  }
  if (arrow === -1 && last === 'order') level(levels, segments).order = parseOrder(value)
  else if (arrow === -1 && last === 'limit') level(levels, segments).limit = parseNonNegative(value, 'limit')
  else if (arrow === -1 && last === 'offset') level(levels, segments).offset = parseNonNegative(value, 'offset')
  else level(levels, segments).filters.push(parseFilter(column, value))
}
