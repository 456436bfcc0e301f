// One module for every push call, so a bundle loads them as a single chunk on first use. The
// unsubscribe link's calls come along: like push, they go through an Edge Function, whose
// client a bundle (the widget's) loads with this chunk.
export { peekUnsubscribe, unsubscribeEmail } from '../conversations/unsubscribe-email.ts'
export { getPushSubscription } from './get-push-subscription.ts'
export { listPushSubscriptions } from './list-push-subscriptions.ts'
export { registerPushSubscription } from './register-push-subscription.ts'
export { sendTestNotification } from './send-test-notification.ts'
export { unregisterPushSubscription } from './unregister-push-subscription.ts'
export { updatePushPreferences } from './update-push-preferences.ts'
