import { errors } from './errors.ts'

// RFC 9110 token characters. A comma would make the header a list of types and a quote would
// open a quoted string: browsers read both differently from a strict parser (Chromium takes
// the last type of `text/plain;,text/html`), so they are refused rather than interpreted.
const TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+"
const ESSENCE = new RegExp(`^${TOKEN}/${TOKEN}$`)
const PARAMETER = new RegExp(`^(${TOKEN})=(${TOKEN})$`)
const REFUSED = /[^\x20-\x7e]|[,"\\]/

/** Raster images a browser only ever draws: the one kind of object served inline. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp'])

/**
 * The media type as storage keeps and serves it: lower-case `type/subtype`, plus the
 * `charset` parameter when one is given; other parameters are dropped. Anything else
 * (lists, quotes, control characters, a malformed type or parameter) is 415 InvalidMimeType.
 */
export function normalizeMediaType(raw: string): string {
  if (REFUSED.test(raw)) throw errors.invalidMimeType(raw)
  const [essence = '', ...parameters] = raw
    .toLowerCase()
    .split(';')
    .map((part) => part.trim())
  if (!ESSENCE.test(essence)) throw errors.invalidMimeType(raw)
  let charset: string | undefined
  for (const parameter of parameters) {
    if (parameter === '') continue
    const match = PARAMETER.exec(parameter)
    if (!match) throw errors.invalidMimeType(raw)
    if (match[1] === 'charset') charset = match[2]
  }
  return charset ? `${essence};charset=${charset}` : essence
}

/** `type/subtype` of a normalized media type. */
export function essenceOf(mediaType: string): string {
  return mediaType.split(';')[0] ?? mediaType
}

/** What a stored row's type is served as: a row written before these rules, or straight into the table, may hold anything. */
export function servedMediaType(stored: string | undefined): string {
  if (!stored) return 'application/octet-stream'
  try {
    return normalizeMediaType(stored)
  } catch {
    return 'application/octet-stream'
  }
}

export function isInlineSafe(mediaType: string): boolean {
  return INLINE.has(essenceOf(mediaType))
}
