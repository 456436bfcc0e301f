import type pg from 'pg'

export interface StoredMessage {
  id: string
  topic: string
  event: string | null
  payload: unknown
  private: boolean
}

/**
 * Broadcast from the database: rows committed to realtime.messages arrive through NOTIFY,
 * whole when small, by id when too big for NOTIFY (then fetched in one query per batch), and
 * are handed over in commit order either way.
 */
export class MessageFeed {
  readonly #pool: pg.Pool
  readonly #deliver: (message: StoredMessage) => void
  readonly #onError: (error: Error) => void
  #pending: (StoredMessage | string)[] = []
  #draining: Promise<void> | undefined

  constructor(pool: pg.Pool, deliver: (message: StoredMessage) => void, onError: (error: Error) => void) {
    this.#pool = pool
    this.#deliver = deliver
    this.#onError = onError
  }

  notify(announcement: string): void {
    if (announcement.startsWith('{')) {
      try {
        this.#pending.push(JSON.parse(announcement) as StoredMessage)
      } catch (error) {
        this.#onError(error as Error)
        return
      }
    } else {
      this.#pending.push(announcement)
    }
    this.#kick()
  }

  #kick(): void {
    if (this.#draining) return
    const batch = this.#pending
    this.#pending = []
    if (!batch.some((entry) => typeof entry === 'string')) {
      for (const entry of batch) this.#send(entry as StoredMessage)
      return
    }
    this.#draining = this.#drain(batch).finally(() => {
      this.#draining = undefined
      if (this.#pending.length) this.#kick()
    })
  }

  async #drain(batch: (StoredMessage | string)[]): Promise<void> {
    const ids = batch.filter((entry): entry is string => typeof entry === 'string')
    let fetched = new Map<string, StoredMessage>()
    try {
      const { rows } = await this.#pool.query<StoredMessage>(
        'select id::text, topic, event, payload, coalesce(private, false) as private from realtime.messages where id = any($1::uuid[])',
        [ids]
      )
      fetched = new Map(rows.map((row) => [row.id, row]))
    } catch (error) {
      this.#onError(error as Error)
    }
    for (const entry of batch) {
      const message = typeof entry === 'string' ? fetched.get(entry) : entry
      if (message) this.#send(message)
    }
  }

  #send(message: StoredMessage): void {
    if (message.event) this.#deliver(message)
  }
}
