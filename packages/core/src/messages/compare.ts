import type { MessageCursor } from '../types/api.ts'

/** Server order: created_at, then id, so ties never depend on arrival order. */
export function compareCursor(a: MessageCursor, b: MessageCursor): number {
  // PostgreSQL renders UTC timestamps as fixed-width ISO text (trailing fraction zeros
  // dropped, which still sorts right), so two of them compare as strings: the common case.
  if (a.created_at.endsWith('+00:00') && b.created_at.endsWith('+00:00')) {
    if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  }
  const at = Date.parse(a.created_at)
  const bt = Date.parse(b.created_at)
  if (at !== bt) return at < bt ? -1 : 1
  const bySub = compareMicros(a.created_at, b.created_at)
  if (bySub !== 0) return bySub
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Date.parse drops microseconds, which PostgreSQL timestamps carry. */
function compareMicros(a: string, b: string): number {
  const am = micros(a)
  const bm = micros(b)
  return am === bm ? 0 : am < bm ? -1 : 1
}

function micros(value: string): number {
  const match = /\.(\d+)/.exec(value)
  return match ? Number(`${match[1]}000000`.slice(3, 6)) : 0
}
