/**
 * @parley/core/web-push — the browser side of Web Push: whether this browser can subscribe,
 * the permission prompt, the service worker registration and PushManager subscription, as a
 * separate entry so pages and apps without notifications never load it. Register what it
 * returns with `registerPushSubscription`.
 *
 * @example
 * ```ts
 * import { pushSupport, subscribeToPush } from '@parley/core/web-push'
 * if (pushSupport().supported) {
 *   button.onclick = async () => parley.registerPushSubscription({ organization_id, ...(await subscribeToPush({ vapidPublicKey })) })
 * }
 * ```
 * @packageDocumentation
 */
export { pushAvailable } from './available.ts'
export { urlBase64ToUint8Array } from './base64.ts'
export {
  currentPushSubscription,
  type PushSubscribeOptions,
  subscribeToPush,
  unsubscribeFromPush,
  type WebPushRegistration
} from './subscribe.ts'
export { type PushEnvironment, type PushSupport, pushSupport } from './support.ts'
