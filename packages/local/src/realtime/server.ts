import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import type { ServiceContext } from '../http/service.ts'
import { canWrite, type Extension, PolicyError, type ReadPolicies, readPolicies } from './authorization.ts'
import { Channel, channelKey } from './channel.ts'
import { Connection, IDLE_TIMEOUT_MS } from './connection.ts'
import { MessageFeed, type StoredMessage } from './database-broadcast.ts'
import { DatabaseListener } from './database-listener.ts'
import { PerSecond, type RealtimeLimits } from './limits.ts'
import { Outgoing } from './outgoing.ts'
import { ChangeFeed, checkBindings, type PgBinding, parseBindings } from './postgres-changes.ts'
import { type PresenceDiff, PresenceRegistry } from './presence.ts'
import { decodeBinary, decodeText, type Frame, ProtocolError, parseVsn, type UserBroadcast, type UserBroadcastPush } from './protocol.ts'
import { ReplayError, type ReplayedMessage, replayParams, storedBroadcasts } from './replay.ts'
import { TokenError, type VerifiedToken, verifyToken } from './tokens.ts'

/** Largest frame a client may send; Supabase's default payload limit is 256 KB per message. */
const MAX_FRAME_BYTES = 1024 * 1024
/** Supabase's default max_channels_per_client. */
const MAX_CHANNELS_PER_CLIENT = 100
/** How often captured row changes older than two minutes are deleted. */
const FORGET_CHANGES_EVERY_MS = 60_000
const RESTARTING = 'RealtimeRestarting: Realtime is restarting, please standby'
const DATABASE_UNAVAILABLE = 'UnableToConnectToProject: Realtime was unable to connect to the project database'

export interface RealtimeServerOptions {
  /** Where failures nobody waits for go (lost database connection, a broken policy…). */
  onError?: (error: Error) => void
  /** Supabase's per-project limits; undefined turns them off. */
  limits?: RealtimeLimits
}

/** Counters for the limits in force. */
interface Meters {
  limits: RealtimeLimits
  joins: PerSecond
  messages: PerSecond
  presence: PerSecond
}

/**
 * Supabase Realtime for the local stack: the Phoenix channel protocol over `ws`, broadcast
 * (client, REST and database), presence, postgres_changes, with private channels authorized
 * by RLS on realtime.messages exactly as Supabase evaluates it.
 */
