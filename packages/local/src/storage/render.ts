import { readFile } from 'node:fs/promises'
import sharp, { type OutputInfo } from 'sharp'
import { findBucket } from './buckets.ts'
import type { Call } from './call.ts'
import { errors } from './errors.ts'
import { anyObject, type StoredObject, visibleObject } from './objects.ts'

/** What `transform` asks of `/render/image/…`, as Supabase Storage validates it. */
export interface Transform {
  /** 0 (or absent) keeps the aspect ratio from the other side. */
  width: number
  height: number
  resize: 'cover' | 'contain' | 'fill'
  /** undefined: WebP when the client accepts it, else the original format, as Supabase does. */
  format: 'origin' | 'avif' | 'webp' | undefined
  quality: number
}

/** Larger results are clamped: one request must not ask the local machine for a gigapixel image. */
const MAX_DIMENSION = 2500
const RESIZE = new Set(['cover', 'contain', 'fill'])
/** Supabase's resize modes (imgproxy's fill, fit, force) in sharp's words: `contain` fits inside without padding. */
const FIT = { cover: 'cover', contain: 'inside', fill: 'fill' } as const
const FORMATS = new Set(['origin', 'avif', 'webp'])
/** Supabase transforms images of up to 25 MB. */
const MAX_SOURCE_BYTES = 25 * 1024 * 1024
/** What sharp reads; anything else is not an image it can transform. */
const SOURCE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/tiff'])

/** Reads `width`, `height`, `resize`, `format`, `quality` from a query or a `transform` object. */
export function transformOf(source: Record<string, unknown>): Transform {
  const integer = (name: string, min: number, max: number, fallback: number): number => {
    const raw = source[name]
    if (raw === undefined || raw === null || raw === '') return fallback
    const value = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : NaN
    if (!Number.isInteger(value) || value < min || value > max)
      throw errors.invalidRequest(`${name} must be an integer from ${min} to ${max}`)
    return value
  }
  const choice = <T extends string>(name: string, allowed: Set<string>): T | undefined => {
    const raw = source[name]
    if (raw === undefined || raw === null || raw === '') return undefined
    if (typeof raw !== 'string' || !allowed.has(raw)) throw errors.invalidRequest(`${name} must be one of ${[...allowed].join(', ')}`)
    return raw as T
  }
  return {
    width: Math.min(integer('width', 0, Number.MAX_SAFE_INTEGER, 0), MAX_DIMENSION),
    height: Math.min(integer('height', 0, Number.MAX_SAFE_INTEGER, 0), MAX_DIMENSION),
    resize: choice<Transform['resize']>('resize', RESIZE) ?? 'cover',
    format: choice<'origin' | 'avif' | 'webp'>('format', FORMATS),
    quality: integer('quality', 20, 100, 80)
  }
}

export function hasTransform(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
}

/** GET /render/image/authenticated/{bucket}/{path}: the caller's SELECT policies decide. */
export async function renderAuthenticated(call: Call, bucketId: string, name: string): Promise<void> {
  await findBucket(call.context.pool, bucketId)
  await render(call, await visibleObject(call, bucketId, name), transformOf(Object.fromEntries(call.url.searchParams)))
}

/** GET /render/image/public/{bucket}/{path}: public buckets only, no key. */
export async function renderPublic(call: Call, bucketId: string, name: string): Promise<void> {
  const bucket = await findBucket(call.context.pool, bucketId)
  if (!bucket.public) throw errors.bucketNotFound()
  await render(call, await anyObject(call, bucketId, name), transformOf(Object.fromEntries(call.url.searchParams)))
}

/** GET /render/image/sign/{bucket}/{path}?token=: the transformation is the one signed into the token. */
export async function renderSigned(call: Call, bucketId: string, name: string, transform: Transform): Promise<void> {
  await render(call, await anyObject(call, bucketId, name), transform)
}

async function render(call: Call, object: StoredObject, transform: Transform): Promise<void> {
  const mimetype = object.metadata?.mimetype ?? ''
  if (!SOURCE_TYPES.has(mimetype)) throw errors.invalidRequest(`Source image type ${mimetype || 'unknown'} is not supported`)
  if ((object.metadata?.size ?? 0) > MAX_SOURCE_BYTES) throw errors.invalidRequest('Images larger than 25 MB are not transformed')
  let input: Buffer
  try {
    input = await readFile(call.files.pathOf(object.bucket_id, object.name))
  } catch {
    throw errors.objectNotFound()
  }
  const webp = transform.format === 'webp' || (transform.format === undefined && /\bimage\/webp\b/.test(call.req.headers.accept ?? ''))
  let image = sharp(input, { animated: mimetype === 'image/gif' || mimetype === 'image/webp' }).rotate()
  if (transform.width || transform.height) {
    image = image.resize({
      width: transform.width || undefined,
      height: transform.height || undefined,
      fit: FIT[transform.resize],
      withoutEnlargement: true
    })
  }
  image =
    transform.format === 'avif'
      ? image.avif({ quality: transform.quality })
      : webp
        ? image.webp({ quality: transform.quality })
        : mimetype === 'image/jpeg'
          ? image.jpeg({ quality: transform.quality })
          : image
  let output: { data: Buffer; info: OutputInfo }
  try {
    output = await image.toBuffer({ resolveWithObject: true })
  } catch (error) {
    throw errors.invalidRequest(`Unable to transform the image: ${(error as Error).message}`)
  }
  call.res.writeHead(200, {
    'content-type': `image/${output.info.format === 'heif' ? 'avif' : output.info.format}`,
    'content-length': String(output.data.length),
    'cache-control': object.metadata?.cacheControl ?? 'no-cache',
    'last-modified': new Date(object.updated_at).toUTCString(),
    vary: 'Accept',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'"
  })
  call.res.end(call.req.method === 'HEAD' ? undefined : output.data)
}
