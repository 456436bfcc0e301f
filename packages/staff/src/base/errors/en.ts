import type { ParleyErrorCode } from '@parley/core'

/** What a refusal tells staff, by code; in its own chunk, loaded with the element's view. */
const en: Record<ParleyErrorCode, string> = {
  NOT_AUTHORIZED: 'You may not do this, or you were signed out: sign in again.',
  TOKEN_INVALID: 'This link or access code no longer works.',
  RATE_LIMITED: 'Too many attempts: wait a moment and try again.',
  INVALID_INPUT: 'Something entered is not accepted: check it and try again.',
  NOT_FOUND: 'This no longer exists, or you no longer have access to it.',
  NETWORK: 'Parley cannot be reached: check the connection and try again.',
  CONFLICT: 'This already exists or was just changed: reload and try again.',
  IDENTITY_INVALID: 'The customer’s identity could not be verified.',
  INVITATION_INVALID: 'This invitation link no longer works.',
  INVITATION_EXPIRED: 'This invitation has expired.',
  INVITATION_REVOKED: 'This invitation was cancelled.',
  INVITATION_USED: 'This invitation was already accepted.',
  INVITATION_EMAIL_MISMATCH: 'This invitation was sent to another e-mail address.',
  ALREADY_MEMBER: 'This person already belongs to a team.',
  LAST_ADMIN: 'The team must keep at least one active admin.',
  EMAIL_SUPPRESSED: 'This address bounced or unsubscribed: it is not e-mailed.',
  UNSUPPORTED: 'This browser cannot receive push notifications.',
  INSECURE_CONTEXT: 'Push notifications need a secure (https) page.',
  IOS_HOME_SCREEN_REQUIRED: 'On iPhone and iPad, add this page to the Home Screen first.',
  USER_GESTURE_REQUIRED: 'Turn notifications on with a click or a tap.',
  PERMISSION_DENIED: 'Notifications are blocked in this browser’s settings.',
  SUBSCRIBE_FAILED: 'The browser could not turn notifications on: try again later.',
  UNKNOWN: 'Something went wrong: try again.'
}

export default en
