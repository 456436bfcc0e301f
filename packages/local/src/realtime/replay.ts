import type pg from 'pg'

/** Realtime's hard cap on replayed messages, and its default when `limit` is not given. */
const MAX_REPLAY = 25

export interface ReplayedMessage {
  id: string
  event: string | null
  payload: unknown
}

export class ReplayError extends Error {
  readonly reason: string

  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options)
    this.name = 'ReplayError'
    this.reason = reason
  }
}

/**
 * `config.broadcast.replay: { since, limit }` as Realtime reads it: `since` in Unix
 * milliseconds (default 0), `limit` clamped to 1…25 (default 25). Anything but integers is
 * refused with Realtime's reason.
 */
export function replayParams(replay: Record<string, unknown>): { since: number; limit: number } {
  const since = replay.since ?? 0
  const limit = replay.limit ?? MAX_REPLAY
  if (!Number.isSafeInteger(since) || !Number.isSafeInteger(limit))
    throw new ReplayError('UnableToReplayMessages: Replay params are not valid')
  return { since: since as number, limit: Math.max(Math.min(limit as number, MAX_REPLAY), 1) }
}

/**
 * The last `limit` private broadcasts stored for `topic` since `since`, oldest first, as
 * Realtime's Messages.replay selects them (nothing dated more than a minute ahead).
 */
export async function storedBroadcasts(pool: pg.Pool, topic: string, since: number, limit: number): Promise<ReplayedMessage[]> {
  try {
    const { rows } = await pool.query<ReplayedMessage>(
      `select id::text, event, payload from realtime.messages
        where topic = $1 and private and extension = 'broadcast'
          and inserted_at >= to_timestamp($2::float8 / 1000)::timestamp
          and inserted_at < (now() + interval '1 minute')::timestamp
        order by inserted_at desc limit $3`,
      [topic, since, limit]
    )
    return rows.reverse()
  } catch (error) {
    throw new ReplayError('UnableToReplayMessages: Realtime was unable to replay messages', { cause: error })
  }
}
