/**
 * Why push could not be turned on, for the UI to explain:
 * UNSUPPORTED (no service worker / Push API / Notification), INSECURE_CONTEXT (not https),
 * IOS_HOME_SCREEN_REQUIRED (iOS/iPadOS 16.4+ only offers Web Push to a web app added to the
 * home screen), USER_GESTURE_REQUIRED (call from a click/tap handler), PERMISSION_DENIED,
 * INVALID_KEY (VAPID public key is not a P-256 point), SUBSCRIBE_FAILED.
 */
export type PushSetupErrorCode =
  | 'UNSUPPORTED'
  | 'INSECURE_CONTEXT'
  | 'IOS_HOME_SCREEN_REQUIRED'
  | 'USER_GESTURE_REQUIRED'
  | 'PERMISSION_DENIED'
  | 'INVALID_KEY'
  | 'SUBSCRIBE_FAILED'

export class PushSetupError extends Error {
  readonly code: PushSetupErrorCode

  constructor(code: PushSetupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PushSetupError'
    this.code = code
  }
}
