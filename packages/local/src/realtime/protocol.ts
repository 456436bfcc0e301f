// The Phoenix channel wire format as @supabase/realtime-js speaks it. vsn 2.0.0 sends JSON
// arrays [join_ref, ref, topic, event, payload] plus binary user broadcasts (kind 3 from the
// client, kind 4 to it); vsn 1.0.0 sends JSON objects. WebSocket framing itself is ws's job.

export type Vsn = '1.0.0' | '2.0.0'

export interface Frame {
  joinRef: string | null
  ref: string | null
  topic: string
  event: string
  payload: unknown
}

/** A broadcast whose user payload travels as bytes: JSON text or an opaque binary blob. */
export interface UserBroadcast {
  event: string
  encoding: 'json' | 'binary'
  payload: Buffer
  meta?: Record<string, unknown>
}

export interface UserBroadcastPush extends UserBroadcast {
  joinRef: string | null
  ref: string | null
  topic: string
}

const USER_BROADCAST_PUSH = 3
const USER_BROADCAST = 4
const BINARY_ENCODING = 0
const JSON_ENCODING = 1

export class ProtocolError extends Error {
  readonly code = 'REALTIME_PROTOCOL'

  constructor(message: string) {
    super(message)
    this.name = 'ProtocolError'
  }
}

export function parseVsn(value: string | null): Vsn {
  return value === '1.0.0' ? '1.0.0' : '2.0.0'
}

export function decodeText(text: string, vsn: Vsn): Frame {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ProtocolError('frame is not JSON')
  }
  if (vsn === '2.0.0' && Array.isArray(parsed) && parsed.length >= 5) {
    const [joinRef, ref, topic, event, payload] = parsed as unknown[]
    if (typeof topic === 'string' && typeof event === 'string') {
      return { joinRef: refOf(joinRef), ref: refOf(ref), topic, event, payload }
    }
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const message = parsed as Record<string, unknown>
    if (typeof message.topic === 'string' && typeof message.event === 'string') {
      return {
        joinRef: refOf(message.join_ref),
        ref: refOf(message.ref),
        topic: message.topic,
        event: message.event,
        payload: message.payload
      }
    }
  }
  throw new ProtocolError(vsn === '2.0.0' ? 'expected a V2 array [join_ref, ref, topic, event, payload]' : 'expected a V1 message object')
}

export function decodeBinary(data: Buffer): UserBroadcastPush {
  if (data.length < 7 || data[0] !== USER_BROADCAST_PUSH) throw new ProtocolError('unknown binary frame kind')
  const sizes = [data[1]!, data[2]!, data[3]!, data[4]!, data[5]!]
  const encoding = data[6]
  let offset = 7
  const take = (size: number) => {
    if (offset + size > data.length) throw new ProtocolError('binary frame shorter than its header says')
    const slice = data.subarray(offset, offset + size)
    offset += size
    return slice.toString('utf8')
  }
  const [joinRef, ref, topic, event, meta] = sizes.map(take) as [string, string, string, string, string]
  let metadata: Record<string, unknown> | undefined
  if (meta) {
    try {
      metadata = JSON.parse(meta) as Record<string, unknown>
    } catch {
      throw new ProtocolError('binary frame metadata is not JSON')
    }
  }
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event,
    encoding: encoding === BINARY_ENCODING ? 'binary' : 'json',
    payload: Buffer.from(data.subarray(offset)),
    meta: metadata
  }
}

export function encodeFrame(frame: Frame, vsn: Vsn): string {
  if (vsn === '2.0.0') return JSON.stringify([frame.joinRef, frame.ref, frame.topic, frame.event, frame.payload])
  return JSON.stringify({ join_ref: frame.joinRef, ref: frame.ref, topic: frame.topic, event: frame.event, payload: frame.payload })
}

/** Kind 4: what the server pushes for user broadcasts; realtime-js decodes it into a broadcast. */
export function encodeUserBroadcast(topic: string, message: UserBroadcast): Buffer {
  const topicBytes = Buffer.from(topic)
  const eventBytes = Buffer.from(message.event)
  const metaBytes = Buffer.from(message.meta ? JSON.stringify(message.meta) : '')
  for (const [name, bytes] of [
    ['topic', topicBytes],
    ['event', eventBytes],
    ['metadata', metaBytes]
  ] as const) {
    if (bytes.length > 255) throw new ProtocolError(`${name} is ${bytes.length} bytes; the binary format allows 255`)
  }
  const header = Buffer.from([
    USER_BROADCAST,
    topicBytes.length,
    eventBytes.length,
    metaBytes.length,
    message.encoding === 'json' ? JSON_ENCODING : BINARY_ENCODING
  ])
  return Buffer.concat([header, topicBytes, eventBytes, metaBytes, message.payload])
}

/** The JSON shape of a user broadcast, for vsn 1.0.0 sockets (binary payloads cannot be represented). */
export function userBroadcastAsJson(message: UserBroadcast): Record<string, unknown> | undefined {
  if (message.encoding !== 'json') return undefined
  const body: Record<string, unknown> = { type: 'broadcast', event: message.event, payload: JSON.parse(message.payload.toString('utf8')) }
  if (message.meta) body.meta = message.meta
  return body
}

function refOf(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return String(value)
}
