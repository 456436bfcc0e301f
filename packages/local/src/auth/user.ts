import type pg from 'pg'
import { isAdminClaims, requireAuthentication } from './authenticate.ts'
import { objectField, optionalStringField, readJsonBody, stringField } from './body.ts'
import type { AuthHandler } from './context.ts'
import { checkPasswordStrength, hashPassword, normalizeEmail, normalizePhone, verifyPassword } from './credentials.ts'
import { badRequest, forbidden, sendAuthJson, unprocessable } from './errors.ts'
import { endSessions } from './sessions.ts'
import { transaction } from './transaction.ts'
import {
  AUDIENCE,
  findUserByEmail,
  findUserById,
  findUserByPhone,
  identitiesOf,
  insertIdentity,
  mergeMetadata,
  type UserRow,
  userJson
} from './users.ts'

/** GET /user: the caller's user, as GoTrue returns it. */
export const getUser: AuthHandler = async (auth, req, res) => {
  const { claims, user } = await requireAuthentication(auth, req)
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud
  if (aud !== AUDIENCE) throw badRequest('validation_failed', "Token audience doesn't match request audience")
  sendAuthJson(req, res, 200, userJson(user, await identitiesOf(auth.service.pool, user.id)))
}

/**
 * PUT /user: email, phone, password, data (user_metadata). There is no mail or SMS here,
 * so a new email or phone takes effect at once, as on a project with confirmations off.
 */
export const updateUser: AuthHandler = async (auth, req, res) => {
  const { user, session } = await requireAuthentication(auth, req)
  const body = await readJsonBody(req, auth.config.maxBodyBytes)
  const rawEmail = stringField(body, 'email')
  const rawPhone = stringField(body, 'phone')
  const password = optionalStringField(body, 'password')
  const data = objectField(body, 'data')
  const appData = objectField(body, 'app_metadata')

  const email = rawEmail === '' ? '' : normalizeEmail(rawEmail)
  const phone = rawPhone === '' ? '' : normalizePhone(rawPhone)
  if (password !== undefined) checkPasswordStrength(password, auth.config.passwordMinLength)
  if (appData && !isAdminClaims({ role: user.role ?? '' })) {
    throw forbidden('not_admin', 'Updating app_metadata requires admin privileges')
  }
  if (user.is_anonymous && password && email === '' && phone === '') {
    throw unprocessable('validation_failed', 'Updating password of an anonymous user without an email or phone is not allowed')
  }
  const pool = auth.service.pool
  if (email !== '' && email !== user.email && (await findUserByEmail(pool, email, user.id))) {
    throw unprocessable('email_exists', 'A user with this email address has already been registered')
  }
  if (phone !== '' && phone !== user.phone && (await findUserByPhone(pool, phone, user.id))) {
    throw unprocessable('phone_exists', 'A user with this phone number has already been registered')
  }
  let passwordHash: string | undefined
  if (password !== undefined && password !== '') {
    if (await verifyPassword(password, user.encrypted_password)) {
      throw unprocessable('same_password', 'New password should be different from the old password.')
    }
    passwordHash = await hashPassword(password, auth.config.bcryptCost)
  }

  await transaction(pool, async (db) => {
    if (passwordHash !== undefined) {
      await db.query('update auth.users set encrypted_password = $2, updated_at = now() where id = $1', [user.id, passwordHash])
      // A new password ends every other session, so a leaked one cannot outlive the change.
      await endSessions(db, user.id, session?.id, session ? 'others' : 'global')
    }
    if (data) await updateMetadata(db, user.id, 'raw_user_meta_data', data)
    if (appData) await updateMetadata(db, user.id, 'raw_app_meta_data', appData)
    if (email !== '' && email !== user.email) await changeContact(db, user, 'email', email)
    if (phone !== '' && phone !== user.phone) await changeContact(db, user, 'phone', phone)
  })
  const updated = (await findUserById(pool, user.id))!
  sendAuthJson(req, res, 200, userJson(updated, await identitiesOf(pool, user.id)))
}

/** Merges metadata under a row lock, so concurrent updates of different keys both land. */
export async function updateMetadata(
  db: pg.PoolClient,
  userId: string,
  column: 'raw_user_meta_data' | 'raw_app_meta_data',
  updates: Record<string, unknown>
): Promise<void> {
  const { rows } = await db.query<{ value: Record<string, unknown> | null }>(
    `select ${column} as value from auth.users where id = $1 for update`,
    [userId]
  )
  await db.query(`update auth.users set ${column} = $2, updated_at = now() where id = $1`, [
    userId,
    JSON.stringify(mergeMetadata(rows[0]?.value ?? null, updates))
  ])
}

/**
 * Sets a confirmed email or phone, keeps the provider's identity in step and, for an
 * anonymous user, makes the account permanent (GoTrue's path for anonymous users with
 * autoconfirm).
 */
export async function changeContact(db: pg.PoolClient, user: UserRow, provider: 'email' | 'phone', value: string): Promise<void> {
  await db.query(
    `update auth.users set ${provider} = $2, ${provider}_confirmed_at = now(), is_anonymous = false, updated_at = now(),
        raw_app_meta_data = jsonb_set(
          jsonb_set(coalesce(raw_app_meta_data, '{}'::jsonb), '{providers}',
            (select coalesce(jsonb_agg(distinct p), '[]'::jsonb) from jsonb_array_elements_text(
               coalesce(raw_app_meta_data -> 'providers', '[]'::jsonb) || to_jsonb($3::text)) p)),
          '{provider}', coalesce(raw_app_meta_data -> 'provider', to_jsonb($3::text)))
      where id = $1`,
    [user.id, value, provider]
  )
  const updated = await db.query(
    `update auth.identities set identity_data = identity_data || jsonb_build_object($3::text, $2::text), updated_at = now()
      where user_id = $1 and provider = $3`,
    [user.id, value, provider]
  )
  if (!updated.rowCount) {
    await insertIdentity(db, user.id, provider, { sub: user.id, [provider]: value, email_verified: false, phone_verified: false })
  }
}
