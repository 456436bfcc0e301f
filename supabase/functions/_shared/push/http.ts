import { PushError } from './errors.ts'

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-client-info, apikey, content-type, x-parley-dispatch-secret',
  'access-control-allow-methods': 'POST, DELETE, OPTIONS'
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...CORS_HEADERS, 'content-type': 'application/json' } })
}

/** A PushError becomes `{code, message}` with its status; anything else is a logged 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof PushError) return json(error.status, { code: error.code, message: error.message })
  console.error('push function failed', error)
  return json(500, { code: 'INTERNAL', message: 'internal error' })
}

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text()
  if (!text) return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new PushError('INVALID_INPUT', 'body must be JSON')
  }
}

export function bearerOf(request: Request): string {
  const header = request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match?.[1]) throw new PushError('NOT_AUTHORIZED', 'Authorization: Bearer <user JWT> is required')
  return match[1]
}

/** Wraps a handler with CORS preflight and typed error answers. */
export function handle(work: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS })
    try {
      return await work(request)
    } catch (error) {
      return errorResponse(error)
    }
  }
}

/** Equal-length comparison that does not stop at the first differing character. */
export function sameSecret(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a)
  const right = new TextEncoder().encode(b)
  let diff = left.length ^ right.length
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) diff |= (left[i] ?? 0) ^ (right[i] ?? 0)
  return diff === 0
}
