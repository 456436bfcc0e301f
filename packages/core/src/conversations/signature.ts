import { invalid } from '../errors/validate.ts'

const SIGNATURE = /^[0-9a-f]{64}$/i

/**
 * The dealer's HMAC-SHA256 of the e-mail in hex, lower-cased, or null when there is none.
 * The database checks it; a malformed one fails here without a request.
 */
export function optionalSignature(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null
  if (typeof value !== 'string' || !SIGNATURE.test(value.trim())) {
    throw invalid('customer_signature must be 64 hexadecimal characters')
  }
  return value.trim().toLowerCase()
}
