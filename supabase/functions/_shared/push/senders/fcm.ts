import { importPKCS8, SignJWT } from 'jose'
import { PushConfigError, PushError } from '../errors.ts'
import { networkFailure, outcomeOf } from '../outcome.ts'
import { clippedBody, clippedTitle, flatData } from '../payload.ts'
import type { FetchLike, PushMessage, PushTarget, Sender, SendResult } from '../types.ts'

/** The fields of a Google service-account JSON key that FCM HTTP v1 needs. */
export interface FcmServiceAccount {
  project_id: string
  client_email: string
  private_key: string
  token_uri?: string
}

export interface FcmSenderOptions {
  serviceAccount: FcmServiceAccount
  /** Defaults to https://fcm.googleapis.com; tests point it at a local server. */
  baseUrl?: string
  fetch?: FetchLike
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging'
const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token'

export function fcmFromEnv(env: (name: string) => string | undefined): FcmServiceAccount | undefined {
  const json = env('FCM_SERVICE_ACCOUNT')
  if (!json) return undefined
  let parsed: Partial<FcmServiceAccount>
  try {
    parsed = JSON.parse(json) as Partial<FcmServiceAccount>
  } catch (cause) {
    throw new PushError('CONFIG_MISSING', 'FCM_SERVICE_ACCOUNT is not JSON (paste the service-account key file)', { cause })
  }
  if (!parsed.project_id || !parsed.client_email || !parsed.private_key)
    throw new PushConfigError('FCM_SERVICE_ACCOUNT (project_id, client_email, private_key)')
  return { project_id: parsed.project_id, client_email: parsed.client_email, private_key: parsed.private_key, token_uri: parsed.token_uri }
}

/**
 * Firebase Cloud Messaging HTTP v1 for Android device tokens: an OAuth2 access token from a
 * service-account JWT (RS256, signed with jose), cached until shortly before it expires.
 */
export function createFcmSender(options: FcmSenderOptions): Sender {
  const send = options.fetch ?? ((input, init) => fetch(input, init))
  const account = options.serviceAccount
  const tokenUri = account.token_uri ?? GOOGLE_TOKEN_URI
  const baseUrl = options.baseUrl ?? 'https://fcm.googleapis.com'
  let cached: { token: string; expiresAt: number } | undefined

  async function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token
    const key = await importPKCS8(account.private_key, 'RS256')
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(account.client_email)
      .setAudience(tokenUri)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key)
    const response = await send(tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString()
    })
    if (!response.ok) throw new PushError('UPSTREAM_FAILED', `FCM token exchange failed: HTTP ${response.status}`)
    const body = (await response.json()) as { access_token?: string; expires_in?: number }
    if (!body.access_token) throw new PushError('UPSTREAM_FAILED', 'FCM token exchange returned no access_token')
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 }
    return cached.token
  }

  return {
    async send(target: PushTarget, message: PushMessage): Promise<SendResult> {
      if (target.platform !== 'android') return { outcome: 'failed', status: 0, error: 'not an FCM token' }
      let response: Response
      try {
        const token = await accessToken()
        response = await send(`${baseUrl}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            message: {
              token: target.token,
              notification: { title: clippedTitle(message), body: clippedBody(message) },
              data: flatData(message),
              android: {
                priority: message.type === 'new_message' ? 'high' : 'normal',
                ...(message.collapseKey ? { collapse_key: message.collapseKey } : {})
              }
            }
          })
        })
      } catch (error) {
        return networkFailure(error)
      }
      if (response.status === 401) cached = undefined
      const reason = response.ok ? '' : await errorStatus(response)
      // UNREGISTERED (404) is FCM's "token gone"; INVALID_ARGUMENT can also mean a bad payload, so it is not.
      return outcomeOf(response, (status, why) => status === 404 || why === 'UNREGISTERED', reason)
    }
  }
}

async function errorStatus(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { status?: string; details?: Array<{ errorCode?: string }> } }
    return body.error?.details?.find((detail) => detail.errorCode)?.errorCode ?? body.error?.status ?? `HTTP ${response.status}`
  } catch {
    return `HTTP ${response.status}`
  }
}