export class RealtimeServer {
  readonly #context: ServiceContext
  readonly #onError: (error: Error) => void
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false })
  readonly #connections = new Set<Connection>()
  readonly #topics = new Map<string, Set<Channel>>()
  readonly #presence = new PresenceRegistry()
  readonly #listener: DatabaseListener
  readonly #messages: MessageFeed
  readonly #changes: ChangeFeed
  readonly #sweeper: NodeJS.Timeout
  readonly #meters: Meters | undefined
  #forgotAt = Date.now()
  #closing = false

  constructor(context: ServiceContext, options: RealtimeServerOptions = {}) {
    this.#context = context
    this.#onError = options.onError ?? (() => undefined)
    const { limits } = options
    this.#meters = limits && {
      limits,
      joins: new PerSecond(limits.joinsPerSecond),
      messages: new PerSecond(limits.messagesPerSecond),
      presence: new PerSecond(limits.presencePerSecond)
    }
    this.#messages = new MessageFeed(context.databaseUrl, (message) => this.#deliverStored(message), this.#onError)
    this.#changes = new ChangeFeed(context.pool, () => this.#allChannels(), this.#onError)
    this.#listener = new DatabaseListener(context.databaseUrl, { realtime_local_changes: (id) => this.#changes.notify(id) }, this.#onError)
    this.#sweeper = setInterval(() => this.#sweep(), 5000)
    this.#sweeper.unref()
  }

  async start(): Promise<void> {
    await Promise.all([this.#listener.start(), this.#messages.start()])
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, apiKey: string): void {
    if (this.#closing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n')
      return
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, url, apiKey))
  }

  /** Broadcasts sent over HTTP (POST /api/broadcast), already authorized by the caller. */
  publish(subTopic: string, isPrivate: boolean, message: { event: string; payload: unknown; id?: string } | UserBroadcast): void {
    const topic = `realtime:${subTopic}`
    const outgoing =
      'encoding' in message
        ? Outgoing.userBroadcast(topic, message)
        : Outgoing.frame({
            joinRef: null,
            ref: null,
            topic,
            event: 'broadcast',
            payload: {
              type: 'broadcast',
              event: message.event,
              payload: message.payload,
              ...(message.id ? { meta: { id: message.id } } : {})
            }
          })
    this.#fanOut(channelKey(subTopic, isPrivate), outgoing, undefined)
  }

  canWrite(topic: string, token: VerifiedToken): Promise<boolean> {
    return canWrite(this.#context.pool, topic, 'broadcast', token)
  }

  /**
   * Tells every channel the server is going away and closes the sockets, so clients
   * reconnect and rejoin by themselves once a server is back on the same port.
   */
  async close(): Promise<void> {
    this.#closing = true
    clearInterval(this.#sweeper)
    const closed: Promise<void>[] = []
    for (const connection of this.#connections) {
      for (const channel of connection.channels.values()) {
        connection.push(systemMessage(channel, 'system', 'error', RESTARTING))
      }
      closed.push(new Promise((resolve) => connection.ws.once('close', () => resolve())))
      connection.close(1012, 'Realtime is restarting')
    }
    await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 1000).unref())])
    for (const connection of this.#connections) connection.terminate()
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()))
    await Promise.all([this.#listener.close(), this.#messages.close()])
  }

  #accept(ws: WebSocket, url: URL, apiKey: string): void {
    const connection = new Connection(ws, parseVsn(url.searchParams.get('vsn')), apiKey)
    this.#connections.add(connection)
    ws.on('message', (data: RawData, isBinary: boolean) => this.#receive(connection, data, isBinary))
    ws.on('error', (error) => this.#onError(error))
    ws.on('close', () => {
      this.#connections.delete(connection)
      for (const channel of [...connection.channels.values()]) this.#remove(channel)
    })
  }

  #receive(connection: Connection, data: RawData, isBinary: boolean): void {
    connection.touch()
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
    try {
      if (isBinary) {
        const push = decodeBinary(bytes)
        void connection.enqueue(push.topic, () => this.#userBroadcast(connection, push)).catch((error: Error) => this.#onError(error))
        return
      }
      const frame = decodeText(bytes.toString('utf8'), connection.vsn)
      if (frame.topic === 'phoenix') {
        if (frame.event === 'heartbeat') reply(connection, frame, 'ok', {})
        return
      }
      void connection
        .enqueue(frame.topic, () => this.#handle(connection, frame))
        .catch((error: Error) => {
          this.#onError(error)
          reply(connection, frame, 'error', { reason: 'Unknown Error on Channel' })
        })
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error
      connection.close(1007, error.message)
    }
  }

  async #handle(connection: Connection, frame: Frame): Promise<void> {
    if (frame.event === 'phx_join') return this.#join(connection, frame)
    const channel = connection.channels.get(frame.topic)
    if (!channel) {
      reply(connection, frame, 'error', { reason: 'unmatched topic' })
      return
    }
    if (frame.event !== 'phx_leave' && frame.event !== 'access_token' && this.#overMessageRate(channel)) return
    const payload = asObject(frame.payload)
    switch (frame.event) {
      case 'phx_leave':
        reply(connection, frame, 'ok', {})
        this.#remove(channel)
        return
      case 'broadcast':
        return this.#broadcast(
          channel,
          frame.ref,
          Outgoing.frame({ joinRef: null, ref: null, topic: channel.topic, event: 'broadcast', payload })
        )
      case 'presence':
        return this.#presenceEvent(channel, frame, payload)
      case 'access_token':
        return this.#refreshToken(channel, payload.access_token)
      default:
        return
    }
  }

  async #join(connection: Connection, frame: Frame): Promise<void> {
    const { topic } = frame
    if (topic === 'realtime:') return reply(connection, frame, 'error', { reason: 'TopicNameRequired: You must provide a topic name' })
    if (!topic.startsWith('realtime:')) return reply(connection, frame, 'error', { reason: 'unmatched topic' })
    const existing = connection.channels.get(topic)
    if (existing) {
      this.#remove(existing)
      connection.push({ joinRef: existing.joinRef, ref: existing.joinRef, topic, event: 'phx_close', payload: {} })
    }
    if (this.#closing) return reply(connection, frame, 'error', { reason: RESTARTING })
    const meters = this.#meters
    if (meters && connection.channels.size === 0 && this.#joinedConnections() >= meters.limits.connections) {
      return reply(connection, frame, 'error', { reason: 'ConnectionRateLimitReached: Too many connected users' })
    }
    if (meters && !meters.joins.take()) {
      // As Supabase does: the join is refused and the whole socket disconnected.
      reply(connection, frame, 'error', { reason: 'ClientJoinRateLimitReached: Too many joins per second' })
      connection.close(1000, 'Too many joins per second')
      return
    }
    if (connection.channels.size >= MAX_CHANNELS_PER_CLIENT) {
      return reply(connection, frame, 'error', { reason: 'ChannelRateLimitReached: Too many channels' })
    }

    const payload = asObject(frame.payload)
    const config = asObject(payload.config)
    const broadcast = asObject(config.broadcast)
    const presence = asObject(config.presence)
    const isPrivate = flag(config.private)
    const subTopic = topic.slice('realtime:'.length)
    const offered = [payload.access_token, payload.user_token].find((value) => typeof value === 'string' && value !== '')
    const tokenText = typeof offered === 'string' && !offered.startsWith('sb_') ? offered : connection.apiKey

    let token: VerifiedToken
    let read: ReadPolicies = { broadcast: true, presence: true }
    try {
      token = await verifyToken(this.#context.jwt, tokenText)
      if (isPrivate) read = await readPolicies(this.#context.pool, subTopic, token)
    } catch (error) {
      return reply(connection, frame, 'error', { reason: refusal(error, subTopic, this.#onError) })
    }
    if (isPrivate && !read.broadcast && !read.presence) {
      return reply(connection, frame, 'error', { reason: unauthorized(subTopic) })
    }
    let replayed: ReplayedMessage[] = []
    if (broadcast.replay !== undefined) {
      // Realtime's can_replay? and maybe_replay_messages, in that order.
      if (isPrivate && !read.broadcast) return reply(connection, frame, 'error', { reason: unauthorized(subTopic) })
      if (!isPrivate)
        return reply(connection, frame, 'error', { reason: 'UnableToReplayMessages: Replay is not allowed for public channels' })
      if (isObject(broadcast.replay)) {
        try {
          const { since, limit } = replayParams(broadcast.replay)
          replayed = await storedBroadcasts(this.#context.pool, subTopic, since, limit)
        } catch (error) {
          if (!(error instanceof ReplayError)) throw error
          if (error.cause) this.#onError(error.cause as Error)
          return reply(connection, frame, 'error', { reason: error.reason })
        }
      }
    }
    const bindings = parseBindings(config.postgres_changes)
    // postgres_changes_options.wait: the join waits for the subscription and fails with it.
    const waited = bindings.length > 0 && flag(asObject(config.postgres_changes_options).wait)
    let problem = waited ? await this.#checkBindings(bindings) : undefined
    if (problem) return reply(connection, frame, 'error', { reason: `RealtimeDisabledForConfiguration: ${problem}` })
    if (connection.closed) return

    const presenceKey = typeof presence.key === 'string' && presence.key !== '' ? presence.key : randomUUID()
    const channel = new Channel({
      connection,
      topic,
      joinRef: frame.joinRef,
      config: {
        self: flag(broadcast.self),
        ack: flag(broadcast.ack),
        private: isPrivate,
        presenceKey,
        presenceEnabled: flag(presence.enabled)
      },
      bindings,
      token,
      read
    })
    for (const message of replayed) channel.replayed.add(message.id)
    connection.channels.set(topic, channel)
    let members = this.#topics.get(channel.key)
    if (!members) {
      members = new Set()
      this.#topics.set(channel.key, members)
    }
    members.add(channel)

    reply(connection, frame, 'ok', { postgres_changes: channel.bindings.map((binding) => ({ ...binding.params, id: binding.id })) })
    for (const message of replayed) {
      connection.push({
        joinRef: channel.joinRef,
        ref: null,
        topic,
        event: 'broadcast',
        payload: { type: 'broadcast', event: message.event, payload: message.payload, meta: { replayed: true, id: message.id } }
      })
    }
    if (flag(broadcast.replication_ready)) {
      // The change listener is up whenever a channel can join, so the handshake answers at once.
      connection.push(systemMessage(channel, 'system', 'ok', 'Replication connection established'))
    }
    if (channel.presenceEnabled && read.presence) {
      connection.push({ joinRef: channel.joinRef, ref: null, topic, event: 'presence_state', payload: this.#presence.state(channel.key) })
    }
    this.#scheduleExpiry(channel)
    if (channel.bindings.length > 0) {
      if (!waited) problem = await this.#checkBindings(channel.bindings)
      channel.connection.push(
        problem
          ? systemMessage(channel, 'postgres_changes', 'error', problem)
          : systemMessage(channel, 'postgres_changes', 'ok', 'Subscribed to PostgreSQL')
      )
    }
  }

  /** The first reason a binding cannot deliver (Realtime reports only the first), if any. */
  async #checkBindings(bindings: PgBinding[]): Promise<string | undefined> {
    try {
      await checkBindings(this.#context.pool, bindings)
    } catch (error) {
      this.#onError(error as Error)
      return DATABASE_UNAVAILABLE
    }
    return bindings.find((binding) => binding.problem)?.problem
  }

  #joinedConnections(): number {
    let count = 0
    for (const connection of this.#connections) if (connection.channels.size > 0) count++
    return count
  }

  /** Realtime's check_rate_counter: a channel sending while the project is over its message rate is shut down. */
  #overMessageRate(channel: Channel): boolean {
    if (!this.#meters || this.#meters.messages.add(1)) return false
    this.#shutdown(channel, 'Too many messages per second')
    return true
  }

  async #userBroadcast(connection: Connection, push: UserBroadcastPush): Promise<void> {
    const channel = connection.channels.get(push.topic)
    if (!channel) {
      reply(connection, { joinRef: push.joinRef, ref: push.ref, topic: push.topic, event: 'broadcast', payload: {} }, 'error', {
        reason: 'unmatched topic'
      })
      return
    }
    if (this.#overMessageRate(channel)) return
    const message: UserBroadcast = { event: push.event, encoding: push.encoding, payload: push.payload }
    await this.#broadcast(channel, push.ref, Outgoing.userBroadcast(channel.topic, message))
  }

  /** Client broadcast: private channels need the INSERT policy; refused sends are dropped without a reply, as on Supabase. */
  async #broadcast(channel: Channel, ref: string | null, outgoing: Outgoing): Promise<void> {
    if (channel.config.private && !(await this.#allowed(channel, 'broadcast'))) return
    this.#fanOut(channel.key, outgoing, channel.config.self ? undefined : channel)
    if (channel.config.ack) {
      reply(channel.connection, { joinRef: channel.joinRef, ref, topic: channel.topic, event: 'broadcast', payload: {} }, 'ok', {})
    }
  }

  async #presenceEvent(channel: Channel, frame: Frame, payload: Record<string, unknown>): Promise<void> {
    const event = String(payload.event ?? '').toLowerCase()
    if (channel.config.private && event === 'track' && !(await this.#allowed(channel, 'presence'))) {
      return reply(channel.connection, frame, 'error', {})
    }
    if ((event === 'track' || event === 'untrack') && this.#meters && !this.#meters.presence.add(1)) {
      return this.#shutdown(channel, 'Too many presence messages per second')
    }
    if (event === 'track') {
      const meta = payload.payload ?? {}
      if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
        return reply(channel.connection, frame, 'error', { reason: 'Presence track payload must be a map' })
      }
      channel.presenceEnabled = true
      this.#presenceDiff(channel, this.#presence.track(channel, meta as Record<string, unknown>))
      return reply(channel.connection, frame, 'ok', {})
    }
    if (event === 'untrack') {
      this.#presenceDiff(channel, this.#presence.untrack(channel))
      return reply(channel.connection, frame, 'ok', {})
    }
    reply(channel.connection, frame, 'error', {})
  }

  #presenceDiff(channel: Channel, diff: PresenceDiff | undefined): void {
    if (!diff) return
    const outgoing = Outgoing.frame({ joinRef: null, ref: null, topic: channel.topic, event: 'presence_diff', payload: diff })
    for (const member of this.#topics.get(channel.key) ?? []) {
      if (member.presenceEnabled && member.read.presence) member.connection.send(outgoing)
    }
  }

  async #refreshToken(channel: Channel, offered: unknown): Promise<void> {
    if (typeof offered !== 'string' || offered === '' || offered.startsWith('sb_') || offered === channel.token.token) return
    let token: VerifiedToken
    let read: ReadPolicies = channel.read
    try {
      token = await verifyToken(this.#context.jwt, offered)
      if (channel.config.private) read = await readPolicies(this.#context.pool, channel.subTopic, token)
    } catch (error) {
      if (error instanceof TokenError) return this.#shutdown(channel, error.message)
      this.#onError(error as Error)
      return this.#shutdown(channel, 'Realtime was unable to connect to the project database')
    }
    if (channel.config.private) {
      if (!read.broadcast && !read.presence)
        return this.#shutdown(channel, `You do not have permissions to read from this Channel topic: ${channel.subTopic}`)
      if ((channel.read.broadcast && !read.broadcast) || (channel.read.presence && !read.presence)) {
        return this.#shutdown(channel, `You no longer have permission to read from this Channel topic: ${channel.subTopic}`)
      }
    }
    channel.token = token
    channel.read = read
    channel.write = {}
    this.#scheduleExpiry(channel)
  }

  #scheduleExpiry(channel: Channel): void {
    clearTimeout(channel.expiryTimer)
    const delay = Math.min(channel.token.expiresAt * 1000 - Date.now(), 2 ** 31 - 1)
    channel.expiryTimer = setTimeout(
      () => {
        const ago = Math.max(0, Math.floor(Date.now() / 1000) - channel.token.expiresAt)
        this.#shutdown(channel, `Token has expired ${ago} seconds ago`)
      },
      Math.max(0, delay)
    )
    channel.expiryTimer.unref()
  }

  /** Realtime's shutdown_response: a system error, then phx_close; the client does not rejoin. */
  #shutdown(channel: Channel, message: string): void {
    const { connection } = channel
    if (connection.channels.get(channel.topic) !== channel) return
    connection.push(systemMessage(channel, 'system', 'error', message))
    connection.push({ joinRef: channel.joinRef, ref: channel.joinRef, topic: channel.topic, event: 'phx_close', payload: {} })
    this.#remove(channel)
  }

  async #allowed(channel: Channel, extension: Extension): Promise<boolean> {
    const known = channel.write[extension]
    if (known !== undefined) return known
    try {
      const allowed = await canWrite(this.#context.pool, channel.subTopic, extension, channel.token)
      channel.write[extension] = allowed
      return allowed
    } catch (error) {
      this.#onError(error as Error)
      return false
    }
  }

  #deliverStored(message: StoredMessage): void {
    const topic = `realtime:${message.topic}`
    const payload = Buffer.from(JSON.stringify(message.payload ?? {}))
    const outgoing = Outgoing.userBroadcast(topic, { event: message.event ?? '', encoding: 'json', payload, meta: { id: message.id } })
    this.#fanOut(channelKey(message.topic, message.private), outgoing, undefined, message.id)
  }

  /** `storedId`: a database broadcast, skipped by channels that already got it replayed at join. */
  #fanOut(key: string, outgoing: Outgoing, except: Channel | undefined, storedId?: string): void {
    let sent = 0
    for (const member of this.#topics.get(key) ?? []) {
      if (member === except || !member.read.broadcast) continue
      if (storedId !== undefined && member.replayed.delete(storedId)) continue
      member.connection.send(outgoing)
      sent++
    }
    this.#meters?.messages.add(sent)
  }

  #remove(channel: Channel): void {
    clearTimeout(channel.expiryTimer)
    const { connection } = channel
    if (connection.channels.get(channel.topic) === channel) connection.channels.delete(channel.topic)
    const members = this.#topics.get(channel.key)
    if (!members?.delete(channel)) return
    if (members.size === 0) this.#topics.delete(channel.key)
    this.#presenceDiff(channel, this.#presence.untrack(channel))
  }

  *#allChannels(): Iterable<Channel> {
    for (const members of this.#topics.values()) yield* members
  }

  #sweep(): void {
    const now = Date.now()
    for (const connection of this.#connections) {
      if (connection.idleFor(now) > IDLE_TIMEOUT_MS) connection.terminate()
    }
    if (now - this.#forgotAt < FORGET_CHANGES_EVERY_MS) return
    this.#forgotAt = now
    this.#context.pool.query('select realtime_local.forget_old_changes()').catch((error: Error) => this.#onError(error))
  }
}

function reply(connection: Connection, frame: Frame, status: 'ok' | 'error', response: Record<string, unknown>): void {
  connection.push({ joinRef: frame.joinRef, ref: frame.ref, topic: frame.topic, event: 'phx_reply', payload: { status, response } })
}

function systemMessage(channel: Channel, extension: string, status: 'ok' | 'error', message: string): Frame {
  return {
    joinRef: channel.joinRef,
    ref: null,
    topic: channel.topic,
    event: 'system',
    payload: { extension, status, message, channel: channel.subTopic }
  }
}

function unauthorized(subTopic: string): string {
  return `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`
}

function refusal(error: unknown, subTopic: string, onError: (error: Error) => void): string {
  if (error instanceof TokenError) return error.reason
  if (error instanceof PolicyError) {
    onError(error)
    return unauthorized(subTopic)
  }
  onError(error as Error)
  return DATABASE_UNAVAILABLE
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {}
}

/** Realtime's FlexibleBoolean: true and "true" both count. */
function flag(value: unknown): boolean {
  return value === true || value === 'true'
}
