import type { IncomingMessage } from 'node:http'
import { clientIp } from '../http/client-ip.ts'
import { RestError } from './errors.ts'
import type { Page, Shape } from './read.ts'
import type { SchemaSnapshot } from './schema-cache.ts'

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * The headers Supabase's edge sets to the client's address, whatever the client sent: SQL
 * that limits per IP reads them from request.headers and must not be fooled by a forged one.
 */
export const CLIENT_IP_HEADERS = ['x-forwarded-for', 'cf-connecting-ip'] as const

/**
 * request.headers as PostgREST sets it: lower-case names, one string per header, with the
 * client-address headers replaced by the socket's peer as the hosted edge does.
 */
export function headersJson(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  const ip = clientIp(req)
  for (const name of CLIENT_IP_HEADERS) out[name] = ip
  return out
}

export function shapeOf(req: IncomingMessage): Shape {
  const accept = (header(req, 'accept') ?? '*/*').toLowerCase()
  const types = accept.split(',').map((item) => item.trim())
  const single = types.some((type) => type.startsWith('application/vnd.pgrst.object'))
  const json = (type: string): boolean =>
    /^(\*\/\*|application\/\*|application\/json|application\/vnd\.pgrst\.(object|array)(\+json)?)(;|$)/.test(type)
  const csv = (type: string): boolean => /^text\/csv(;|$)/.test(type)
  if (!types.some((type) => json(type) || csv(type))) {
    throw new RestError(406, 'PGRST107', `None of these media types are available: ${accept.slice(0, 200)}`)
  }
  return {
    single,
    stripNulls: types.some((type) => type.includes('nulls=stripped')),
    csv: csv(types.find((type) => json(type) || csv(type)) ?? '')
  }
}

export function schemaOf(req: IncomingMessage, method: string, snapshot: SchemaSnapshot): string {
  const exposed = snapshot.config.schemas
  const requested = header(req, method === 'GET' || method === 'HEAD' ? 'accept-profile' : 'content-profile')
  const schema = requested?.trim() || (exposed[0] as string)
  if (!exposed.includes(schema)) {
    throw new RestError(406, 'PGRST106', `Invalid schema: ${schema.slice(0, 100)}`, {
      hint: `Only the following schemas are exposed: ${exposed.join(', ')}`,
      details: snapshot.schemas.has(schema) ? null : 'The schema does not exist'
    })
  }
  return schema
}

/** The Range header (`items=0-9` or `0-9`), merged with limit/offset as PostgREST does. */
export function pageOf(req: IncomingMessage, method: string, options: { limit?: number; offset?: number } | undefined): Page {
  const page: Page = { limit: options?.limit, offset: options?.offset }
  const range = header(req, 'range')
  if (!range || (method !== 'GET' && method !== 'HEAD')) return page
  const match = /^(?:items=)?(\d{1,15})-(\d{0,15})$/.exec(range.trim())
  if (!match) return page
  const from = Number(match[1])
  const to = match[2] ? Number(match[2]) : undefined
  if (to !== undefined && to < from) {
    throw new RestError(416, 'PGRST103', 'Requested range not satisfiable', { details: `An offset of ${from} is beyond the end ${to}` })
  }
  const offset = (page.offset ?? 0) + from
  const rangeLimit = to === undefined ? undefined : to - from + 1
  const limit = page.limit === undefined ? rangeLimit : rangeLimit === undefined ? page.limit : Math.min(page.limit, rangeLimit)
  return { limit, offset }
}
