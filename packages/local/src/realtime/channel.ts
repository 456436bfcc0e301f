import type { ReadPolicies } from './authorization.ts'
import type { Connection } from './connection.ts'
import type { PgBinding } from './postgres-changes.ts'
import type { VerifiedToken } from './tokens.ts'

export interface ChannelConfig {
  self: boolean
  ack: boolean
  private: boolean
  presenceKey: string
  presenceEnabled: boolean
}

/** One joined topic on one socket: what Phoenix keeps in a channel process. */
export class Channel {
  readonly connection: Connection
  /** As the client names it, `realtime:<subTopic>`. */
  readonly topic: string
  readonly subTopic: string
  readonly joinRef: string | null
  readonly config: ChannelConfig
  readonly bindings: PgBinding[]
  token: VerifiedToken
  /** Public channels read everything; private ones what RLS allowed at join (or token refresh). */
  read: ReadPolicies
  /** Write checks run on first use and are kept until the token changes. */
  write: { broadcast?: boolean; presence?: boolean } = {}
  presenceEnabled: boolean
  expiryTimer: NodeJS.Timeout | undefined
  /** Stored messages replayed at join, not to be delivered a second time if they arrive live. */
  readonly replayed = new Set<string>()

  constructor(init: {
    connection: Connection
    topic: string
    joinRef: string | null
    config: ChannelConfig
    bindings: PgBinding[]
    token: VerifiedToken
    read: ReadPolicies
  }) {
    this.connection = init.connection
    this.topic = init.topic
    this.subTopic = init.topic.slice('realtime:'.length)
    this.joinRef = init.joinRef
    this.config = init.config
    this.bindings = init.bindings
    this.token = init.token
    this.read = init.read
    this.presenceEnabled = init.config.presenceEnabled
  }

  /** Public and private channels of the same name are separate topics on Supabase. */
  get key(): string {
    return channelKey(this.subTopic, this.config.private)
  }
}

export function channelKey(subTopic: string, isPrivate: boolean): string {
  return `${isPrivate ? 'private' : 'public'}:${subTopic}`
}
