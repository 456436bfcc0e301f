import { ParleyError } from '../errors/parley-error.ts'

/**
 * The VAPID public key as PushManager.subscribe wants it (applicationServerKey): the
 * base64url text `npm run vapid-keys` prints, decoded to its bytes (65 for a P-256 key).
 * Text that is not base64url throws a ParleyError `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const applicationServerKey = urlBase64ToUint8Array(vapidPublicKey)
 * ```
 */
export function urlBase64ToUint8Array(base64Url: string): Uint8Array<ArrayBuffer> {
  if (typeof base64Url !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(base64Url.trim())) {
    throw new ParleyError('INVALID_INPUT', 'The VAPID public key must be base64url text')
  }
  const base64 = base64Url.trim().replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * Bytes (a subscription's key) as base64url text without padding, as push-register stores them.
 *
 * @example
 * ```ts
 * const p256dh = uint8ArrayToUrlBase64(subscription.getKey('p256dh'))
 * ```
 */
export function uint8ArrayToUrlBase64(bytes: ArrayBuffer | Uint8Array | null): string {
  if (!bytes) return ''
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let binary = ''
  for (const byte of view) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
