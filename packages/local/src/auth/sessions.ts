import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type pg from 'pg'
import type { ServiceContext } from '../http/service.ts'
import type { AuthConfig } from './config.ts'
import { AUDIENCE, DEFAULT_ROLE, identitiesOf, type UserRow, userJson } from './users.ts'

type Queryable = pg.Pool | pg.PoolClient

/** How a session was established, as GoTrue records it in amr. */
export type AuthenticationMethod = 'password' | 'anonymous'

export interface SessionRow {
  id: string
  user_id: string
  created_at: Date
  not_after: Date | null
}

export interface RefreshTokenRow {
  id: string
  token: string
  user_id: string
  revoked: boolean
  updated_at: Date
  parent: string | null
  session_id: string | null
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** GoTrue's v1 refresh token: 12 characters of lower-case base32 from a CSPRNG (crypto.SecureAlphanumeric). */
export function newRefreshToken(): string {
  return [...randomBytes(12)].map((byte) => BASE32[byte & 31]).join('')
}

function clientIp(req: IncomingMessage): string | null {
  const address = req.socket.remoteAddress
  return address ? address.replace(/^::ffff:/, '') : null
}

function userAgent(req: IncomingMessage): string | null {
  return req.headers['user-agent'] ?? null
}

/** A new session with its first refresh token, as GoTrue's IssueRefreshToken creates them. */
export async function startSession(
  db: Queryable,
  req: IncomingMessage,
  userId: string,
  method: AuthenticationMethod
): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = randomUUID()
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4)`,
    [sessionId, userId, userAgent(req), clientIp(req)]
  )
  await db.query(
    `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method)
     values ($1, now(), now(), $2)
     on conflict (session_id, authentication_method) do update set updated_at = now()`,
    [sessionId, method]
  )
  const refreshToken = await insertRefreshToken(db, userId, sessionId, null)
  await db.query('update auth.users set last_sign_in_at = now() where id = $1', [userId])
  return { sessionId, refreshToken }
}

export async function insertRefreshToken(db: Queryable, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshToken()
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
    [token, userId, parent, sessionId]
  )
  return token
}

export async function findSession(db: Queryable, id: string): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>('select id, user_id, created_at, not_after from auth.sessions where id = $1', [id])
  return rows[0]
}

export interface IssuedAccessToken {
  token: string
  expiresAt: number
  expiresIn: number
}

/** Signs the access token with Supabase's claims, in GoTrue's order (tokens.AccessTokenClaims). */
export async function signAccessToken(
  context: ServiceContext,
  config: AuthConfig,
  db: Queryable,
  user: UserRow,
  sessionId: string
): Promise<IssuedAccessToken> {
  const { rows } = await db.query<{ method: string; at: Date }>(
    `select authentication_method as method, updated_at as at from auth.mfa_amr_claims
      where session_id = $1 order by updated_at desc, authentication_method`,
    [sessionId]
  )
  const iat = Math.floor(Date.now() / 1000)
  const exp = iat + config.jwtExpiry
  const claims = {
    iss: `${context.url()}/auth/v1`,
    sub: user.id,
    aud: user.aud ?? AUDIENCE,
    exp,
    iat,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role || DEFAULT_ROLE,
    aal: 'aal1',
    amr: rows.map((row) => ({ method: row.method, timestamp: Math.floor(row.at.getTime() / 1000) })),
    session_id: sessionId,
    is_anonymous: user.is_anonymous
  }
  return { token: await context.jwt.sign(claims), expiresAt: exp, expiresIn: config.jwtExpiry }
}

/** GoTrue's AccessTokenResponse: what auth-js turns into a Session. */
export async function sessionBody(
  db: Queryable,
  user: UserRow,
  access: IssuedAccessToken,
  refreshToken: string,
  weakPassword?: { message: string; reasons: string[] }
): Promise<Record<string, unknown>> {
  return {
    access_token: access.token,
    token_type: 'bearer',
    expires_in: access.expiresIn,
    expires_at: access.expiresAt,
    refresh_token: refreshToken,
    user: userJson(user, await identitiesOf(db, user.id)),
    ...(weakPassword ? { weak_password: weakPassword } : {})
  }
}

export async function touchRefreshedSession(db: Queryable, req: IncomingMessage, sessionId: string): Promise<void> {
  await db.query(
    `update auth.sessions set refreshed_at = (now() at time zone 'utc'), updated_at = now(), user_agent = $2, ip = $3
      where id = $1`,
    [sessionId, userAgent(req), clientIp(req)]
  )
}

export type LogoutScope = 'global' | 'local' | 'others'

export async function endSessions(db: Queryable, userId: string, sessionId: string | undefined, scope: LogoutScope): Promise<void> {
  if (scope === 'local' && sessionId) {
    await db.query('delete from auth.sessions where id = $1', [sessionId])
  } else if (scope === 'others' && sessionId) {
    await db.query('delete from auth.sessions where user_id = $1 and id <> $2', [userId, sessionId])
  } else {
    await db.query('delete from auth.sessions where user_id = $1', [userId])
    await db.query('delete from auth.refresh_tokens where user_id = $1', [userId])
  }
}
