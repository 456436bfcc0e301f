import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'
import type { PushPreferences } from '../types/api.ts'
import { invoke } from './invoke.ts'
import { validatePreferences } from './validate-preferences.ts'

/** Changes which kinds of push this subscription receives (unlisted kinds keep their value). */
export async function updatePushPreferences(
  context: Context,
  subscriptionId: string,
  preferences: Partial<PushPreferences>
): Promise<void> {
  const body = { id: requireUuid(subscriptionId, 'subscriptionId'), preferences: validatePreferences(preferences) }
  await context.requireSession()
  await invoke(context, 'push-register', body)
}
