import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { LogicalReplicationService, type Pgoutput, PgoutputPlugin } from 'pg-logical-replication'

export interface StoredMessage {
  id: string
  topic: string
  event: string | null
  payload: unknown
  private: boolean
}

/** The publication hosted Realtime reads broadcast rows through (created by local.sql). */
const PUBLICATION = 'supabase_realtime_messages_publication'

/**
 * pgoutput on a slot of this connection's own, made TEMPORARY just before streaming starts:
 * the server drops it when the connection ends, so a stopped or killed stack never leaves a
 * slot holding WAL back, and two stacks on one database never share one.
 */
class TemporarySlot extends PgoutputPlugin {
  override start(client: pg.Client, slotName: string, lastLsn: string): Promise<unknown> {
    return client
      .query(`CREATE_REPLICATION_SLOT "${slotName}" TEMPORARY LOGICAL pgoutput`)
      .then(() => super.start(client, slotName, lastLsn))
  }
}

/**
 * Broadcast from the database, as hosted Realtime hears it: rows committed to
 * realtime.messages (realtime.send, realtime.broadcast_changes) read from the WAL through
 * logical replication, in commit order and whatever their size. Unlike NOTIFY, nothing is
 * serialized at the writers' commit. It comes back by itself after the database restarts;
 * what was committed while it was away is not replayed, as for a client that was offline.
 */
export class MessageFeed {
  readonly #url: string
  readonly #deliver: (message: StoredMessage) => void
  readonly #onError: (error: Error) => void
  #service: LogicalReplicationService | undefined
  #closed = false
  #retry: NodeJS.Timeout | undefined

  constructor(url: string, deliver: (message: StoredMessage) => void, onError: (error: Error) => void) {
    this.#url = url
    this.#deliver = deliver
    this.#onError = onError
  }

  /**
   * Resolves once the slot exists and streaming has begun: rows committed after it are heard.
   * A first start that fails is the caller's to report; a lost stream is started again.
   */
  start(retrying = false): Promise<void> {
    const service = new LogicalReplicationService(
      { connectionString: this.#url, application_name: 'parley-realtime' },
      { acknowledge: { auto: true, timeoutSeconds: 10 } }
    )
    this.#service = service
    // subscribe() below ends with any lost connection and handles it; an 'error' event with
    // no listener would instead throw out of the emitter and take the whole stack down.
    service.on('error', () => undefined)
    service.on('data', (_lsn: string, change: Pgoutput.Message) => {
      if (change.tag !== 'insert' || change.relation.schema !== 'realtime' || change.relation.name !== 'messages') return
      const row = change.new as { id: string; topic: string; event: string | null; payload: unknown; private: boolean | null }
      if (row.event) this.#deliver({ id: row.id, topic: row.topic, event: row.event, payload: row.payload, private: row.private ?? false })
    })
    const slot = `parley_realtime_${randomBytes(6).toString('hex')}`
    const plugin = new TemporarySlot({ protoVersion: 1, publicationNames: [PUBLICATION] })
    return new Promise((started, failed) => {
      let streaming = false
      service.once('start', () => {
        streaming = true
        started()
      })
      service.subscribe(plugin, slot).then(
        () => this.#reconnect(service),
        (error: Error) => {
          failed(error)
          if (!streaming && !retrying) {
            this.#service = undefined
            void service.destroy().catch(() => undefined)
            return
          }
          if (this.#service === service && !this.#closed) this.#onError(error)
          this.#reconnect(service)
        }
      )
    })
  }

  #reconnect(service: LogicalReplicationService): void {
    if (this.#closed || this.#service !== service) return
    this.#service = undefined
    void service.destroy().catch(() => undefined)
    this.#retry = setTimeout(() => {
      this.start(true).catch(() => undefined)
    }, 1000)
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#retry)
    await this.#service?.destroy().catch(() => undefined)
  }
}
