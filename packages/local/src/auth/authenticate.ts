import type { IncomingMessage } from 'node:http'
import { bearerOf } from '../http/auth-header.ts'
import { type JwtClaims, JwtError } from '../http/keys.ts'
import type { AuthContext } from './context.ts'
import { AuthHttpError, badRequest, forbidden } from './errors.ts'
import { findSession, type SessionRow } from './sessions.ts'
import { findUserById, isBanned, type UserRow } from './users.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NIL_UUID = '00000000-0000-0000-0000-000000000000'
/** GOTRUE_JWT_ADMIN_ROLES on Supabase. */
const ADMIN_ROLES = new Set(['service_role', 'supabase_admin'])

export interface Authenticated {
  claims: JwtClaims
  user: UserRow
  session?: SessionRow
}

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

async function verifiedClaims(auth: AuthContext, req: IncomingMessage): Promise<JwtClaims> {
  const token = bearerOf(req)
  if (!token) throw new AuthHttpError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  try {
    return await auth.service.jwt.verify(token)
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    const reason = {
      expired: 'token has invalid claims: token is expired',
      no_expiry: 'token has invalid claims: token is missing required claim: exp claim is required',
      invalid: 'token is malformed or its signature is invalid'
    }[error.reason]
    throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`)
  }
}

/** GoTrue's requireAuthentication: a valid JWT whose user, and session if named, still exist. */
export async function requireAuthentication(auth: AuthContext, req: IncomingMessage): Promise<Authenticated> {
  const claims = await verifiedClaims(auth, req)
  const sub = typeof claims.sub === 'string' ? claims.sub : ''
  if (!sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim')
  if (!isUuid(sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID')
  const user = await findUserById(auth.service.pool, sub)
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist')
  let session: SessionRow | undefined
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : ''
  if (sessionId && sessionId !== NIL_UUID) {
    if (!isUuid(sessionId)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID')
    session = await findSession(auth.service.pool, sessionId)
    if (!session) throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist')
  }
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned')
  return { claims, user, session }
}

/** GoTrue's requireAdminCredentials: the bearer must carry an admin role (the service_role key). */
export async function requireAdmin(auth: AuthContext, req: IncomingMessage): Promise<JwtClaims> {
  const claims = await verifiedClaims(auth, req)
  if (typeof claims.role !== 'string' || !ADMIN_ROLES.has(claims.role)) throw forbidden('not_admin', 'User not allowed')
  return claims
}

export function isAdminClaims(claims: JwtClaims): boolean {
  return typeof claims.role === 'string' && ADMIN_ROLES.has(claims.role)
}
