import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { isUuid, requireAdmin } from './authenticate.ts'
import { booleanField, type JsonObject, objectField, optionalStringField, readJsonBody, stringField } from './body.ts'
import type { AuthContext, AuthHandler } from './context.ts'
import { assertBcryptHash, checkPasswordStrength, hashPassword, normalizeEmail, normalizePhone } from './credentials.ts'
import { AuthHttpError, badRequest, notFound, sendAuthJson, unprocessable } from './errors.ts'
import { endSessions } from './sessions.ts'
import { transaction } from './transaction.ts'
import { changeContact, updateMetadata } from './user.ts'
import {
  AUDIENCE,
  findUserByEmail,
  findUserById,
  findUserByPhone,
  findUsersByIds,
  INSTANCE_ID,
  identitiesOf,
  identitiesOfMany,
  insertIdentity,
  insertUser,
  mergeMetadata,
  type UserRow,
  userJson
} from './users.ts'

const DEFAULT_PER_PAGE = 50

/** GET /admin/users?page=&per_page=: newest first, with X-Total-Count and Link as auth-js parses them. */
export const listUsers: AuthHandler = async (auth, req, res, url) => {
  await requireAdmin(auth, req)
  const page = pageParameter(url, 'page', 1)
  const perPage = pageParameter(url, 'per_page', DEFAULT_PER_PAGE)
  const filter = url.searchParams.get('filter') ?? ''
  const pool = auth.service.pool
  const where = `coalesce(instance_id, $1::uuid) = $1::uuid and coalesce(aud, $2) = $2
    and ($3 = '' or email like '%' || $3 || '%' or raw_user_meta_data ->> 'full_name' ilike '%' || $3 || '%')`
  const { rows: counted } = await pool.query<{ total: number }>(`select count(*)::int as total from auth.users where ${where}`, [
    INSTANCE_ID,
    AUDIENCE,
    filter
  ])
  const total = counted[0]?.total ?? 0
  const { rows } = await pool.query<{ id: string }>(
    `select id from auth.users where ${where} order by created_at desc, id desc limit $4 offset $5`,
    [INSTANCE_ID, AUDIENCE, filter, perPage, (page - 1) * perPage]
  )
  const ids = rows.map((row) => row.id)
  const identities = await identitiesOfMany(pool, ids)
  const users = (await findUsersByIds(pool, ids)).map((user) => userJson(user, identities.get(user.id) ?? []))
  sendAuthJson(req, res, 200, { users, aud: AUDIENCE }, paginationHeaders(url, page, perPage, total))
}

function pageParameter(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw badRequest('validation_failed', `Bad Pagination Parameters: invalid ${name} ${JSON.stringify(raw)}`)
  const value = Number(raw)
  return value < 1 ? fallback : Math.min(value, Number.MAX_SAFE_INTEGER)
}

/**
 * GoTrue's addPaginationHeaders: the request's own path and query (as GoTrue receives them,
 * behind the gateway's `/auth/v1`) with `page` replaced, keys sorted as Go encodes them; at
 * least one page even when there is nobody.
 */
function paginationHeaders(url: URL, page: number, perPage: number, total: number): Record<string, string> {
  const last = Math.max(Math.ceil(total / perPage), 1)
  const link = (target: number) => {
    const query = new URLSearchParams(url.searchParams)
    query.set('page', String(target))
    query.sort()
    return `</admin/users?${query}>`
  }
  const links = []
  if (last > page) links.push(`${link(page + 1)}; rel="next"`)
  links.push(`${link(last)}; rel="last"`)
  return { 'X-Total-Count': String(total), Link: links.join(', ') }
}

function userIdParameter(params: Record<string, string>): string {
  const id = params.id ?? ''
  if (!isUuid(id)) throw notFound('validation_failed', 'user_id must be an UUID')
  return id
}

export async function loadUser(auth: AuthContext, params: Record<string, string>): Promise<UserRow> {
  const user = await findUserById(auth.service.pool, userIdParameter(params))
  if (!user) throw notFound('user_not_found', 'User not found')
  return user
}

async function respondWithUser(auth: AuthContext, req: Parameters<AuthHandler>[1], res: Parameters<AuthHandler>[2], id: string) {
  const pool = auth.service.pool
  const user = (await findUserById(pool, id))!
  sendAuthJson(req, res, 200, userJson(user, await identitiesOf(pool, id)))
}

