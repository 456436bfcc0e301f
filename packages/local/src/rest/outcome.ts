import type { Shape } from './read.ts'

/** What a handler answers; the service writes it out. */
export interface Outcome {
  status: number
  body?: string
  headers: Record<string, string>
}

export function contentType(shape: Shape): string {
  if (shape.csv) return 'text/csv; charset=utf-8'
  const type = shape.single ? 'application/vnd.pgrst.object+json' : 'application/json'
  return `${type}${shape.stripNulls ? '; nulls=stripped' : ''}; charset=utf-8`
}
