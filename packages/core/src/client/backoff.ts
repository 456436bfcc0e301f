/** Exponential backoff with full jitter, so reconnecting clients do not stampede. */
export function backoff(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt))
  return Math.round(minMs / 2 + random() * (ceiling - minMs / 2))
}
