import { ParleyError } from '../errors/parley-error.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import type { ChannelStatus } from '../types/api.ts'
import type { ParleyChannel, ParleySupabaseClient } from '../types/supabase-client.ts'
import { backoff } from './backoff.ts'

export interface TopicListener {
  event(name: string, payload: Record<string, unknown>): void
  status?(status: ChannelStatus, error?: ParleyError): void
}

export interface TopicHub {
  /**
   * Listens to a private broadcast topic, given by its first name (`conversation:<id>`); one
   * channel per topic whatever the listeners, following the topic when it moves.
   */
  listen(topic: string, listener: TopicListener): () => void
  /** Current status of every open topic. */
  statuses(): Array<ChannelStatus | 'JOINING'>
  /** Leaves every channel. */
  close(): Promise<void>
}

interface Entry {
  listeners: Set<TopicListener>
  /** The name joined: the topic's own until it moves; null asks for the current one at the next join. */
  name: string | null
  /** The topic's own name, neither asked for nor joined yet: a refusal may only mean it moved. */
  guessed: boolean
  channel: ParleyChannel | null
  status: ChannelStatus | 'JOINING'
  closedAttempts: number
  retry: ReturnType<typeof setTimeout> | null
  removed: boolean
}

export interface TopicHubOptions {
  retryMinMs: number
  retryMaxMs: number
  onChange(): void
  /** The topic's current name; throws when the caller may no longer receive it. */
  resolve(topic: string): Promise<string>
}

function channelError(status: ChannelStatus, error: unknown): ParleyError {
  const message = error instanceof Error ? error.message : `Realtime channel ${status}`
  const code = /unauthori[sz]ed|permission/i.test(message) ? 'NOT_AUTHORIZED' : 'NETWORK'
  return new ParleyError(code, message, { cause: error })
}

/**
 * Multiplexes private broadcast topics over supabase-js channels. realtime-js rejoins
 * errored or timed-out channels itself; a channel the server closes is rebuilt here with
 * backoff. Every SUBSCRIBED (first join or rejoin) is reported so listeners can catch up.
 *
 * A conversation's, claim's or organization's staff topic moves to a new name when someone
 * loses access to it (Realtime checks a channel only when it is joined). The old name then
 * says `topic_changed`, or refuses a join; either way the hub asks for the current name and
 * joins that, and whoever may no longer receive the topic gets the refusal as an error.
 */
export function createTopicHub(supabase: () => ParleySupabaseClient, options: TopicHubOptions): TopicHub {
  const entries = new Map<string, Entry>()

  async function join(topic: string, entry: Entry): Promise<void> {
    const client = supabase()
    try {
      await client.realtime.setAuth()
    } catch {
      // The join itself reports an unusable token; nothing to add here.
    }
    if (entry.name === null) {
      entry.guessed = false
      entry.name = await options.resolve(topic)
    }
    if (entry.removed) return
    const channel = client.channel(entry.name, { config: { private: true, broadcast: { self: false, ack: false } } })
    entry.channel = channel
    channel.on('broadcast', { event: '*' }, (message) => {
      // The database's word on the old name of a topic that moved.
      if (message.event === 'topic_changed') {
        entry.name = null
        rebuild(topic, entry)
        return
      }
      const payload = typeof message.payload === 'object' && message.payload !== null ? (message.payload as Record<string, unknown>) : {}
      for (const listener of [...entry.listeners]) listener.event(message.event ?? '', payload)
    })
    channel.subscribe((status, error) => {
      if (entry.removed || entry.channel !== channel) return
      // A name once joined was right: a later refusal is news.
      if (status === 'SUBSCRIBED') {
        entry.closedAttempts = 0
        entry.guessed = false
      }
      const reported = status === 'SUBSCRIBED' || status === 'CLOSED' ? undefined : channelError(status, error)
      // A refused join may be an old name: ask for the current one rather than let
      // realtime-js retry the old one forever. The topic's own name refused (a staff topic
      // moves for the whole organization) is asked at once, and only the answer reported.
      if (reported?.code === 'NOT_AUTHORIZED') {
        entry.name = null
        if (entry.guessed) return rebuild(topic, entry, 0)
      }
      report(entry, status, reported)
      if (status === 'CLOSED' || entry.name === null) rebuild(topic, entry)
    })
  }

  /** Joins, or reports why not (a topic the caller may no longer receive) and tries again later. */
  function start(topic: string, entry: Entry): void {
    join(topic, entry).catch((error: unknown) => {
      if (entry.removed) return
      report(entry, 'CHANNEL_ERROR', toParleyError(error))
      rebuild(topic, entry)
    })
  }

  function report(entry: Entry, status: ChannelStatus, error: ParleyError | undefined): void {
    entry.status = status
    for (const listener of [...entry.listeners]) listener.status?.(status, error)
    options.onChange()
  }

  function rebuild(topic: string, entry: Entry, delay?: number): void {
    if (entry.retry || entry.removed) return
    delay ??= backoff(entry.closedAttempts++, options.retryMinMs, options.retryMaxMs)
    entry.retry = setTimeout(() => {
      entry.retry = null
      if (entry.removed) return
      const old = entry.channel
      entry.channel = null
      entry.status = 'JOINING'
      void Promise.resolve(old && supabase().removeChannel(old))
        .catch(() => undefined)
        .then(() => start(topic, entry))
    }, delay)
  }

  async function remove(topic: string, entry: Entry): Promise<void> {
    entry.removed = true
    entries.delete(topic)
    if (entry.retry) clearTimeout(entry.retry)
    options.onChange()
    if (entry.channel) await supabase().removeChannel(entry.channel)
  }

  return {
    listen(topic, listener) {
      let entry = entries.get(topic)
      if (!entry) {
        entry = {
          listeners: new Set(),
          name: topic,
          guessed: true,
          channel: null,
          status: 'JOINING',
          closedAttempts: 0,
          retry: null,
          removed: false
        }
        entries.set(topic, entry)
        start(topic, entry)
        options.onChange()
      } else if (entry.status === 'SUBSCRIBED') {
        // A late listener still needs its first SUBSCRIBED to trigger its initial catch-up.
        queueMicrotask(() => listener.status?.('SUBSCRIBED'))
      }
      entry.listeners.add(listener)
      const owned = entry
      return () => {
        if (!owned.listeners.delete(listener)) return
        if (owned.listeners.size === 0 && entries.get(topic) === owned) void remove(topic, owned)
      }
    },
    statuses() {
      return [...entries.values()].map((entry) => entry.status)
    },
    async close() {
      await Promise.all([...entries].map(([topic, entry]) => remove(topic, entry)))
    }
  }
}
