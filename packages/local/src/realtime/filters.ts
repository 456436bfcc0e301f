/** One `column=[not.]op.value` condition of a postgres_changes filter. */
export type Filter = [column: string, op: FilterOperator, value: string, negate: boolean]

/** Every operator Supabase Realtime's filter grammar accepts (its `@filter_types`). */
export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'like',
  'ilike',
  'is',
  'match',
  'imatch',
  'isdistinct'
] as const
export type FilterOperator = (typeof FILTER_OPERATORS)[number]

export class FilterError extends Error {
  readonly code = 'INVALID_FILTER'

  constructor(message: string) {
    super(message)
    this.name = 'FilterError'
  }
}

/**
 * Reads a postgres_changes filter as Realtime does: conditions joined by commas (AND), a
 * comma inside double quotes or parentheses belongs to the value, `"…"` quotes a value, a
 * `not.` before the operator negates it. Values stay text here; the database casts them to
 * the column's type. Errors carry Realtime's own wording (after "Error parsing `filter`
 * params: "), e.g. `["foo", "hey"]` for an unknown operator.
 */
export function parseFilter(filter: string | undefined | null): Filter[] {
  if (filter === undefined || filter === null || filter.trim() === '') return []
  return splitConditions(filter.trim()).map(parseCondition)
}

function splitConditions(filter: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < filter.length; i++) {
    const char = filter[i]
    if (quoted && char === '\\') i++
    else if (char === '"') quoted = !quoted
    else if (!quoted && char === '(') depth++
    else if (!quoted && char === ')') depth = Math.max(0, depth - 1)
    else if (!quoted && depth === 0 && char === ',') {
      parts.push(filter.slice(start, i))
      start = i + 1
    }
  }
  parts.push(filter.slice(start))
  return parts
}

/** Elixir's `inspect` of a list of strings, as Realtime prints what it could not parse. */
const inspect = (parts: string[]) => `[${parts.map((part) => JSON.stringify(part)).join(', ')}]`

function parseCondition(segment: string): Filter {
  const condition = segment.trim()
  if (condition === '') throw new FilterError('filter must not contain empty segments (check for extra commas)')
  const equals = condition.indexOf('=')
  if (equals < 0) throw new FilterError(inspect([condition]))
  const column = condition.slice(0, equals)
  let rest = condition.slice(equals + 1)
  const negate = rest.startsWith('not.')
  if (negate) rest = rest.slice('not.'.length)
  const dot = rest.indexOf('.')
  if (dot < 0) throw new FilterError(inspect([rest]))
  const op = rest.slice(0, dot)
  const raw = rest.slice(dot + 1)
  if (!(FILTER_OPERATORS as readonly string[]).includes(op)) throw new FilterError(inspect([op, raw]))
  if (op === 'in') {
    if (!/^\(.*\)$/s.test(raw)) throw new FilterError('`in` filter value must be wrapped by parentheses')
    return [column, 'in', raw, negate]
  }
  return [column, op as FilterOperator, unquote(raw), negate]
}

/** A value in double quotes loses them and its backslash escapes; a malformed one stays as sent. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value
  let out = ''
  for (let i = 1; i < value.length; i++) {
    const char = value[i]!
    if (char === '\\' && i + 1 < value.length) out += value[++i]
    else if (char === '"') return i === value.length - 1 ? out : value
    else out += char
  }
  return value
}
