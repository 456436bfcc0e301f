import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'
import { invoke } from './invoke.ts'

/** Deletes a subscription (call it after PushSubscription.unsubscribe() in the browser). */
export async function unregisterPushSubscription(context: Context, subscriptionId: string): Promise<void> {
  const body = { id: requireUuid(subscriptionId, 'subscriptionId') }
  await context.requireSession()
  await invoke(context, 'push-register', body, 'DELETE')
}
