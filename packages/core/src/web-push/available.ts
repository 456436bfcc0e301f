import type { PushEnvironment } from './support.ts'

/**
 * Whether this browser can subscribe at all, decided without prompting: a secure page with
 * a service worker container, the Push API and notifications. The widget asks this on
 * open; pushSupport explains a no (iOS home screen, http).
 *
 * @example
 * ```ts
 * if (vapidPublicKey && pushAvailable()) offerNotifications()
 * ```
 */
export function pushAvailable(env: PushEnvironment = globalThis as unknown as PushEnvironment): boolean {
  return env.isSecureContext !== false && Boolean(env.navigator && 'serviceWorker' in env.navigator && env.PushManager && env.Notification)
}
