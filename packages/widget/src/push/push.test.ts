import { afterEach, describe, expect, it, vi } from 'vitest'
import webpush from 'web-push'
import { PushSetupError, pushSupport, subscribeToPush, unsubscribeFromPush, urlBase64ToUint8Array } from './index.ts'

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const IPAD_DESKTOP_MODE =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'

describe('urlBase64ToUint8Array', () => {
  it('decodes a VAPID public key to the 65-byte uncompressed point', () => {
    const { publicKey } = webpush.generateVAPIDKeys()
    const bytes = urlBase64ToUint8Array(publicKey)
    expect(bytes).toHaveLength(65)
    expect(bytes[0]).toBe(4)
    expect(Buffer.from(bytes).toString('base64url')).toBe(publicKey)
  })

  it('refuses text that is not base64url', () => {
    expect(() => urlBase64ToUint8Array('not a key!')).toThrow(PushSetupError)
  })
})

describe('pushSupport', () => {
  const nav = (userAgent: string, extra: Record<string, unknown> = {}) =>
    ({ userAgent, maxTouchPoints: 0, ...extra }) as unknown as Navigator
  const full = { isSecureContext: true, PushManager: {}, Notification: { permission: 'default' as const } }

  it('supports a desktop browser with a service worker and the Push API', () => {
    expect(pushSupport({ ...full, navigator: nav(CHROME, { serviceWorker: {} }) })).toEqual({
      supported: true,
      ios: false,
      standalone: false,
      permission: 'default'
    })
  })

  it('asks iPhone and iPad users in a Safari tab to add the app to the home screen', () => {
    const tab = { isSecureContext: true, navigator: nav(IPHONE, { serviceWorker: {} }), matchMedia: () => ({ matches: false }) }
    expect(pushSupport(tab)).toMatchObject({ supported: false, reason: 'ios-home-screen-required', ios: true })
    const ipad = { isSecureContext: true, navigator: nav(IPAD_DESKTOP_MODE, { serviceWorker: {}, maxTouchPoints: 5 }) }
    expect(pushSupport(ipad)).toMatchObject({ reason: 'ios-home-screen-required', ios: true })
  })

  it('supports an iOS 16.4+ home-screen web app, and says unsupported for older installed iOS', () => {
    const installed = { ...full, navigator: nav(IPHONE, { serviceWorker: {}, standalone: true }) }
    expect(pushSupport(installed)).toMatchObject({ supported: true, ios: true, standalone: true })
    const old = { isSecureContext: true, navigator: nav(IPHONE, { serviceWorker: {} }), matchMedia: () => ({ matches: true }) }
    expect(pushSupport(old)).toMatchObject({ supported: false, reason: 'unsupported', standalone: true })
  })

  it('needs a secure context', () => {
    expect(pushSupport({ ...full, isSecureContext: false, navigator: nav(CHROME, { serviceWorker: {} }) })).toMatchObject({
      supported: false,
      reason: 'insecure-context'
    })
  })
})

/** Browser push plumbing, as far as subscribeToPush touches it. */
function fakeBrowser(
  options: { permission?: NotificationPermission; answer?: NotificationPermission; gesture?: boolean; existingKey?: Uint8Array } = {}
) {
  const calls: string[] = []
  const subscription = (key: Uint8Array | undefined) => ({
    endpoint: 'https://push.example/sub/1',
    options: { applicationServerKey: key ? key.buffer : null },
    toJSON: () => ({ endpoint: 'https://push.example/sub/1', keys: { p256dh: 'BPUB', auth: 'AUTH' } }),
    getKey: () => null,
    unsubscribe: vi.fn(async () => {
      calls.push('unsubscribe')
      return true
    })
  })
  let current: ReturnType<typeof subscription> | null = options.existingKey ? subscription(options.existingKey) : null
  const existing = current
  const pushManager = {
    getSubscription: vi.fn(async () => current),
    subscribe: vi.fn(async (init: { applicationServerKey: Uint8Array; userVisibleOnly: boolean }) => {
      calls.push('subscribe')
      current = subscription(init.applicationServerKey)
      return current
    })
  }
  const registration = { active: {}, pushManager }
  const Notification = {
    permission: options.permission ?? 'default',
    requestPermission: vi.fn(async () => {
      calls.push('requestPermission')
      return options.answer ?? 'granted'
    })
  }
  vi.stubGlobal('Notification', Notification)
  vi.stubGlobal('PushManager', function PushManager() {})
  vi.stubGlobal('isSecureContext', true)
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: {
      register: vi.fn(async () => {
        calls.push('register')
        return registration
      }),
      getRegistration: vi.fn(async () => registration)
    }
  })
  Object.defineProperty(navigator, 'userActivation', { configurable: true, value: { isActive: options.gesture ?? true } })
  return { calls, pushManager, Notification, existing }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('subscribeToPush', () => {
  const { publicKey } = webpush.generateVAPIDKeys()

  it('prompts first (inside the gesture), then registers the worker and subscribes with the VAPID key', async () => {
    const browser = fakeBrowser()
    const result = await subscribeToPush({ vapidPublicKey: publicKey, serviceWorkerUrl: '/parley-sw.js' })
    expect(result).toEqual({ platform: 'web', endpoint: 'https://push.example/sub/1', keys: { p256dh: 'BPUB', auth: 'AUTH' } })
    expect(browser.calls).toEqual(['requestPermission', 'register', 'subscribe'])
    const init = browser.pushManager.subscribe.mock.calls[0]![0]
    expect(init.userVisibleOnly).toBe(true)
    expect(Buffer.from(init.applicationServerKey).toString('base64url')).toBe(publicKey)
  })

  it('refuses to prompt outside a user gesture, and reports a denial', async () => {
    fakeBrowser({ gesture: false })
    await expect(subscribeToPush({ vapidPublicKey: publicKey })).rejects.toMatchObject({ code: 'USER_GESTURE_REQUIRED' })
    fakeBrowser({ answer: 'denied' })
    await expect(subscribeToPush({ vapidPublicKey: publicKey })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
  })

  it('reuses a subscription made with the same key and replaces one made with another', async () => {
    const same = fakeBrowser({ permission: 'granted', existingKey: urlBase64ToUint8Array(publicKey) })
    await subscribeToPush({ vapidPublicKey: publicKey })
    expect(same.calls).toEqual(['register'])
    const other = fakeBrowser({ permission: 'granted', existingKey: urlBase64ToUint8Array(webpush.generateVAPIDKeys().publicKey) })
    await subscribeToPush({ vapidPublicKey: publicKey })
    expect(other.calls).toEqual(['register', 'unsubscribe', 'subscribe'])
  })

  it('rejects a key that is not a P-256 point', async () => {
    fakeBrowser()
    await expect(subscribeToPush({ vapidPublicKey: 'AAAA' })).rejects.toMatchObject({ code: 'INVALID_KEY' })
  })

  it('unsubscribes and returns the endpoint that was removed', async () => {
    const browser = fakeBrowser({ permission: 'granted', existingKey: urlBase64ToUint8Array(publicKey) })
    expect(await unsubscribeFromPush()).toBe('https://push.example/sub/1')
    expect(browser.existing?.unsubscribe).toHaveBeenCalled()
  })
})
