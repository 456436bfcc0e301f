import type { DbRole } from '../db/request.ts'
import { toRole } from '../http/auth-header.ts'
import type { Jwt, JwtClaims } from '../http/keys.ts'
import { errors } from './errors.ts'

/** Signed upload URLs live two hours on Supabase. */
export const SIGNED_UPLOAD_TTL = 2 * 60 * 60

/**
 * The longest download URL an anonymous caller (the anon key, or an anonymous sign-in) may
 * sign: such a URL outlives every later revocation of its signer, and anyone can start such
 * a session.
 */
export const ANONYMOUS_SIGNED_URL_MAX = 60 * 60

export interface UploadGrant {
  url: string
  owner: string | null
  /** The signer's role: the upload runs as that role and owner, under RLS. */
  role: DbRole
  upsert: boolean
}

/**
 * A signed download URL's token: HS256 over `{url: '<bucket>/<name>', scope}` with the project
 * secret. The scope keeps a download token from serving as an upload grant for its path. A
 * signed render URL also carries the transformation, so its holder cannot ask for another.
 */
export function signDownload(
  jwt: Jwt,
  bucket: string,
  name: string,
  expiresIn: number,
  transform?: Record<string, unknown>
): Promise<string> {
  return jwt.sign({ url: `${bucket}/${name}`, scope: 'download', ...(transform ? { transform } : {}) }, expiresIn)
}

// The role travels as `owner_role`, never `role`: these tokens share the project's secret, and
// one carrying `role` would open the REST API as that role to whoever holds the URL.
export function signUpload(jwt: Jwt, bucket: string, name: string, owner: string | null, role: DbRole, upsert: boolean): Promise<string> {
  return jwt.sign({ url: `${bucket}/${name}`, scope: 'upload', owner: owner ?? undefined, owner_role: role, upsert }, SIGNED_UPLOAD_TTL)
}

/**
 * Verifies a token against the object it was issued for; a token for another object is
 * refused. Answers the transformation signed into it (an empty one when there is none).
 */
export async function verifyDownload(jwt: Jwt, token: string | null, bucket: string, name: string): Promise<Record<string, unknown>> {
  const claims = await verify(jwt, token)
  if (claims.url !== `${bucket}/${name}` || claims.scope !== 'download') throw errors.invalidSignature()
  const transform = claims.transform
  return transform !== null && typeof transform === 'object' && !Array.isArray(transform) ? (transform as Record<string, unknown>) : {}
}

export async function verifyUpload(jwt: Jwt, token: string | null, bucket: string, name: string): Promise<UploadGrant> {
  const claims = await verify(jwt, token)
  if (claims.url !== `${bucket}/${name}` || claims.scope !== 'upload') throw errors.invalidSignature()
  return {
    url: claims.url,
    owner: typeof claims.owner === 'string' ? claims.owner : null,
    role: toRole(claims.owner_role),
    upsert: claims.upsert === true
  }
}

async function verify(jwt: Jwt, token: string | null): Promise<Record<string, unknown>> {
  if (!token) throw errors.missing('token')
  try {
    return await jwt.verify(token)
  } catch (error) {
    throw errors.invalidJwt((error as Error).message === 'JWT expired' ? 'jwt expired' : 'invalid signature')
  }
}

export function expiresInOf(value: unknown, caller: { role: DbRole; claims: JwtClaims }): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw errors.invalidRequest('expiresIn must be an integer number of seconds >= 1')
  }
  if ((caller.role === 'anon' || caller.claims.is_anonymous === true) && value > ANONYMOUS_SIGNED_URL_MAX) {
    throw errors.invalidRequest(`expiresIn must be at most ${ANONYMOUS_SIGNED_URL_MAX} seconds for anonymous users`)
  }
  return value
}
