import { isIP } from 'node:net'
import { LocalStackError } from '../db/errors.ts'
import { DEMO_JWT_SECRET } from './keys.ts'

/** Supabase refuses shorter JWT secrets; HS256 wants at least 256 bits. */
export const MIN_JWT_SECRET_LENGTH = 32

const HOW_TO_SET =
  'Set PARLEY_JWT_SECRET (or the jwtSecret option) to a random secret of at least 32 characters, e.g. `openssl rand -base64 48`'

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost' || bare === '::1' || bare === '::ffff:127.0.0.1') return true
  return isIP(bare) === 4 && bare.startsWith('127.')
}

/**
 * Refuses a JWT secret anyone can read while the API is reachable from other machines: with
 * the demo secret (published in the Supabase CLI) anyone could sign a service_role key.
 */
export function checkJwtSecret(host: string, jwtSecret: string): void {
  if (jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    throw new LocalStackError('INVALID_CONFIG', `The JWT secret is ${jwtSecret.length} characters long; ${HOW_TO_SET}.`)
  }
  if (jwtSecret === DEMO_JWT_SECRET && !isLoopback(host)) {
    throw new LocalStackError(
      'INSECURE_JWT_SECRET',
      `Refusing to listen on ${host} with the public demo JWT secret: anyone who can reach it could sign a service_role key. ${HOW_TO_SET}, or listen on 127.0.0.1.`
    )
  }
}
