import { randomBytes } from 'node:crypto'
import type { Channel } from './channel.ts'

export type Meta = Record<string, unknown> & { phx_ref: string; phx_ref_prev?: string }
export type PresenceMap = Record<string, { metas: Meta[] }>
export interface PresenceDiff {
  joins: PresenceMap
  leaves: PresenceMap
}

/**
 * Who is present on each topic, keyed by the channel's presence key, in Phoenix.Presence's
 * shapes (`presence_state`, `presence_diff` with `metas` carrying `phx_ref`). Several
 * channels may share a key (one user, two tabs): each contributes its own meta.
 */
export class PresenceRegistry {
  readonly #topics = new Map<string, Map<string, Map<Channel, Meta>>>()

  state(topicKey: string): PresenceMap {
    const state: PresenceMap = {}
    for (const [key, entries] of this.#topics.get(topicKey) ?? []) state[key] = { metas: [...entries.values()] }
    return state
  }

  /** Tracks or updates `channel`'s presence; undefined when the payload did not change. */
  track(channel: Channel, payload: Record<string, unknown>): PresenceDiff | undefined {
    let topic = this.#topics.get(channel.key)
    if (!topic) {
      topic = new Map()
      this.#topics.set(channel.key, topic)
    }
    let entries = topic.get(channel.config.presenceKey)
    if (!entries) {
      entries = new Map()
      topic.set(channel.config.presenceKey, entries)
    }
    const previous = entries.get(channel)
    if (previous && sameMeta(previous, payload)) return undefined
    const meta: Meta = { ...payload, phx_ref: newRef() }
    if (previous) meta.phx_ref_prev = previous.phx_ref
    entries.set(channel, meta)
    const key = channel.config.presenceKey
    return { joins: { [key]: { metas: [meta] } }, leaves: previous ? { [key]: { metas: [previous] } } : {} }
  }

  untrack(channel: Channel): PresenceDiff | undefined {
    const topic = this.#topics.get(channel.key)
    const entries = topic?.get(channel.config.presenceKey)
    const previous = entries?.get(channel)
    if (!topic || !entries || !previous) return undefined
    entries.delete(channel)
    if (entries.size === 0) topic.delete(channel.config.presenceKey)
    if (topic.size === 0) this.#topics.delete(channel.key)
    return { joins: {}, leaves: { [channel.config.presenceKey]: { metas: [previous] } } }
  }
}

function sameMeta(meta: Meta, payload: Record<string, unknown>): boolean {
  const { phx_ref: _ref, phx_ref_prev: _prev, ...rest } = meta
  return JSON.stringify(rest) === JSON.stringify(payload)
}

function newRef(): string {
  return randomBytes(9).toString('base64url')
}
