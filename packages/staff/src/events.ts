import type { ClaimStatusUpdate, ParleyErrorCode, ParleyNotification } from '@parley/core'

/** `parley-error`: something the element could not do; `code` is the ParleyError code (or UNKNOWN). */
export interface ParleyErrorDetail {
  code: ParleyErrorCode
  message: string
  error: unknown
}

/** `parley-conversation-open`: `<parley-inbox>` opened a conversation (click, keys, `open(id)`). */
export interface ConversationOpenDetail {
  conversationId: string
}

/** `parley-notification-select`: a notification was chosen in `<parley-notification-center>`. */
export interface NotificationSelectDetail {
  notification: ParleyNotification
}

/** `parley-claim-update`: `<parley-claim-tracker>` received a new status change live. */
export interface ClaimUpdateDetail {
  claimId: string
  update: ClaimStatusUpdate
}

/**
 * Every event the elements dispatch. All bubble and are composed (they leave shadow roots).
 * @example `el.addEventListener('parley-error', (event) => toast((event as CustomEvent<ParleyErrorDetail>).detail.code))`
 */
export interface ParleyEventMap {
  'parley-error': CustomEvent<ParleyErrorDetail>
  'parley-conversation-open': CustomEvent<ConversationOpenDetail>
  'parley-notification-select': CustomEvent<NotificationSelectDetail>
  'parley-claim-update': CustomEvent<ClaimUpdateDetail>
}
