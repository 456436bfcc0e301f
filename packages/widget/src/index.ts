/**
 * @parley/widget — the drop-in chat bubble. Most sites use the script tag (dist/parley.js);
 * this entry exposes its types, its errors, and the lite Supabase client the bubble runs on
 * (useful to other small embeds built on @parley/core).
 *
 * @example
 * ```ts
 * import type { ParleyInstance } from '@parley/widget'
 * const chat = window.Parley!.init({ supabaseUrl, supabaseKey, organization }) as ParleyInstance
 * chat.on('unread', (count) => console.log(count))
 * ```
 * @packageDocumentation
 */
export type { Locale, Position, Theme, WidgetConfig } from './loader/config.ts'
export type { Identity, ParleyInstance, WidgetEvent } from './loader/contract.ts'
export { WidgetError, type WidgetErrorCode } from './loader/errors.ts'
export type { ParleyGlobal } from './loader/global.ts'
export type {
  ParleyWorkerMessage,
  PushEnvironment,
  PushSetupErrorCode,
  PushSubscribeOptions,
  PushSupport,
  WebPushRegistration
} from './push/index.ts'
export {
  currentPushSubscription,
  onParleyWorkerMessage,
  PushSetupError,
  parleyTargetFromUrl,
  pushSupport,
  subscribeToPush,
  unsubscribeFromPush,
  urlBase64ToUint8Array
} from './push/index.ts'
export { AnonymousAuth, AnonymousAuthError, type AuthSession, type AuthUser } from './supabase/anonymous-auth.ts'
export { createLiteClient, type LiteClient, type LiteClientOptions } from './supabase/lite-client.ts'

/** The package version. */
export const VERSION = '0.1.0'
