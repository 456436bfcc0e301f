import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { invalid, optionalText, requireOneOf, requireUuid } from '../errors/validate.ts'
import type { PushPlatform, RegisterPushSubscriptionInput } from '../types/api.ts'
import { invoke } from './invoke.ts'
import { validatePreferences } from './validate-preferences.ts'

const PLATFORMS: readonly PushPlatform[] = ['web', 'ios', 'android']

/**
 * Stores this device's push subscription for the signed-in user (staff or customer) through
 * the push-register function, which encrypts keys and tokens at rest.
 */
export async function registerPushSubscription(context: Context, input: RegisterPushSubscriptionInput): Promise<{ id: string }> {
  if (typeof input !== 'object' || input === null) throw invalid('registerPushSubscription expects an object')
  const platform = requireOneOf(input.platform, 'platform', PLATFORMS)
  const body: Record<string, unknown> = { organization_id: requireUuid(input.organization_id, 'organization_id'), platform }
  if (platform === 'web') {
    if (typeof input.endpoint !== 'string' || !/^https?:\/\//.test(input.endpoint))
      throw invalid('A web subscription needs its https endpoint')
    if (typeof input.keys?.p256dh !== 'string' || typeof input.keys?.auth !== 'string')
      throw invalid('A web subscription needs keys {p256dh, auth}')
    body.endpoint = input.endpoint
    body.keys = { p256dh: input.keys.p256dh, auth: input.keys.auth }
  } else {
    body.push_token = optionalText(input.push_token, 'push_token', 4096)
    if (!body.push_token) throw invalid(`A ${platform} subscription needs its push_token`)
  }
  if (input.preferences !== undefined) body.preferences = validatePreferences(input.preferences)
  const userAgent = input.user_agent ?? globalThis.navigator?.userAgent
  if (userAgent) body.user_agent = userAgent.slice(0, 500)
  await context.requireSession()
  const result = await invoke<{ id?: unknown }>(context, 'push-register', body)
  if (typeof result?.id !== 'string') throw new ParleyError('UNKNOWN', 'push-register answered without an id')
  return { id: result.id }
}