/** GET /admin/users/{id} */
export const getUserById: AuthHandler = async (auth, req, res, _url, params) => {
  await requireAdmin(auth, req)
  const user = await loadUser(auth, params)
  await respondWithUser(auth, req, res, user.id)
}

/** Go's time.ParseDuration for the units ban_duration uses in practice. */
function banUntil(body: JsonObject): Date | null | undefined {
  const raw = stringField(body, 'ban_duration')
  if (raw === '') return undefined
  if (raw === 'none') return null
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
  const parts = [...raw.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)]
  if (!parts.length || parts.map((part) => part[0]).join('') !== raw) {
    throw badRequest('validation_failed', `invalid format for ban duration: time: invalid duration ${JSON.stringify(raw)}`)
  }
  const ms = parts.reduce((sum, part) => sum + Number(part[1]) * units[part[2]!]!, 0)
  return ms === 0 ? null : new Date(Date.now() + ms)
}

/** POST /admin/users: email and/or phone, password or password_hash, metadata, confirmation flags. */
export const createUser: AuthHandler = async (auth, req, res) => {
  await requireAdmin(auth, req)
  const body = await readJsonBody(req, auth.config.maxBodyBytes)
  const rawEmail = stringField(body, 'email')
  const rawPhone = stringField(body, 'phone')
  if (rawEmail === '' && rawPhone === '') {
    throw badRequest('validation_failed', 'Cannot create a user without either an email or phone')
  }
  const pool = auth.service.pool
  const providers: string[] = []
  const email = rawEmail === '' ? undefined : normalizeEmail(rawEmail)
  if (email) {
    if (await findUserByEmail(pool, email))
      throw unprocessable('email_exists', 'A user with this email address has already been registered')
    providers.push('email')
  }
  const phone = rawPhone === '' ? undefined : normalizePhone(rawPhone)
  if (phone) {
    if (await findUserByPhone(pool, phone)) throw unprocessable('phone_exists', 'Phone number already registered by another user')
    providers.push('phone')
  }
  const password = optionalStringField(body, 'password')
  const passwordHash = stringField(body, 'password_hash')
  if (password !== undefined && passwordHash !== '') {
    throw badRequest('validation_failed', 'Only a password or a password hash should be provided')
  }
  if (passwordHash !== '') assertBcryptHash(passwordHash)
  const id = stringField(body, 'id')
  if (id !== '' && !isUuid(id)) throw badRequest('validation_failed', 'ID must conform to the uuid v4 format')
  if (id === '00000000-0000-0000-0000-000000000000') throw badRequest('validation_failed', 'ID cannot be a nil uuid')
  const emailConfirm = booleanField(body, 'email_confirm')
  const phoneConfirm = booleanField(body, 'phone_confirm')
  const bannedUntil = banUntil(body)
  // No password: GoTrue sets a random one, so the account exists but cannot sign in by password yet.
  const hash = passwordHash || (await hashPassword(password || randomBytes(32).toString('base64url'), auth.config.bcryptCost))
  const userMetadata = {
    ...(objectField(body, 'user_metadata') ?? {}),
    ...(emailConfirm ? { email_verified: true } : {}),
    ...(phoneConfirm ? { phone_verified: true } : {})
  }
  const appMetadata = mergeMetadata({ provider: providers[0], providers }, objectField(body, 'app_metadata') ?? {})
  const role = stringField(body, 'role') || undefined

  const created = await transaction(pool, async (db) => {
    const userId = await insertUser(db, {
      id: id || undefined,
      email,
      phone,
      passwordHash: hash,
      appMetadata,
      userMetadata,
      role,
      emailConfirmed: emailConfirm,
      phoneConfirmed: phoneConfirm,
      isAnonymous: false,
      bannedUntil: bannedUntil ?? null
    }).catch(duplicateAsConflict)
    if (email) await insertIdentity(db, userId, 'email', { sub: userId, email, email_verified: false, phone_verified: false })
    if (phone) await insertIdentity(db, userId, 'phone', { sub: userId, phone, email_verified: false, phone_verified: false })
    return userId
  })
  await respondWithUser(auth, req, res, created)
}

function duplicateAsConflict(error: unknown): never {
  if ((error as { code?: string }).code === '23505') {
    throw unprocessable('email_exists', 'A user with this email address or id has already been registered')
  }
  throw error
}

