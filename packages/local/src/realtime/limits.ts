/**
 * Supabase Realtime's per-project limits, with the Free plan's defaults. Over a limit the
 * server answers what Supabase's does: the join is refused with its reason, or the channel is
 * shut down with a `system` error.
 */
export interface RealtimeLimits {
  /** Sockets with at least one joined channel (max_concurrent_users). */
  connections: number
  /** Channel joins per second, project-wide (max_joins_per_second). */
  joinsPerSecond: number
  /** Messages per second, project-wide: what clients send and what is pushed to them (max_events_per_second). */
  messagesPerSecond: number
  /** Presence track/untrack per second, project-wide (max_presence_events_per_second). */
  presencePerSecond: number
}

export const FREE_PLAN_LIMITS: RealtimeLimits = { connections: 200, joinsPerSecond: 100, messagesPerSecond: 100, presencePerSecond: 20 }

export class RealtimeConfigError extends Error {
  readonly code = 'INVALID_REALTIME_CONFIG'

  constructor(message: string) {
    super(message)
    this.name = 'RealtimeConfigError'
  }
}

const VARIABLES: Record<keyof RealtimeLimits, string> = {
  connections: 'PARLEY_REALTIME_MAX_CONNECTIONS',
  joinsPerSecond: 'PARLEY_REALTIME_JOINS_PER_SECOND',
  messagesPerSecond: 'PARLEY_REALTIME_MESSAGES_PER_SECOND',
  presencePerSecond: 'PARLEY_REALTIME_PRESENCE_PER_SECOND'
}

/**
 * The limits in force: `override` (from code starting the stack) wins over the variables;
 * `false` there, or `PARLEY_RATE_LIMITS=off`, turns them all off.
 */
export function realtimeLimits(
  override: Partial<RealtimeLimits> | false | undefined,
  env: NodeJS.ProcessEnv = process.env
): RealtimeLimits | undefined {
  if (override === false || env.PARLEY_RATE_LIMITS === 'off') return undefined
  const limits = { ...FREE_PLAN_LIMITS }
  for (const [key, name] of Object.entries(VARIABLES) as [keyof RealtimeLimits, string][]) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    if (!/^\d+$/.test(raw) || Number(raw) < 1)
      throw new RealtimeConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`)
    limits[key] = Number(raw)
  }
  return { ...limits, ...override }
}

/** Counts events in fixed one-second windows. */
export class PerSecond {
  readonly #limit: number
  #window = 0
  #count = 0

  constructor(limit: number) {
    this.#limit = limit
  }

  #roll(now: number): void {
    const window = Math.floor(now / 1000)
    if (window === this.#window) return
    this.#window = window
    this.#count = 0
  }

  /** Adds `n` events; false once this second's total is over the limit. */
  add(n = 1, now = Date.now()): boolean {
    this.#roll(now)
    this.#count += n
    return this.#count <= this.#limit
  }

  /** Takes one event only if it fits under the limit (a refused join is not counted). */
  take(now = Date.now()): boolean {
    this.#roll(now)
    if (this.#count >= this.#limit) return false
    this.#count++
    return true
  }

  /** Whether this second is already over the limit. */
  exceeded(now = Date.now()): boolean {
    this.#roll(now)
    return this.#count > this.#limit
  }
}
