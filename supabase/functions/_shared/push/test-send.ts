import type { PushDeps } from './deps.ts'
import { type DeliveryResult, deliver } from './dispatcher.ts'
import { PushError } from './errors.ts'
import { bearerOf, handle, json, readJson } from './http.ts'
import type { SealedSubscription } from './secrets.ts'
import type { PushMessage } from './types.ts'
import { uuidOf } from './validate.ts'

/** In the language of the organization the subscription belongs to, as every push is. */
function testMessage(locale: string): PushMessage {
  const fr = locale === 'fr-CA'
  return {
    type: 'test',
    title: fr ? 'Notification d’essai Parley' : 'Parley test notification',
    body: fr ? 'Les notifications fonctionnent sur cet appareil.' : 'Notifications are working on this device.',
    tag: 'parley:test',
    data: { test: true }
  }
}

/**
 * POST {subscription_id?} → {results: [{subscription_id, outcome, status, error?}]}
 * Sends "test" straight away (not through the outbox) to the caller's own enabled
 * subscriptions, so the settings screen can show what happened; a 404/410 disables the
 * subscription exactly as the dispatcher would.
 */
export function createTestHandler(deps: () => Promise<PushDeps>): (request: Request) => Promise<Response> {
  return handle(async (request) => {
    if (request.method !== 'POST') throw new PushError('INVALID_INPUT', 'use POST')
    const token = bearerOf(request)
    const body = (await readJson(request)) as { subscription_id?: unknown }
    const subscriptionId =
      body.subscription_id === undefined || body.subscription_id === null ? null : uuidOf(body.subscription_id, 'subscription_id')
    const d = await deps()
    const caller = await d.callerRpc(token)<{ user_id: string }>('push_caller', {})
    const targets = await d.serviceRpc<Array<SealedSubscription & { id: string; locale: string }>>('push_subscriptions_for', {
      p_user_id: caller.user_id,
      p_id: subscriptionId
    })
    if (!targets.length)
      throw new PushError('NOT_FOUND', subscriptionId ? 'No such enabled subscription' : 'No enabled subscription to test')
    const senders = d.senders()
    const results: DeliveryResult[] = await Promise.all(
      targets.map((target) => deliver({ vault: d.vault, senders }, caller.user_id, target, testMessage(target.locale)))
    )
    await d.serviceRpc('push_record_results', { p_results: results })
    return json(200, { results })
  })
}
