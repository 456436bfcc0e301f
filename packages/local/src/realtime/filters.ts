/** One `column=op.value` condition of a postgres_changes filter. */
export type Filter = [column: string, op: FilterOperator, value: string]

export const FILTER_OPERATORS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in'] as const
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
 * comma inside double quotes or parentheses belongs to the value, `"…"` quotes a value.
 * Values stay text here; the database casts them to the column's type.
 */
export function parseFilter(filter: string | undefined | null): Filter[] {
  if (filter === undefined || filter === null || filter.trim() === '') return []
  return splitConditions(filter).map(parseCondition)
}

function splitConditions(filter: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < filter.length; i++) {
    const char = filter[i]
    if (char === '"') quoted = !quoted
    else if (!quoted && char === '(') depth++
    else if (!quoted && char === ')') depth = Math.max(0, depth - 1)
    else if (!quoted && depth === 0 && char === ',') {
      parts.push(filter.slice(start, i))
      start = i + 1
    }
  }
  if (quoted) throw new FilterError(`unbalanced quotes in filter ${JSON.stringify(filter)}`)
  parts.push(filter.slice(start))
  return parts
}

function parseCondition(condition: string): Filter {
  const match = /^\s*([^=\s]+)=([a-z]+)\.(.*)$/s.exec(condition)
  if (!match) throw new FilterError(`filter ${JSON.stringify(condition)} is not column=operator.value`)
  const [, column, op, raw] = match as unknown as [string, string, string, string]
  if (!(FILTER_OPERATORS as readonly string[]).includes(op)) {
    throw new FilterError(`operator ${op} is not supported; use one of ${FILTER_OPERATORS.join(', ')}`)
  }
  if (op === 'in') {
    if (!/^\(.*\)$/s.test(raw)) throw new FilterError(`in filter on ${column} needs a list in parentheses, e.g. in.(1,2)`)
    return [column, 'in', raw]
  }
  return [column, op as FilterOperator, unquote(raw)]
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1')
  return value
}
