import type { Env } from '../env.ts'
import type { FetchLike, Senders } from '../types.ts'
import { apnsFromEnv, createApnsSender } from './apns.ts'
import { createFcmSender, fcmFromEnv } from './fcm.ts'
import { createWebPushSender, vapidFromEnv } from './web-push.ts'

/**
 * Web Push always (VAPID_* secrets are required); FCM when FCM_SERVICE_ACCOUNT is set; APNs
 * when APNS_PRIVATE_KEY is set. A subscription whose platform has no sender fails with a
 * message naming the missing secret.
 */
export function sendersFromEnv(env: Env, fetch?: FetchLike): Senders {
  const senders: Senders = { web: createWebPushSender({ vapid: vapidFromEnv(env), fetch }) }
  const fcm = fcmFromEnv(env)
  if (fcm) senders.android = createFcmSender({ serviceAccount: fcm, fetch })
  const apns = apnsFromEnv(env)
  if (apns) senders.ios = createApnsSender({ ...apns, fetch })
  return senders
}

export { createApnsSender } from './apns.ts'
export { createFcmSender } from './fcm.ts'
export { createWebPushSender } from './web-push.ts'
