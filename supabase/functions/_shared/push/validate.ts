import { decodeBase64Url } from './base64url.ts'
import { PushError } from './errors.ts'
import { PLATFORMS, PREFERENCE_KEYS, type PushPlatform, type PushPreferences, type PushTarget } from './types.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface RegisterInput {
  organization_id: string
  platform: PushPlatform
  target: PushTarget
  preferences?: Partial<PushPreferences>
  user_agent?: string
}

function invalid(message: string): never {
  throw new PushError('INVALID_INPUT', message)
}

function objectOf(body: unknown, name = 'body'): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) invalid(`${name} must be a JSON object`)
  return body as Record<string, unknown>
}

export function uuidOf(value: unknown, name: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) invalid(`${name} must be a uuid`)
  return value.toLowerCase()
}

/** The same rule as the database's push_preferences_problem, with the same wording. */
export function preferencesOf(value: unknown): Partial<PushPreferences> {
  const prefs = objectOf(value, 'preferences')
  const out: Partial<PushPreferences> = {}
  for (const [key, flag] of Object.entries(prefs)) {
    if (!(PREFERENCE_KEYS as readonly string[]).includes(key)) invalid(`unknown preference ${key} (expected ${PREFERENCE_KEYS.join(', ')})`)
    if (typeof flag !== 'boolean') invalid(`preference ${key} must be true or false`)
    out[key as keyof PushPreferences] = flag
  }
  return out
}

function base64UrlBytes(value: unknown, name: string): number {
  if (typeof value !== 'string' || value.length > 200) invalid(`${name} must be a base64url string`)
  try {
    return decodeBase64Url(value).length
  } catch {
    return invalid(`${name} must be base64url`)
  }
}

/** The browsers' push services: FCM (Chrome, Edge, Opera, Samsung), Mozilla, Apple, WNS. */
export const PUSH_SERVICE_HOSTS = ['fcm.googleapis.com', 'push.services.mozilla.com', 'push.apple.com', 'notify.windows.com']

/**
 * The dispatcher POSTs to whatever endpoint a browser registered, so an endpoint must be an
 * https URL on a known push service: a deny-list of private addresses cannot keep up with
 * every spelling of one (`localhost.`, `[::7f00:1]`, NAT64, names resolving inward), an
 * allowlist can. `extraHosts` (PARLEY_PUSH_ENDPOINT_HOSTS) adds services; tests and the
 * local stack allow any host explicitly.
 */
export function endpointOf(value: unknown, allowPrivate: boolean, extraHosts: readonly string[] = []): string {
  if (typeof value !== 'string' || value.length > 2000) invalid('endpoint must be a URL of at most 2000 characters')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return invalid('endpoint must be a URL')
  }
  if (allowPrivate) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') invalid('endpoint must be an http(s) URL')
    return url.toString()
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username || url.password)
    invalid('endpoint must be an https URL on the default port')
  const host = url.hostname.toLowerCase()
  const hosts = [...PUSH_SERVICE_HOSTS, ...extraHosts]
  if (!hosts.some((known) => host === known || host.endsWith(`.${known}`))) {
    invalid(`endpoint must be on a browser push service (${hosts.join(', ')}); add others with PARLEY_PUSH_ENDPOINT_HOSTS`)
  }
  return url.toString()
}

export function parseRegister(body: unknown, allowPrivateEndpoints: boolean, endpointHosts: readonly string[] = []): RegisterInput {
  const input = objectOf(body)
  const organization_id = uuidOf(input.organization_id, 'organization_id')
  const platform = input.platform
  if (typeof platform !== 'string' || !(PLATFORMS as readonly string[]).includes(platform))
    invalid(`platform must be one of ${PLATFORMS.join(', ')}`)
  let target: PushTarget
  if (platform === 'web') {
    const endpoint = endpointOf(input.endpoint, allowPrivateEndpoints, endpointHosts)
    const keys = objectOf(input.keys)
    if (base64UrlBytes(keys.p256dh, 'keys.p256dh') !== 65)
      invalid('keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url)')
    if (base64UrlBytes(keys.auth, 'keys.auth') !== 16) invalid('keys.auth must be 16 bytes, base64url')
    target = { platform: 'web', endpoint, keys: { p256dh: keys.p256dh as string, auth: keys.auth as string } }
  } else {
    const token = input.push_token
    if (typeof token !== 'string' || token.length < 8 || token.length > 4096 || /\s/.test(token))
      invalid('push_token must be the device token (8 to 4096 characters, no spaces)')
    target = { platform: platform as 'ios' | 'android', token }
  }
  const out: RegisterInput = { organization_id, platform: platform as PushPlatform, target }
  if (input.preferences !== undefined) out.preferences = preferencesOf(input.preferences)
  if (input.user_agent !== undefined) {
    if (typeof input.user_agent !== 'string') invalid('user_agent must be a string')
    out.user_agent = input.user_agent.slice(0, 500)
  }
  return out
}

export function parseUpdate(body: unknown): { id: string; preferences: Partial<PushPreferences> } {
  const input = objectOf(body)
  return { id: uuidOf(input.id, 'id'), preferences: preferencesOf(input.preferences) }
}

export function parseId(body: unknown): string {
  return uuidOf(objectOf(body).id, 'id')
}