/** PUT /admin/users/{id}: GoTrue's adminUserUpdate, changes applied at once. */
export const updateUserById: AuthHandler = async (auth, req, res, _url, params) => {
  await requireAdmin(auth, req)
  const user = await loadUser(auth, params)
  const body = await readJsonBody(req, auth.config.maxBodyBytes)
  const rawEmail = stringField(body, 'email')
  const rawPhone = stringField(body, 'phone')
  const email = rawEmail === '' ? '' : normalizeEmail(rawEmail)
  const phone = rawPhone === '' ? '' : normalizePhone(rawPhone)
  const pool = auth.service.pool
  if (email !== '' && email !== user.email && (await findUserByEmail(pool, email, user.id))) {
    throw unprocessable('email_exists', 'A user with this email address has already been registered')
  }
  if (phone !== '' && phone !== user.phone && (await findUserByPhone(pool, phone, user.id))) {
    throw unprocessable('phone_exists', 'A user with this phone number has already been registered')
  }
  const password = optionalStringField(body, 'password')
  let passwordHash: string | undefined
  if (password !== undefined) {
    checkPasswordStrength(password, auth.config.passwordMinLength)
    passwordHash = await hashPassword(password, auth.config.bcryptCost)
  }
  const bannedUntil = banUntil(body)
  const role = stringField(body, 'role')
  const userMetadata = objectField(body, 'user_metadata')
  const appMetadata = objectField(body, 'app_metadata')
  const emailConfirm = booleanField(body, 'email_confirm')
  const phoneConfirm = booleanField(body, 'phone_confirm')

  await transaction(pool, async (db) => {
    if (role !== '') await db.query('update auth.users set role = $2, updated_at = now() where id = $1', [user.id, role])
    if (emailConfirm) await confirm(db, user.id, 'email')
    if (phoneConfirm) await confirm(db, user.id, 'phone')
    if (passwordHash !== undefined) {
      await db.query('update auth.users set encrypted_password = $2, updated_at = now() where id = $1', [user.id, passwordHash])
      await endSessions(db, user.id, undefined, 'global')
    }
    if (email !== '' && email !== user.email) await changeContact(db, user, 'email', email)
    if (phone !== '' && phone !== user.phone) await changeContact(db, user, 'phone', phone)
    if (appMetadata) await updateMetadata(db, user.id, 'raw_app_meta_data', appMetadata)
    if (userMetadata) await updateMetadata(db, user.id, 'raw_user_meta_data', userMetadata)
    if (bannedUntil !== undefined)
      await db.query('update auth.users set banned_until = $2, updated_at = now() where id = $1', [user.id, bannedUntil])
  })
  await respondWithUser(auth, req, res, user.id)
}

async function confirm(db: pg.PoolClient, id: string, what: 'email' | 'phone'): Promise<void> {
  await db.query(
    `update auth.users set ${what}_confirmed_at = now(), updated_at = now(),
        raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || jsonb_build_object($2::text, true)
      where id = $1`,
    [id, `${what}_verified`]
  )
}

/** DELETE /admin/users/{id}, body {should_soft_delete}: hard delete cascades identities and sessions. */
export const deleteUser: AuthHandler = async (auth, req, res, _url, params) => {
  await requireAdmin(auth, req)
  const user = await loadUser(auth, params)
  const body = await readJsonBody(req, auth.config.maxBodyBytes)
  const soft = booleanField(body, 'should_soft_delete')
  try {
    await transaction(auth.service.pool, async (db) => {
      if (!soft) {
        await db.query('delete from auth.users where id = $1', [user.id])
        return
      }
      if (user.deleted_at) return
      await db.query(
        `update auth.users set deleted_at = now(), updated_at = now(), email = null, phone = null, encrypted_password = '',
            raw_user_meta_data = '{}', raw_app_meta_data = '{}' where id = $1`,
        [user.id]
      )
      await db.query('delete from auth.identities where user_id = $1', [user.id])
      await endSessions(db, user.id, undefined, 'global')
    })
  } catch (error) {
    // Rows in the project's tables that reference the user without ON DELETE CASCADE.
    if ((error as { code?: string }).code === '23503') {
      throw new AuthHttpError(500, 'unexpected_failure', 'Database error deleting user')
    }
    throw error
  }
  sendAuthJson(req, res, 200, {})
}
