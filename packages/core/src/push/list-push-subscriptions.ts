import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import type { PushDevice } from '../types/api.ts'

/** The signed-in user's own push subscriptions (every device), most recently used first. */
export async function listPushSubscriptions(context: Context): Promise<PushDevice[]> {
  const session = await context.requireSession()
  // Endpoints, keys and tokens stay out: a device list needs none of them.
  return call(
    context
      .supabase()
      .from('push_subscriptions')
      .select('id, platform, user_agent, enabled, last_used_at, created_at')
      .eq('user_id', session.userId)
      .order('last_used_at', { ascending: false, nullsFirst: false })
      .order('created_at', { ascending: false })
  )
}
