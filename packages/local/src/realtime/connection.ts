import type { WebSocket } from 'ws'
import type { Channel } from './channel.ts'
import { Outgoing } from './outgoing.ts'
import type { Frame, Vsn } from './protocol.ts'

/** A client that lets this much pile up unsent is too slow to keep: it is dropped, not waited for. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
/** Phoenix closes a socket that has sent nothing (not even a heartbeat) for this long. */
export const IDLE_TIMEOUT_MS = 60_000

/** One WebSocket and the channels joined over it. */
export class Connection {
  readonly ws: WebSocket
  readonly vsn: Vsn
  /** The project key the socket was opened with: the token of joins that bring none. */
  readonly apiKey: string
  readonly channels = new Map<string, Channel>()
  readonly #queues = new Map<string, Promise<void>>()
  #lastSeen = Date.now()
  #closed = false

  constructor(ws: WebSocket, vsn: Vsn, apiKey: string) {
    this.ws = ws
    this.vsn = vsn
    this.apiKey = apiKey
  }

  get closed(): boolean {
    return this.#closed || this.ws.readyState !== this.ws.OPEN
  }

  touch(): void {
    this.#lastSeen = Date.now()
  }

  idleFor(now: number): number {
    return now - this.#lastSeen
  }

  push(frame: Frame): void {
    this.send(Outgoing.frame(frame))
  }

  send(message: Outgoing): void {
    if (this.closed) return
    const data = message.for(this.vsn)
    if (data === undefined) return
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.terminate()
      return
    }
    this.ws.send(data)
  }

  /**
   * Runs `work` after everything already queued for the same topic: a join that awaits the
   * database must finish before the broadcasts sent right after it are handled. Other topics
   * and heartbeats do not wait.
   */
  enqueue(topic: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#queues.get(topic) ?? Promise.resolve()
    const next = previous.then(work, work)
    const settled = next.catch(() => undefined)
    this.#queues.set(topic, settled)
    void settled.then(() => {
      if (this.#queues.get(topic) === settled) this.#queues.delete(topic)
    })
    return next
  }

  terminate(): void {
    this.#closed = true
    this.ws.terminate()
  }

  close(code: number, reason: string): void {
    this.#closed = true
    this.ws.close(code, reason)
  }
}
