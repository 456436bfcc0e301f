import { decodeBase64Url, encodeBase64Url } from './base64url.ts'
import { PushConfigError, PushError } from './errors.ts'

const VERSION = 'v1'
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * Seals subscription secrets (Web Push endpoint + keys, native device tokens) with AES-256-GCM
 * under a key that lives only in the PARLEY_PUSH_ENCRYPTION_KEY secret, so a database dump
 * alone cannot send pushes. Each ciphertext is bound to its owner (additional data), so a
 * row copied onto another user's subscription does not decrypt.
 */
export interface Vault {
  seal(plaintext: string, owner: string): Promise<string>
  open(sealed: string, owner: string): Promise<string>
  /** A keyed fingerprint (HMAC-SHA-256) used to find an existing subscription without storing the secret. */
  fingerprint(value: string): Promise<string>
}

/** 32 random bytes, base64url: what `scripts/vapid-keys.ts` prints for PARLEY_PUSH_ENCRYPTION_KEY. */
export function generateVaultKey(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)))
}

export async function createVault(secret: string | undefined): Promise<Vault> {
  if (!secret) throw new PushConfigError('PARLEY_PUSH_ENCRYPTION_KEY')
  let raw: Uint8Array<ArrayBuffer>
  try {
    raw = decodeBase64Url(secret)
  } catch {
    raw = new Uint8Array()
  }
  if (raw.length !== 32) {
    throw new PushError('CONFIG_MISSING', 'PARLEY_PUSH_ENCRYPTION_KEY must be 32 bytes, base64url (run scripts/vapid-keys.ts)')
  }
  // Separate keys for sealing and fingerprinting, derived from the one secret.
  const master = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey'])
  const derive = (info: string, algorithm: AesKeyGenParams | HmacKeyGenParams, usages: KeyUsage[]) =>
    crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(), info: encoder.encode(info) },
      master,
      algorithm,
      false,
      usages
    )
  const sealKey = await derive('parley-push seal v1', { name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt'])
  const hashKey = await derive('parley-push fingerprint v1', { name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign'])

  return {
    async seal(plaintext, owner) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(owner) },
        sealKey,
        encoder.encode(plaintext)
      )
      const out = new Uint8Array(iv.length + ciphertext.byteLength)
      out.set(iv)
      out.set(new Uint8Array(ciphertext), iv.length)
      return `${VERSION}.${encodeBase64Url(out)}`
    },
    async open(sealed, owner) {
      const [version, body] = sealed.split('.')
      if (version !== VERSION || !body) throw new PushError('DECRYPT_FAILED', 'not a sealed Parley push secret')
      try {
        const bytes = decodeBase64Url(body)
        const plaintext = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: encoder.encode(owner) },
          sealKey,
          bytes.subarray(12)
        )
        return decoder.decode(plaintext)
      } catch (cause) {
        throw new PushError('DECRYPT_FAILED', 'push secret does not decrypt with this key and owner', { cause })
      }
    },
    async fingerprint(value) {
      const mac = await crypto.subtle.sign('HMAC', hashKey, encoder.encode(value))
      return encodeBase64Url(new Uint8Array(mac))
    }
  }
}
