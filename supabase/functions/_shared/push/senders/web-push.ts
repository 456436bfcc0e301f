import webpush from 'web-push'
import { PushConfigError } from '../errors.ts'
import { networkFailure, outcomeOf } from '../outcome.ts'
import { webPushPayload } from '../payload.ts'
import type { FetchLike, PushMessage, PushTarget, Sender, SendResult } from '../types.ts'

export interface VapidConfig {
  publicKey: string
  privateKey: string
  /** mailto: or https: contact the push service can reach (RFC 8292). */
  subject: string
}

export interface WebPushSenderOptions {
  vapid: VapidConfig
  /** Seconds the push service keeps an undelivered message. */
  ttl?: number
  fetch?: FetchLike
}

export function vapidFromEnv(env: (name: string) => string | undefined): VapidConfig {
  const publicKey = env('VAPID_PUBLIC_KEY')
  const privateKey = env('VAPID_PRIVATE_KEY')
  const subject = env('VAPID_SUBJECT')
  if (!publicKey) throw new PushConfigError('VAPID_PUBLIC_KEY')
  if (!privateKey) throw new PushConfigError('VAPID_PRIVATE_KEY')
  if (!subject) throw new PushConfigError('VAPID_SUBJECT')
  return { publicKey, privateKey, subject }
}

/**
 * Web Push through the `web-push` library: it encrypts (RFC 8291, aes128gcm) and signs the
 * VAPID JWT (RFC 8292); the request itself goes through fetch so the same code runs on
 * Deno, Node and against plain-http test push services.
 */
export function createWebPushSender(options: WebPushSenderOptions): Sender {
  const send = options.fetch ?? ((input, init) => fetch(input, init))
  return {
    async send(target: PushTarget, message: PushMessage): Promise<SendResult> {
      if (target.platform !== 'web') return { outcome: 'failed', status: 0, error: 'not a Web Push subscription' }
      let details: ReturnType<typeof webpush.generateRequestDetails>
      try {
        details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: target.keys }, webPushPayload(message), {
          vapidDetails: options.vapid,
          TTL: options.ttl ?? 24 * 60 * 60,
          contentEncoding: 'aes128gcm',
          urgency: message.type === 'new_message' ? 'high' : 'normal',
          ...(message.collapseKey ? { topic: message.collapseKey.replace(/-/g, '').slice(0, 32) } : {})
        })
      } catch (error) {
        // Malformed stored keys or VAPID config: retrying cannot help.
        return { outcome: 'failed', status: 0, error: error instanceof Error ? error.message : String(error) }
      }
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(details.headers)) {
        // fetch computes Content-Length itself.
        if (name.toLowerCase() !== 'content-length' && value !== undefined) headers[name] = String(value)
      }
      let response: Response
      try {
        response = await send(details.endpoint, {
          method: 'POST',
          headers,
          body: details.body ? new Uint8Array(details.body) : null
        })
      } catch (error) {
        return networkFailure(error)
      }
      const reason = response.ok ? '' : (await response.text().catch(() => '')).slice(0, 300)
      return outcomeOf(response, (status) => status === 404 || status === 410, reason)
    }
  }
}
