import type { Jwt } from '../http/keys.ts'
import { errors } from './errors.ts'

/** Signed upload URLs live two hours on Supabase. */
export const SIGNED_UPLOAD_TTL = 2 * 60 * 60

export interface UploadGrant {
  url: string
  owner: string | null
  upsert: boolean
}

/** A signed download URL's token: HS256 over `{url: '<bucket>/<name>'}` with the project secret. */
export function signDownload(jwt: Jwt, bucket: string, name: string, expiresIn: number): Promise<string> {
  return jwt.sign({ url: `${bucket}/${name}` }, expiresIn)
}

export function signUpload(jwt: Jwt, bucket: string, name: string, owner: string | null, upsert: boolean): Promise<string> {
  return jwt.sign({ url: `${bucket}/${name}`, owner: owner ?? undefined, upsert }, SIGNED_UPLOAD_TTL)
}

/** Verifies a token against the object it was issued for; a token for another object is refused. */
export async function verifyDownload(jwt: Jwt, token: string | null, bucket: string, name: string): Promise<void> {
  const claims = await verify(jwt, token)
  if (claims.url !== `${bucket}/${name}`) throw errors.invalidSignature()
}

export async function verifyUpload(jwt: Jwt, token: string | null, bucket: string, name: string): Promise<UploadGrant> {
  const claims = await verify(jwt, token)
  if (claims.url !== `${bucket}/${name}`) throw errors.invalidSignature()
  return { url: claims.url, owner: typeof claims.owner === 'string' ? claims.owner : null, upsert: claims.upsert === true }
}

async function verify(jwt: Jwt, token: string | null): Promise<Record<string, unknown>> {
  if (!token) throw errors.missing('token')
  try {
    return await jwt.verify(token)
  } catch (error) {
    throw errors.invalidJwt((error as Error).message === 'JWT expired' ? 'jwt expired' : 'invalid signature')
  }
}

export function expiresInOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw errors.invalidRequest('expiresIn must be an integer number of seconds >= 1')
  }
  return value
}
