import type { IncomingMessage } from 'node:http'
import type pg from 'pg'
import { readJsonBody, stringField } from './body.ts'
import type { AuthContext, AuthHandler } from './context.ts'
import { dummyHash, normalizePhone, verifyPassword, weakPasswordWarning } from './credentials.ts'
import { badRequest, featureDisabled, invalidCredentials, OAuthHttpError, sendAuthJson } from './errors.ts'
import {
  insertRefreshToken,
  type RefreshTokenRow,
  type SessionRow,
  sessionBody,
  signAccessToken,
  startSession,
  touchRefreshedSession
} from './sessions.ts'
import { CommitWithError, transaction } from './transaction.ts'
import { findUserByEmail, findUserById, findUserByPhone, isBanned } from './users.ts'

/** POST /token?grant_type=password|refresh_token. */
export const token: AuthHandler = async (auth, req, res, url) => {
  auth.limits.check('token', req)
  const grantType = url.searchParams.get('grant_type') ?? ''
  if (grantType === 'password') return sendAuthJson(req, res, 200, await passwordGrant(auth, req))
  if (grantType === 'refresh_token') return sendAuthJson(req, res, 200, await refreshTokenGrant(auth, req))
  if (['id_token', 'pkce', 'web3'].includes(grantType)) throw featureDisabled(`The ${grantType} grant`)
  throw badRequest('invalid_credentials', 'unsupported_grant_type')
}

async function passwordGrant(auth: AuthContext, req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJsonBody(req, auth.config.maxBodyBytes)
  const email = stringField(body, 'email')
  const phone = stringField(body, 'phone')
  const password = stringField(body, 'password')
  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on login.')
  }
  if (email === '' && phone === '') throw badRequest('validation_failed', 'missing email or phone')

  const pool = auth.service.pool
  const found = email !== '' ? await findUserByEmail(pool, email) : await findPhoneUser(pool, phone)
  if (!found || !found.encrypted_password) {
    // As slow as a wrong password, so the answer's timing does not tell which addresses exist.
    await verifyPassword(password, await dummyHash(auth.config.bcryptCost))
    throw invalidCredentials()
  }
  if (isBanned(found)) throw badRequest('user_banned', 'User is banned')
  if (!(await verifyPassword(password, found.encrypted_password))) throw invalidCredentials()
  if (email !== '' && !found.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed')
  if (phone !== '' && !found.phone_confirmed_at) throw badRequest('phone_not_confirmed', 'Phone not confirmed')

  return transaction(pool, async (db) => {
    const { sessionId, refreshToken } = await startSession(db, req, found.id, 'password')
    const user = (await findUserById(db, found.id))!
    const access = await signAccessToken(auth.service, auth.config, db, user, sessionId)
    return sessionBody(db, user, access, refreshToken, weakPasswordWarning(password, auth.config.passwordMinLength))
  })
}

async function findPhoneUser(pool: pg.Pool, phone: string) {
  try {
    return await findUserByPhone(pool, normalizePhone(phone))
  } catch {
    return undefined
  }
}

interface TokenWithSession extends RefreshTokenRow {
  session: SessionRow | null
}

async function findRefreshToken(db: pg.Pool | pg.PoolClient, token: string, lock: boolean): Promise<TokenWithSession | undefined> {
  const { rows } = await db.query<
    RefreshTokenRow & { s_id: string | null; s_user_id: string; s_created_at: Date; s_not_after: Date | null }
  >(
    `select rt.id, rt.token, rt.user_id, rt.revoked, rt.updated_at, rt.parent, rt.session_id,
            s.id as s_id, s.user_id as s_user_id, s.created_at as s_created_at, s.not_after as s_not_after
       from auth.refresh_tokens rt left join auth.sessions s on s.id = rt.session_id
      where rt.token = $1${lock ? ' for update of rt' : ''}`,
    [token]
  )
  const row = rows[0]
  if (!row) return undefined
  const session = row.s_id ? { id: row.s_id, user_id: row.s_user_id, created_at: row.s_created_at, not_after: row.s_not_after } : null
  return { ...row, session }
}

/**
 * GoTrue's v1 refresh-token rotation: each use revokes the token and issues a child
 * (`parent` = the used token). A revoked token is honoured only when it is the parent of
 * the session's active token (the client lost the answer) or within the reuse interval;
 * anything else is treated as theft and ends the whole session.
 */
async function refreshTokenGrant(auth: AuthContext, req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJsonBody(req, auth.config.maxBodyBytes)
  const presented = stringField(body, 'refresh_token')
  if (presented === '') throw new OAuthHttpError('invalid_request', 'refresh_token required')

  return transaction(auth.service.pool, async (db) => {
    const token = await findRefreshToken(db, presented, true)
    if (!token) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
    const user = await findUserById(db, token.user_id)
    if (!user) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
    if (isBanned(user)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned')
    const session = token.session
    if (!session) {
      await db.query('delete from auth.refresh_tokens where id = $1', [token.id])
      throw new CommitWithError(badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found'))
    }
    if (session.not_after && session.not_after.getTime() <= Date.now()) {
      throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired')
    }
    await db.query('select 1 from auth.sessions where id = $1 for update', [session.id])

    let issued: string | undefined
    if (token.revoked) {
      const { rows: active } = await db.query<{ token: string; parent: string | null }>(
        `select token, parent from auth.refresh_tokens where session_id = $1 and revoked = false
          order by id desc limit 1`,
        [session.id]
      )
      if (active[0]?.parent === token.token) {
        issued = active[0].token
      } else if (Date.now() > token.updated_at.getTime() + auth.config.refreshTokenReuseInterval * 1000) {
        await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false', [
          session.id
        ])
        await db.query('update auth.sessions set not_after = now(), updated_at = now() where id = $1', [session.id])
        throw new CommitWithError(badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used'))
      }
    }
    if (!issued) {
      await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [token.id])
      issued = await insertRefreshToken(db, user.id, session.id, token.token)
    }
    await touchRefreshedSession(db, req, session.id)
    const access = await signAccessToken(auth.service, auth.config, db, user, session.id)
    return sessionBody(db, user, access, issued)
  })
}
