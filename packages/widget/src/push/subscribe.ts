import { uint8ArrayToUrlBase64, urlBase64ToUint8Array } from './base64.ts'
import { PushSetupError } from './errors.ts'
import { pushSupport } from './support.ts'

export interface PushSubscribeOptions {
  /** VAPID_PUBLIC_KEY (base64url), the same value the push functions sign with. */
  vapidPublicKey: string
  /** Where the dealer hosts parley-sw.js on its own origin. Default `/parley-sw.js`. */
  serviceWorkerUrl?: string
  /** Service worker scope; a scope above the script's folder needs `Service-Worker-Allowed`. */
  scope?: string
}

/** What push-register needs for a web subscription (pass it to core's registerPushSubscription). */
export interface WebPushRegistration {
  platform: 'web'
  endpoint: string
  keys: { p256dh: string; auth: string }
}

const DEFAULT_WORKER = '/parley-sw.js'

async function workerRegistration(options: Pick<PushSubscribeOptions, 'serviceWorkerUrl' | 'scope'>): Promise<ServiceWorkerRegistration> {
  const container = navigator.serviceWorker
  const registration = await container.register(
    options.serviceWorkerUrl ?? DEFAULT_WORKER,
    options.scope ? { scope: options.scope } : undefined
  )
  if (registration.active) return registration
  const worker = registration.installing ?? registration.waiting
  if (worker) {
    await new Promise<void>((resolve) => {
      const check = () => {
        if (worker.state === 'activated' || worker.state === 'redundant') {
          worker.removeEventListener('statechange', check)
          resolve()
        }
      }
      worker.addEventListener('statechange', check)
      check()
    })
  }
  return registration
}

function sameKey(existing: ArrayBuffer | null | undefined, wanted: Uint8Array): boolean {
  return uint8ArrayToUrlBase64(existing ?? null) === uint8ArrayToUrlBase64(wanted)
}

function registrationOf(subscription: PushSubscription): WebPushRegistration {
  const json = subscription.toJSON()
  const p256dh = json.keys?.p256dh ?? uint8ArrayToUrlBase64(subscription.getKey('p256dh'))
  const auth = json.keys?.auth ?? uint8ArrayToUrlBase64(subscription.getKey('auth'))
  return { platform: 'web', endpoint: subscription.endpoint, keys: { p256dh, auth } }
}

/**
 * Asks for notification permission and subscribes this browser. Call it from a click or
 * tap handler: browsers only show the permission prompt for a user gesture (Safari refuses
 * otherwise), so the prompt is requested before anything else is awaited.
 *
 * @example
 * button.addEventListener('click', async () => {
 *   const subscription = await subscribeToPush({ vapidPublicKey })
 *   await parley.registerPushSubscription({ organization_id, ...subscription })
 * })
 */
export async function subscribeToPush(options: PushSubscribeOptions): Promise<WebPushRegistration> {
  const support = pushSupport()
  if (!support.supported) {
    if (support.reason === 'ios-home-screen-required') {
      throw new PushSetupError('IOS_HOME_SCREEN_REQUIRED', 'On iPhone and iPad, add this site to the Home Screen to receive notifications')
    }
    if (support.reason === 'insecure-context') throw new PushSetupError('INSECURE_CONTEXT', 'Push notifications need https')
    throw new PushSetupError('UNSUPPORTED', 'This browser does not support push notifications')
  }
  const applicationServerKey = urlBase64ToUint8Array(options.vapidPublicKey)
  if (applicationServerKey.length !== 65 || applicationServerKey[0] !== 4) {
    throw new PushSetupError('INVALID_KEY', 'The VAPID public key must be an uncompressed P-256 point (65 bytes)')
  }

  if (Notification.permission !== 'granted') {
    const activation = (navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation
    if (activation && !activation.isActive) {
      throw new PushSetupError('USER_GESTURE_REQUIRED', 'Ask for notifications from a click or tap handler')
    }
    const permission = await Notification.requestPermission()
    if (permission !== 'granted') throw new PushSetupError('PERMISSION_DENIED', 'Notifications are blocked for this site')
  }

  try {
    const registration = await workerRegistration(options)
    const existing = await registration.pushManager.getSubscription()
    if (existing && sameKey(existing.options?.applicationServerKey, applicationServerKey)) return registrationOf(existing)
    // A subscription made with another VAPID key cannot receive our pushes.
    if (existing) await existing.unsubscribe()
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey })
    return registrationOf(subscription)
  } catch (cause) {
    if (cause instanceof PushSetupError) throw cause
    throw new PushSetupError('SUBSCRIBE_FAILED', cause instanceof Error ? cause.message : 'Could not subscribe to push', { cause })
  }
}

/** The current subscription of this browser for the Parley worker, if any (no prompt). */
export async function currentPushSubscription(
  options: Pick<PushSubscribeOptions, 'serviceWorkerUrl' | 'scope'> = {}
): Promise<WebPushRegistration | null> {
  if (!pushSupport().supported) return null
  const registration = await navigator.serviceWorker.getRegistration(options.scope ?? options.serviceWorkerUrl ?? DEFAULT_WORKER)
  const subscription = await registration?.pushManager.getSubscription()
  return subscription ? registrationOf(subscription) : null
}

/**
 * Unsubscribes this browser; returns the endpoint that was removed (null if there was none).
 * Also call core's unregisterPushSubscription(id) so the server forgets it.
 */
export async function unsubscribeFromPush(options: Pick<PushSubscribeOptions, 'serviceWorkerUrl' | 'scope'> = {}): Promise<string | null> {
  if (!pushSupport().supported) return null
  const registration = await navigator.serviceWorker.getRegistration(options.scope ?? options.serviceWorkerUrl ?? DEFAULT_WORKER)
  const subscription = await registration?.pushManager.getSubscription()
  if (!subscription) return null
  await subscription.unsubscribe()
  return subscription.endpoint
}
