import type { IncomingMessage } from 'node:http'
import type { DbRole } from '../db/request.ts'
import type { Jwt, JwtClaims } from './keys.ts'

export interface Caller {
  role: DbRole
  claims: JwtClaims
  token: string
}

/** The API key from the header or, for WebSockets and links, the query string. */
export function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.apikey
  return (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey') ?? undefined
}

export function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')
  return match?.[1]?.trim()
}

/**
 * The caller as PostgREST sees it: the Authorization bearer if present, else the apikey.
 * Throws JwtError for a bad or expired token. Unknown roles are refused, as Postgres would.
 */
export async function callerOf(req: IncomingMessage, url: URL, jwt: Jwt): Promise<Caller> {
  const token = bearerOf(req) ?? apiKeyOf(req, url) ?? ''
  const claims = await jwt.verify(token)
  return { role: toRole(claims.role), claims, token }
}

export function toRole(role: unknown): DbRole {
  if (role === 'anon' || role === 'authenticated' || role === 'service_role') return role
  return 'anon'
}
