import type { IncomingMessage, ServerResponse } from 'node:http'
import { callerOf } from '../http/auth-header.ts'
import { type Jwt, JwtError } from '../http/keys.ts'
import { BodyTooLargeError, readBody, sendJson } from '../http/respond.ts'
import type { RealtimeServer } from './server.ts'
import type { VerifiedToken } from './tokens.ts'

const MAX_BODY_BYTES = 1024 * 1024

interface RestMessage {
  topic: string
  event: string
  payload: unknown
  private: boolean
  id?: string
}

/**
 * POST /api/broadcast {messages:[{topic, event, payload, private}]} (what realtime-js falls
 * back to when the socket is not joined) and POST /api/broadcast/<topic>/events/<event>
 * (httpSend). Answers 202 like Supabase; private messages go out only when the caller passes
 * the INSERT policy on realtime.messages for that topic, and are silently dropped otherwise.
 */
export async function handleRestBroadcast(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
  jwt: Jwt,
  server: RealtimeServer
): Promise<void> {
  const single = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/.exec(path)
  if (path !== '/api/broadcast' && !single) return sendJson(res, 404, { message: 'Not found' })
  if (req.method !== 'POST') return sendJson(res, 405, { message: 'Method not allowed' }, { allow: 'POST' })

  let token: VerifiedToken
  try {
    const caller = await callerOf(req, url, jwt)
    token = { token: caller.token, claims: caller.claims, role: caller.role, expiresAt: Number(caller.claims.exp ?? 0) }
  } catch (error) {
    if (error instanceof JwtError) return sendJson(res, 401, { message: error.message, code: error.code })
    throw error
  }

  let body: Buffer
  try {
    body = await readBody(req, MAX_BODY_BYTES)
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { message: error.message })
    throw error
  }

  if (single) {
    const topic = decodeURIComponent(single[1]!)
    const event = decodeURIComponent(single[2]!)
    const isPrivate = url.searchParams.get('private') === 'true'
    if (isPrivate && !(await server.canWrite(topic, token))) return accepted(res)
    if ((req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
      server.publish(topic, isPrivate, { event, encoding: 'binary', payload: body })
    } else {
      const payload = parseJson(body)
      if (payload === undefined) return sendJson(res, 422, { message: 'Body must be JSON or application/octet-stream' })
      server.publish(topic, isPrivate, { event, payload })
    }
    return accepted(res)
  }

  const messages = parseMessages(parseJson(body))
  if (typeof messages === 'string') return sendJson(res, 422, { message: messages, errors: { messages: [messages] } })
  const allowed = new Map<string, boolean>()
  for (const message of messages) {
    if (message.private) {
      if (!allowed.has(message.topic)) allowed.set(message.topic, await server.canWrite(message.topic, token))
      if (!allowed.get(message.topic)) continue
    }
    server.publish(message.topic, message.private, message)
  }
  accepted(res)
}

function accepted(res: ServerResponse): void {
  res.writeHead(202)
  res.end()
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
}

function parseMessages(body: unknown): RestMessage[] | string {
  const list = (body as { messages?: unknown } | undefined)?.messages
  if (!Array.isArray(list) || list.length === 0) return 'messages must be a non-empty array'
  const messages: RestMessage[] = []
  for (const [index, entry] of list.entries()) {
    const message = entry as Record<string, unknown> | null
    if (!message || typeof message !== 'object') return `messages[${index}] must be an object`
    if (typeof message.topic !== 'string' || message.topic === '') return `messages[${index}].topic can't be blank`
    if (typeof message.event !== 'string' || message.event === '') return `messages[${index}].event can't be blank`
    if (message.payload === null || typeof message.payload !== 'object') return `messages[${index}].payload must be an object`
    messages.push({
      topic: message.topic,
      event: message.event,
      payload: message.payload,
      private: message.private === true || message.private === 'true',
      id: typeof message.id === 'string' ? message.id : undefined
    })
  }
  return messages
}
