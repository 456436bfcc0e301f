import { objectField, readJsonBody, stringField } from './body.ts'
import type { AuthHandler } from './context.ts'
import { checkPasswordStrength, hashPassword, normalizeEmail, normalizePhone } from './credentials.ts'
import { badRequest, sendAuthJson, unprocessable } from './errors.ts'
import { sessionBody, signAccessToken, startSession } from './sessions.ts'
import { transaction } from './transaction.ts'
import { findUserByEmail, findUserById, findUserByPhone, insertIdentity, insertUser } from './users.ts'

/**
 * POST /signup. No email and no phone is an anonymous sign-in (signInAnonymously);
 * otherwise a password sign-up, confirmed at once as with the Supabase CLI's defaults
 * (no confirmation mail), answered with a session.
 */
export const signup: AuthHandler = async (auth, req, res) => {
  const body = await readJsonBody(req, auth.config.maxBodyBytes)
  const email = stringField(body, 'email')
  const phone = stringField(body, 'phone')
  const password = stringField(body, 'password')
  const data = objectField(body, 'data') ?? {}

  auth.limits.check(email === '' && phone === '' ? 'anonymousSignIn' : 'signUp', req)
  if (email === '' && phone === '') {
    const session = await transaction(auth.service.pool, async (db) => {
      const id = await insertUser(db, {
        passwordHash: '',
        appMetadata: {},
        userMetadata: data,
        emailConfirmed: false,
        phoneConfirmed: false,
        isAnonymous: true
      })
      const { sessionId, refreshToken } = await startSession(db, req, id, 'anonymous')
      const user = (await findUserById(db, id))!
      return sessionBody(db, user, await signAccessToken(auth.service, auth.config, db, user, sessionId), refreshToken)
    })
    return sendAuthJson(req, res, 200, session)
  }

  if (password === '') throw badRequest('validation_failed', 'Signup requires a valid password')
  checkPasswordStrength(password, auth.config.passwordMinLength)
  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on signup.')
  }
  const provider = email !== '' ? 'email' : 'phone'
  const normalized = provider === 'email' ? normalizeEmail(email) : normalizePhone(phone)
  const passwordHash = await hashPassword(password, auth.config.bcryptCost)

  const session = await transaction(auth.service.pool, async (db) => {
    // Serialises concurrent sign-ups for the same address so the duplicate check holds.
    await db.query('select pg_advisory_xact_lock(hashtext($1))', [`auth.signup:${normalized}`])
    const existing = provider === 'email' ? await findUserByEmail(db, normalized) : await findUserByPhone(db, normalized)
    if (existing) throw unprocessable('user_already_exists', 'User already registered')
    const id = await insertUser(db, {
      email: provider === 'email' ? normalized : undefined,
      phone: provider === 'phone' ? normalized : undefined,
      passwordHash,
      appMetadata: { provider, providers: [provider] },
      userMetadata: { ...data, [`${provider}_verified`]: true },
      emailConfirmed: provider === 'email',
      phoneConfirmed: provider === 'phone',
      isAnonymous: false
    })
    await insertIdentity(db, id, provider, {
      ...data,
      sub: id,
      ...(provider === 'email' ? { email: normalized } : { phone: normalized }),
      email_verified: false,
      phone_verified: false
    })
    const { sessionId, refreshToken } = await startSession(db, req, id, 'password')
    const user = (await findUserById(db, id))!
    return sessionBody(db, user, await signAccessToken(auth.service, auth.config, db, user, sessionId), refreshToken)
  })
  sendAuthJson(req, res, 200, session)
}
