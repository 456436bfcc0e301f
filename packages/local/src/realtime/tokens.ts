import { decodeJwt } from 'jose'
import type { DbRole } from '../db/request.ts'
import { toRole } from '../http/auth-header.ts'
import { type Jwt, type JwtClaims, JwtError } from '../http/keys.ts'

export interface VerifiedToken {
  token: string
  claims: JwtClaims
  role: DbRole
  /** Seconds since the epoch. */
  expiresAt: number
}

/** Why a token was refused, worded as Supabase Realtime words it (join replies, system messages). */
export class TokenError extends Error {
  readonly code: 'InvalidJWTToken' | 'MalformedJWT' | 'JwtSignatureError'

  constructor(code: TokenError['code'], message: string) {
    super(message)
    this.name = 'TokenError'
    this.code = code
  }

  /** The `reason` of a refused join: "<code>: <message>". */
  get reason(): string {
    return `${this.code}: ${this.message}`
  }
}

/**
 * Checks a channel's access token as Realtime does: a valid signature, not expired, and both
 * `role` and `exp` present (Realtime refuses tokens without an expiry).
 */
export async function verifyToken(jwt: Jwt, token: string): Promise<VerifiedToken> {
  let claims: JwtClaims
  try {
    claims = await jwt.verify(token)
  } catch (error) {
    if (error instanceof JwtError && error.reason === 'no_expiry') {
      throw new TokenError('InvalidJWTToken', 'Fields `role` and `exp` are required in JWT')
    }
    if (error instanceof JwtError && error.reason === 'expired') {
      const exp = expiryOf(token) ?? Math.floor(Date.now() / 1000)
      const ago = Math.max(0, Math.floor(Date.now() / 1000) - exp)
      throw new TokenError('InvalidJWTToken', `Token has expired ${ago} seconds ago`)
    }
    if (token.split('.').length !== 3 || expiryOf(token) === null) {
      throw new TokenError('MalformedJWT', 'The token provided is not a valid JWT')
    }
    throw new TokenError('JwtSignatureError', 'Failed to validate JWT signature')
  }
  if (typeof claims.role !== 'string' || typeof claims.exp !== 'number') {
    throw new TokenError('InvalidJWTToken', 'Fields `role` and `exp` are required in JWT')
  }
  return { token, claims, role: toRole(claims.role), expiresAt: claims.exp }
}

function expiryOf(token: string): number | undefined | null {
  try {
    const exp = decodeJwt(token).exp
    return typeof exp === 'number' ? exp : undefined
  } catch {
    return null
  }
}
