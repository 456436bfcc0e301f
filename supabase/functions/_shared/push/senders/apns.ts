import { importPKCS8, SignJWT } from 'jose'
import { PushConfigError } from '../errors.ts'
import { networkFailure, outcomeOf } from '../outcome.ts'
import { clippedBody, clippedTitle, flatData } from '../payload.ts'
import type { FetchLike, PushMessage, PushTarget, Sender, SendResult } from '../types.ts'

export interface ApnsConfig {
  teamId: string
  keyId: string
  /** The .p8 key's PEM text (PKCS#8, P-256). */
  privateKey: string
  /** The app's bundle id (apns-topic). */
  bundleId: string
  /** false → api.sandbox.push.apple.com (development builds). */
  production: boolean
}

export interface ApnsSenderOptions extends ApnsConfig {
  /** Overrides the APNs origin; tests point it at a local server. */
  origin?: string
  fetch?: FetchLike
}

export function apnsFromEnv(env: (name: string) => string | undefined): ApnsConfig | undefined {
  const privateKey = env('APNS_PRIVATE_KEY')
  if (!privateKey) return undefined
  const teamId = env('APNS_TEAM_ID')
  const keyId = env('APNS_KEY_ID')
  const bundleId = env('APNS_BUNDLE_ID')
  if (!teamId) throw new PushConfigError('APNS_TEAM_ID')
  if (!keyId) throw new PushConfigError('APNS_KEY_ID')
  if (!bundleId) throw new PushConfigError('APNS_BUNDLE_ID')
  return { teamId, keyId, privateKey: privateKey.replace(/\\n/g, '\n'), bundleId, production: env('APNS_ENVIRONMENT') !== 'development' }
}

// Apple refuses tokens older than an hour and throttles ones refreshed more than every 20 minutes.
const TOKEN_LIFETIME_MS = 40 * 60 * 1000
const GONE_REASONS = new Set(['BadDeviceToken', 'Unregistered', 'DeviceTokenNotForTopic'])

/**
 * APNs with token-based (.p8) authentication: an ES256 provider JWT signed by jose, sent with
 * fetch. APNs speaks HTTP/2 only: Deno's fetch (Supabase Edge Functions) negotiates it via
 * ALPN; Node's built-in fetch is HTTP/1.1 — on Node pass an HTTP/2-capable `fetch`.
 */
export function createApnsSender(options: ApnsSenderOptions): Sender {
  const send = options.fetch ?? ((input, init) => fetch(input, init))
  const origin = options.origin ?? (options.production ? 'https://api.push.apple.com' : 'https://api.sandbox.push.apple.com')
  let cached: { token: string; issuedAt: number } | undefined

  async function providerToken(): Promise<string> {
    if (cached && Date.now() - cached.issuedAt < TOKEN_LIFETIME_MS) return cached.token
    const key = await importPKCS8(options.privateKey, 'ES256')
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: options.keyId })
      .setIssuer(options.teamId)
      .setIssuedAt()
      .sign(key)
    cached = { token, issuedAt: Date.now() }
    return token
  }

  return {
    async send(target: PushTarget, message: PushMessage): Promise<SendResult> {
      if (target.platform !== 'ios') return { outcome: 'failed', status: 0, error: 'not an APNs token' }
      let response: Response
      try {
        const headers: Record<string, string> = {
          authorization: `bearer ${await providerToken()}`,
          'apns-topic': options.bundleId,
          'apns-push-type': 'alert',
          'apns-priority': message.type === 'new_message' ? '10' : '5',
          'content-type': 'application/json'
        }
        if (message.collapseKey) headers['apns-collapse-id'] = message.collapseKey
        response = await send(`${origin}/3/device/${encodeURIComponent(target.token)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            aps: {
              alert: { title: clippedTitle(message), body: clippedBody(message) },
              sound: 'default',
              ...(message.collapseKey ? { 'thread-id': message.collapseKey } : {})
            },
            parley: flatData(message)
          })
        })
      } catch (error) {
        return networkFailure(error)
      }
      let reason = ''
      if (!response.ok) {
        reason = await response
          .json()
          .then((body: { reason?: string }) => body.reason ?? '')
          .catch(() => '')
        if (reason === 'ExpiredProviderToken') cached = undefined
      }
      return outcomeOf(response, (status, why) => status === 410 || GONE_REASONS.has(why), reason)
    }
  }
}
