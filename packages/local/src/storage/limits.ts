import { errors } from './errors.ts'
import { essenceOf } from './media-type.ts'

/** Supabase's default global upload limit (Free plan). */
export const GLOBAL_FILE_SIZE_LIMIT = 50 * 1024 * 1024

// Decimal units, as Supabase Storage converts them: '20MB' is stored as 20,000,000 bytes.
const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }

/** `file_size_limit` as storage accepts it: bytes, or a number with a unit such as '10MB' or '1.5KB'. */
export function parseFileSizeLimit(value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)(B|KB|MB|GB)$/i.exec(value)
    if (match) return Math.round(Number(match[1]) * (UNITS[match[2]!.toUpperCase()] ?? 1))
  }
  throw errors.invalidRequest('Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B')
}

export function parseMimeTypes(value: unknown): string[] | null {
  if (value === null || value === undefined) return null
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !/^[\w.+-]+\/([\w.+-]+|\*)$/.test(item))) {
    throw errors.invalidRequest('allowed_mime_types must be a list of MIME types such as image/png or image/*')
  }
  return value as string[]
}

/** Checks a normalized media type against a bucket's allowlist; `image/*` admits every image type. */
export function assertMimeAllowed(mediaType: string, allowed: string[] | null): void {
  if (!allowed || allowed.length === 0) return
  const [type, subtype] = essenceOf(mediaType).split('/')
  for (const entry of allowed) {
    const [allowedType, allowedSubtype] = entry.toLowerCase().split('/')
    if (allowedType === type && (allowedSubtype === '*' || allowedSubtype === subtype)) return
  }
  throw errors.invalidMimeType(mediaType)
}

export function effectiveLimit(bucketLimit: number | null): number {
  return bucketLimit === null ? GLOBAL_FILE_SIZE_LIMIT : Math.min(bucketLimit, GLOBAL_FILE_SIZE_LIMIT)
}

const BUCKET_NAME = /^[\w!.*'() &$@=;:+,?-]{1,100}$/

export function assertValidBucketName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !BUCKET_NAME.test(name) || name === '.' || name === '..') throw errors.invalidBucketName()
}
