import type { MessageCursor } from '../types/api.ts'

/** Server order: created_at, then id, so ties never depend on arrival order. */
export function compareCursor(a: MessageCursor, b: MessageCursor): number {
  const x = a.created_at
  const y = b.created_at
  // PostgreSQL renders UTC timestamps as fixed-width ISO text (trailing fraction zeros
  // dropped, which still sorts right), so two of them compare as strings: the common case.
  // Otherwise by instant, then by microseconds, which Date.parse drops.
  const byTime =
    x === y
      ? 0
      : x.endsWith('+00:00') && y.endsWith('+00:00')
        ? x < y
          ? -1
          : 1
        : Math.sign(Date.parse(x) - Date.parse(y) || micros(x) - micros(y))
  return byTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

function micros(value: string): number {
  const match = /\.(\d+)/.exec(value)
  return match ? Number(`${match[1]}000000`.slice(3, 6)) : 0
}
