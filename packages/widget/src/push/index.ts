export { urlBase64ToUint8Array } from './base64.ts'
export { PushSetupError, type PushSetupErrorCode } from './errors.ts'
export { onParleyWorkerMessage, type ParleyWorkerMessage, parleyTargetFromUrl } from './messages.ts'
export {
  currentPushSubscription,
  type PushSubscribeOptions,
  subscribeToPush,
  unsubscribeFromPush,
  type WebPushRegistration
} from './subscribe.ts'
export { type PushEnvironment, type PushSupport, pushSupport } from './support.ts'
