import { randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { AuthHttpError, badRequest } from './errors.ts'

/** bcrypt reads at most 72 bytes; GoTrue refuses longer passwords rather than truncate them. */
const MAX_PASSWORD_BYTES = 72

/** The format check GoTrue uses (badoux/checkmail), before lower-casing. */
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/
const E164 = /^[1-9][0-9]{1,14}$/

export function normalizeEmail(email: string): string {
  if (email === '') throw badRequest('validation_failed', 'An email address is required')
  if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long')
  if (!EMAIL_FORMAT.test(email)) throw badRequest('validation_failed', 'Unable to validate email address: invalid format')
  return email.toLowerCase()
}

/** Phones are stored as GoTrue stores them: E.164 digits without the plus. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/^\+/, '').replaceAll(' ', '')
  if (!E164.test(digits)) throw badRequest('validation_failed', 'Invalid phone number format (E.164 required)')
  return digits
}

export function checkPasswordStrength(password: string, minLength: number): void {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`)
  }
  if ([...password].length < minLength) {
    throw new AuthHttpError(422, 'weak_password', `Password should be at least ${minLength} characters.`, {
      weak_password: { reasons: ['length'] }
    })
  }
}

/** Same rule as checkPasswordStrength, reported instead of thrown (password sign-in only warns). */
export function weakPasswordWarning(password: string, minLength: number): { message: string; reasons: string[] } | undefined {
  if ([...password].length >= minLength) return undefined
  return { message: `Password should be at least ${minLength} characters.`, reasons: ['length'] }
}

export async function hashPassword(password: string, cost: number): Promise<string> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw badRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes')
  }
  return bcrypt.hash(password, cost)
}

/**
 * Checks a password against a stored bcrypt hash: GoTrue's `$2a$`, bcryptjs's `$2b$` and
 * pgcrypto's `crypt(…, gen_salt('bf'))` all verify. Anything else (empty, another KDF) fails.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash || !/^\$2[aby]\$\d{2}\$/.test(hash)) return false
  try {
    return await bcrypt.compare(password, hash.replace(/^\$2y\$/, '$2b$'))
  } catch {
    return false
  }
}

const dummyHashes = new Map<number, Promise<string>>()

/** A hash of a random password at the stack's cost, compared against when no user matches. */
export function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost)
  if (!hash) {
    hash = bcrypt.hash(randomBytes(16).toString('hex'), cost)
    dummyHashes.set(cost, hash)
  }
  return hash
}

/** A bcrypt hash handed to the admin API (password_hash) must at least look like one. */
export function assertBcryptHash(hash: string): void {
  if (!/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(hash)) {
    throw badRequest('validation_failed', 'password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$)')
  }
}
