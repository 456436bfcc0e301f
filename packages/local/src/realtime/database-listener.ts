import pg from 'pg'

/**
 * One dedicated connection LISTENing for the ids the realtime triggers announce. It comes
 * back by itself after the database restarts; what was announced while it was away is lost,
 * as it would be for a client that was offline.
 */
export class DatabaseListener {
  readonly #url: string
  readonly #handlers: Record<string, (payload: string) => void>
  readonly #onError: (error: Error) => void
  #client: pg.Client | undefined
  #closed = false
  #retry: NodeJS.Timeout | undefined

  constructor(url: string, handlers: Record<string, (payload: string) => void>, onError: (error: Error) => void) {
    this.#url = url
    this.#handlers = handlers
    this.#onError = onError
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, application_name: 'parley-realtime' })
    client.on('notification', (message) => {
      if (message.payload !== undefined) this.#handlers[message.channel]?.(message.payload)
    })
    client.on('error', (error) => {
      this.#onError(error)
      this.#reconnect(client)
    })
    client.on('end', () => this.#reconnect(client))
    await client.connect()
    for (const channel of Object.keys(this.#handlers)) await client.query(`listen ${pg.escapeIdentifier(channel)}`)
    this.#client = client
  }

  #reconnect(client: pg.Client): void {
    if (this.#closed || this.#client !== client) return
    this.#client = undefined
    client.end().catch(() => undefined)
    this.#retry = setTimeout(() => {
      this.start().catch((error: Error) => {
        this.#onError(error)
        this.#client = client
        this.#reconnect(client)
      })
    }, 1000)
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#retry)
    await this.#client?.end().catch(() => undefined)
  }
}
