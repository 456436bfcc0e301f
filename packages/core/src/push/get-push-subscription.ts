import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'
import type { PushPreferences, PushSubscriptionState } from '../types/api.ts'

/** One of the signed-in user's push subscriptions, or null when it is gone or not theirs. */
export async function getPushSubscription(context: Context, subscriptionId: string): Promise<PushSubscriptionState | null> {
  const id = requireUuid(subscriptionId, 'subscriptionId')
  const session = await context.requireSession()
  const row = await call(
    context
      .supabase()
      .from('push_subscriptions')
      .select('id, enabled, preferences')
      .eq('id', id)
      .eq('user_id', session.userId)
      .maybeSingle()
  )
  if (!row) return null
  // Kinds the row does not mention are on, as the dispatcher reads them.
  const stored = typeof row.preferences === 'object' && row.preferences !== null && !Array.isArray(row.preferences) ? row.preferences : {}
  const preferences: PushPreferences = { new_messages: true, claim_updates: true, warranty_expiring: true, system_alerts: true }
  for (const key of Object.keys(preferences) as Array<keyof PushPreferences>) {
    const flag = stored[key]
    if (typeof flag === 'boolean') preferences[key] = flag
  }
  return { id: row.id, enabled: row.enabled, preferences }
}
