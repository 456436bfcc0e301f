import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'
import type { PushTestResult } from '../types/api.ts'
import { invoke } from './invoke.ts'

/** Asks the server to push a test notification to one subscription, or all of the user's. */
export async function sendTestNotification(context: Context, subscriptionId?: string): Promise<PushTestResult[]> {
  const body = subscriptionId === undefined ? {} : { subscription_id: requireUuid(subscriptionId, 'subscriptionId') }
  await context.requireSession()
  const result = await invoke<{ results?: PushTestResult[] }>(context, 'push-test', body)
  return Array.isArray(result?.results) ? result.results : []
}
