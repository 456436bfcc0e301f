import type { IncomingMessage } from 'node:http'
import { readBody } from '../http/respond.ts'
import { invalidBody, RestError } from './errors.ts'
import { header } from './request-headers.ts'

/** Deeper bodies would overflow JSON.stringify or Postgres' json parser (a 500); refuse them first. */
const MAX_BODY_DEPTH = 256

export async function bodyOf(req: IncomingMessage, method: string, rpc: boolean): Promise<unknown> {
  if (method !== 'POST' && method !== 'PATCH') return undefined
  const type = (header(req, 'content-type') ?? 'application/json').toLowerCase()
  if (!/^application\/(json|vnd\.pgrst\.object\+json)\b/.test(type)) {
    throw new RestError(415, 'PGRST107', `Content-Type not acceptable: ${type.slice(0, 100)}`, { hint: 'Send application/json' })
  }
  const text = (await readBody(req)).toString('utf8')
  if (text.trim() === '') {
    if (rpc) return {}
    throw invalidBody('The request body is empty')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw invalidBody((error as Error).message)
  }
  if (depthOf(parsed) > MAX_BODY_DEPTH) throw invalidBody(`JSON nested deeper than ${MAX_BODY_DEPTH} levels`)
  return parsed
}

function depthOf(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length) {
    const [item, depth] = stack.pop() as [unknown, number]
    if (typeof item !== 'object' || item === null) continue
    deepest = Math.max(deepest, depth)
    if (deepest > MAX_BODY_DEPTH) return deepest
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return deepest
}
