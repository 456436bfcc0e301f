/**
 * @parley/staff — Parley's staff screens as custom elements. Importing the package defines
 * `<parley-inbox>`, `<parley-claim-tracker>`, `<parley-notification-center>`,
 * `<parley-push-settings>`, `<parley-team>`, `<parley-reply-templates>` and
 * `<parley-analytics>`; each renders with Preact in its own shadow root and loads its view
 * when first shown.
 *
 * @example
 * ```ts
 * import '@parley/staff'
 * import { createParley } from '@parley/core'
 *
 * const inbox = document.querySelector('parley-inbox')!
 * inbox.parley = createParley({ supabase })
 * inbox.addEventListener('parley-conversation-open', (event) => history.replaceState(null, '', `#/chat/${event.detail.conversationId}`))
 * ```
 * @packageDocumentation
 */

export { ParleyAnalytics } from './analytics/element.ts'
export { ParleyElement, type ViewProps } from './base/parley-element.tsx'
export { type Capability, ROLES } from './base/roles.ts'
export { ParleyClaimTracker } from './claim-tracker/element.ts'
export type { ClaimUpdateDetail, ConversationOpenDetail, NotificationSelectDetail, ParleyErrorDetail, ParleyEventMap } from './events.ts'
export { ParleyInbox } from './inbox/element.ts'
export { ParleyNotificationCenter } from './notification-center/element.ts'
export { ParleyPushSettings } from './push-settings/element.ts'
export { ParleyReplyTemplates } from './reply-templates/element.ts'
export { ParleyTeam } from './team/element.ts'

/** The package version. */
export const VERSION = '0.1.0'
