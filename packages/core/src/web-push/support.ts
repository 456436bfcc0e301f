import { pushAvailable } from './available.ts'

/**
 * What this browser can do about Web Push, decided without prompting the user.
 *
 * @example
 * ```ts
 * const support: PushSupport = pushSupport()
 * if (!support.supported && support.reason === 'ios-home-screen-required') showAddToHomeScreen()
 * ```
 */
export interface PushSupport {
  supported: boolean
  /** Set when `supported` is false. */
  reason?: 'unsupported' | 'insecure-context' | 'ios-home-screen-required'
  /** iPhone/iPad (iPadOS reports itself as a Mac with touch). */
  ios: boolean
  /** Running as an installed (home-screen) web app. */
  standalone: boolean
  permission: NotificationPermission | 'unsupported'
}

/**
 * The globals read; a parameter so tests and non-window contexts can pass their own.
 *
 * @example
 * ```ts
 * const env: PushEnvironment = { isSecureContext: false }
 * pushSupport(env) // { supported: false, reason: 'insecure-context', … }
 * ```
 */
export interface PushEnvironment {
  navigator?: Navigator & { standalone?: boolean }
  isSecureContext?: boolean
  matchMedia?: (query: string) => { matches: boolean }
  Notification?: { permission: NotificationPermission }
  PushManager?: unknown
}

/**
 * iOS and iPadOS (16.4+) expose Web Push only to web apps added to the home screen (the
 * page needs a web app manifest with "display": "standalone"); in a Safari tab PushManager
 * and Notification are missing. So on iOS outside standalone mode the answer is
 * `ios-home-screen-required` — show "Share → Add to Home Screen" instead of a button
 * that cannot work. Older iOS versions have no Web Push at all, even installed.
 *
 * @example
 * ```ts
 * import { pushSupport } from '@parley/core/web-push'
 * const { supported, reason, permission } = pushSupport()
 * ```
 */
export function pushSupport(env: PushEnvironment = globalThis as unknown as PushEnvironment): PushSupport {
  const nav = env.navigator
  const ua = nav?.userAgent ?? ''
  const ios = /iPad|iPhone|iPod/.test(ua) || (/Macintosh/.test(ua) && (nav?.maxTouchPoints ?? 0) > 1)
  const standalone = nav?.standalone === true || Boolean(env.matchMedia?.('(display-mode: standalone)').matches)
  const permission: PushSupport['permission'] = env.Notification?.permission ?? 'unsupported'
  const base = { ios, standalone, permission }
  if (pushAvailable(env)) return { ...base, supported: true }
  if (env.isSecureContext === false) return { ...base, supported: false, reason: 'insecure-context' }
  if (ios && !standalone) return { ...base, supported: false, reason: 'ios-home-screen-required' }
  return { ...base, supported: false, reason: 'unsupported' }
}
