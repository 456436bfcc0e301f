import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose'

/** The Supabase CLI's well-known local secret: public on purpose, never for production. */
export const DEMO_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'

/** The Supabase CLI's demo keys, signed with DEMO_JWT_SECRET (iss supabase-demo, exp 2032). */
export const DEMO_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'
export const DEMO_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'

export interface JwtClaims extends JWTPayload {
  role?: string
  [claim: string]: unknown
}

/** Verified tokens kept (PostgREST keeps a JWT cache too): a client sends the same one for an hour. */
const CACHED_TOKENS = 1000

export class Jwt {
  readonly #key: Uint8Array
  /** Token → its verified claims, frozen; oldest first, for eviction. */
  readonly #verified = new Map<string, JwtClaims>()

  constructor(secret: string = DEMO_JWT_SECRET) {
    this.#key = new TextEncoder().encode(secret)
  }

  /**
   * Verifies signature and expiry for every API (REST, Auth, Realtime, Storage, Functions);
   * throws JwtError with Supabase's wording otherwise. A token without `exp` is refused: it
   * would be valid forever, and Realtime already refuses one; GoTrue never issues one.
   */
  async verify(token: string): Promise<JwtClaims> {
    const known = this.#verified.get(token)
    if (known) {
      // The signature was checked once; time moves on, so expiry is checked on every use.
      if (known.exp! > Date.now() / 1000) return known
      this.#verified.delete(token)
    }
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'], requiredClaims: ['exp'] })
      if (payload.nbf === undefined) this.#remember(token, payload as JwtClaims)
      return payload as JwtClaims
    } catch (cause) {
      if (cause instanceof errors.JWTExpired) throw new JwtError('expired', 'JWT expired', 'PGRST303', { cause })
      if (cause instanceof errors.JWTClaimValidationFailed && cause.claim === 'exp') {
        throw new JwtError('no_expiry', 'JWT has no expiry (exp claim)', 'PGRST303', { cause })
      }
      throw new JwtError('invalid', 'invalid JWT', 'PGRST301', { cause })
    }
  }

  #remember(token: string, claims: JwtClaims): void {
    if (this.#verified.size >= CACHED_TOKENS) this.#verified.delete(this.#verified.keys().next().value!)
    this.#verified.set(token, deepFreeze(claims))
  }

  sign(claims: JwtClaims, expiresInSeconds?: number): Promise<string> {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    if (expiresInSeconds !== undefined) {
      const now = Math.floor(Date.now() / 1000)
      jwt.setIssuedAt(now).setExpirationTime(now + expiresInSeconds)
    }
    return jwt.sign(this.#key)
  }
}

/** Claims are shared between requests once cached: nobody may change them. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

export class JwtError extends Error {
  /** Why the token was refused, for services that word it their own way. */
  readonly reason: 'expired' | 'no_expiry' | 'invalid'
  /** PostgREST's code: PGRST303 for a claim (exp) problem, PGRST301 for anything else. */
  readonly code: string

  constructor(reason: JwtError['reason'], message: string, code: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'JwtError'
    this.reason = reason
    this.code = code
  }
}
