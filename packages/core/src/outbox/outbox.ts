import { atom, type ReadableAtom } from 'nanostores'
import { backoff } from '../client/backoff.ts'
import { isTransient, ParleyError } from '../errors/parley-error.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import type { ChatMessage, KeyValueStorage, OutboxEntry } from '../types/api.ts'

export interface OutboxOptions {
  storage: KeyValueStorage | null
  /** Sends one entry; must be idempotent by client_id. */
  send(entry: OutboxEntry): Promise<ChatMessage>
  onDelivered(row: ChatMessage, entry: OutboxEntry): void
  onFailed(entry: OutboxEntry, error: ParleyError): void
  retryMinMs: number
  retryMaxMs: number
}

export interface Outbox {
  readonly $entries: ReadableAtom<readonly OutboxEntry[]>
  /** Loads what a previous page of this user left unsent (read-only until the next send). */
  bindUser(userId: string): void
  /** Queues a send and resolves with the server row once delivered. */
  enqueue(entry: OutboxEntry): Promise<ChatMessage>
  /** Sends everything queued, in order; stops at the first network failure and retries later. */
  flush(): Promise<void>
  dispose(): void
}

const KEY = 'parley:outbox:'

function readStored(storage: KeyValueStorage | null, userId: string): OutboxEntry[] {
  if (!storage) return []
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY + userId) ?? '[]')
    return Array.isArray(parsed)
      ? parsed.filter((entry): entry is OutboxEntry => typeof entry?.client_id === 'string' && typeof entry?.conversation_id === 'string')
      : []
  } catch {
    return []
  }
}

/**
 * Keeps sends until the server confirms them. Entries go out one at a time in queue order,
 * so a conversation never sees a later message before an earlier one; client ids make a
 * resend after an unanswered request harmless.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const $entries = atom<readonly OutboxEntry[]>([])
  const waiting = new Map<string, { resolve(row: ChatMessage): void; reject(error: ParleyError): void }>()
  let userId: string | null = null
  let running: Promise<void> | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let failures = 0
  let interacted = false
  let disposed = false

  function persist(): void {
    if (!options.storage || !userId || !interacted) return
    try {
      const entries = $entries.get()
      if (entries.length === 0) options.storage.removeItem(KEY + userId)
      else options.storage.setItem(KEY + userId, JSON.stringify(entries))
    } catch {
      // Quota or privacy mode: the queue still works for this page's lifetime.
    }
  }

  function remove(clientId: string): void {
    $entries.set($entries.get().filter((entry) => entry.client_id !== clientId))
    persist()
  }

  function schedule(): void {
    if (timer || disposed) return
    timer = setTimeout(
      () => {
        timer = null
        void outbox.flush()
      },
      backoff(failures, options.retryMinMs, options.retryMaxMs)
    )
  }

  async function drain(): Promise<void> {
    while (!disposed) {
      const entry = $entries.get()[0]
      if (!entry) return
      const attempt = { ...entry, attempts: entry.attempts + 1 }
      $entries.set($entries.get().map((item) => (item.client_id === entry.client_id ? attempt : item)))
      try {
        const row = await options.send(attempt)
        failures = 0
        remove(entry.client_id)
        options.onDelivered(row, attempt)
        waiting.get(entry.client_id)?.resolve(row)
        waiting.delete(entry.client_id)
      } catch (caught) {
        const error = toParleyError(caught)
        if (isTransient(error)) {
          failures++
          persist()
          schedule()
          return
        }
        remove(entry.client_id)
        options.onFailed(attempt, error)
        waiting.get(entry.client_id)?.reject(error)
        waiting.delete(entry.client_id)
      }
    }
  }

  const outbox: Outbox = {
    $entries,
    bindUser(id) {
      if (userId === id) return
      userId = id
      const stored = readStored(options.storage, id)
      // Stored entries mean this user already sent from an earlier page: keep them current.
      if (stored.length > 0) interacted = true
      const known = new Set($entries.get().map((entry) => entry.client_id))
      const merged = [...stored.filter((entry) => !known.has(entry.client_id)), ...$entries.get()]
      if (merged.length !== $entries.get().length) $entries.set(merged)
    },
    enqueue(entry) {
      if (disposed) return Promise.reject(new ParleyError('UNKNOWN', 'This Parley client was destroyed'))
      interacted = true
      const promise = new Promise<ChatMessage>((resolve, reject) => waiting.set(entry.client_id, { resolve, reject }))
      if (!$entries.get().some((item) => item.client_id === entry.client_id)) $entries.set([...$entries.get(), entry])
      persist()
      void outbox.flush()
      return promise
    },
    flush() {
      if (timer) {
        clearTimeout(timer)
        timer = null
      }
      running ??= drain().finally(() => {
        running = null
      })
      return running
    },
    dispose() {
      disposed = true
      if (timer) clearTimeout(timer)
    }
  }
  return outbox
}
