import type pg from 'pg'

export interface StoredMessage {
  id: string
  topic: string
  event: string | null
  payload: unknown
  private: boolean
}

/**
 * Broadcast from the database: rows committed to realtime.messages are announced by id
 * (NOTIFY payloads stay tiny), fetched in batches and handed over in commit order.
 */
export class MessageFeed {
  readonly #pool: pg.Pool
  readonly #deliver: (message: StoredMessage) => void
  readonly #onError: (error: Error) => void
  #pending: string[] = []
  #draining: Promise<void> | undefined

  constructor(pool: pg.Pool, deliver: (message: StoredMessage) => void, onError: (error: Error) => void) {
    this.#pool = pool
    this.#deliver = deliver
    this.#onError = onError
  }

  notify(id: string): void {
    this.#pending.push(id)
    this.#kick()
  }

  #kick(): void {
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined
      if (this.#pending.length) this.#kick()
    })
  }

  async #drain(): Promise<void> {
    while (this.#pending.length) {
      const ids = this.#pending
      this.#pending = []
      try {
        const { rows } = await this.#pool.query<StoredMessage>(
          'select id::text, topic, event, payload, coalesce(private, false) as private from realtime.messages where id = any($1::uuid[])',
          [ids]
        )
        const byId = new Map(rows.map((row) => [row.id, row]))
        for (const id of ids) {
          const message = byId.get(id)
          if (message?.event) this.#deliver(message)
        }
      } catch (error) {
        this.#onError(error as Error)
      }
    }
  }
}
