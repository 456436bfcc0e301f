export interface BackoffOptions {
  baseSeconds: number
  maxSeconds: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseSeconds: 30, maxSeconds: 6 * 60 * 60 }

/**
 * Seconds before attempt `attempts + 1`: base · 2^(attempts-1), capped, never sooner than the
 * push service's Retry-After. Deterministic (no jitter) so the schedule is testable; rows
 * spread out anyway because they fail at different times.
 */
export function backoffSeconds(attempts: number, retryAfterSeconds = 0, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempts - 1)
  const delay = Math.min(options.maxSeconds, options.baseSeconds * 2 ** Math.min(exponent, 30))
  return Math.max(delay, Math.min(retryAfterSeconds, options.maxSeconds))
}
