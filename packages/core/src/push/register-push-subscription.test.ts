import { describe, expect, it } from 'vitest'
import { fakeContext, STAFF } from '../../test/fake-context.ts'
import { registerPushSubscription } from './register-push-subscription.ts'
import { sendTestNotification } from './send-test-notification.ts'
import { unregisterPushSubscription } from './unregister-push-subscription.ts'
import { updatePushPreferences } from './update-push-preferences.ts'

const org = '11111111-1111-4111-8111-111111111111'
const sub = '55555555-5555-4555-8555-555555555555'

function setUp(data: unknown) {
  const server = fakeContext(STAFF)
  const invocations: Array<{ name: string; options: { body: unknown; method: string } }> = []
  Object.assign(server.context, {
    supabase: () => ({
      functions: {
        invoke: async (name: string, options: { body: unknown; method: string }) => (
          invocations.push({ name, options }), { data, error: null }
        )
      }
    })
  })
  return { context: server.context, invocations }
}

describe('push calls', () => {
  it('registers a web subscription with the contract’s body (user_id is the caller’s, not sent)', async () => {
    const { context, invocations } = setUp({ id: sub })
    const result = await registerPushSubscription(context, {
      organization_id: org,
      user_id: 'ignored',
      platform: 'web',
      endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
      keys: { p256dh: 'p', auth: 'a' },
      preferences: { system_alerts: false },
      user_agent: 'Test/1.0'
    })
    expect(result).toEqual({ id: sub })
    expect(invocations[0]).toEqual({
      name: 'push-register',
      options: {
        method: 'POST',
        body: {
          organization_id: org,
          platform: 'web',
          endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
          keys: { p256dh: 'p', auth: 'a' },
          preferences: { system_alerts: false },
          user_agent: 'Test/1.0'
        }
      }
    })
  })

  it('updates, tests and unregisters with the contract’s bodies and methods', async () => {
    const { context, invocations } = setUp({ results: [{ subscription_id: sub, outcome: 'sent', status: 201 }] })
    await updatePushPreferences(context, sub, { new_messages: false })
    expect(await sendTestNotification(context, sub)).toEqual([{ subscription_id: sub, outcome: 'sent', status: 201 }])
    await unregisterPushSubscription(context, sub)
    expect(invocations.map((call) => [call.name, call.options.method, call.options.body])).toEqual([
      ['push-register', 'POST', { id: sub, preferences: { new_messages: false } }],
      ['push-test', 'POST', { subscription_id: sub }],
      ['push-register', 'DELETE', { id: sub }]
    ])
  })

  it('says UNKNOWN when push-register answers without an id', async () => {
    const { context } = setUp({})
    await expect(registerPushSubscription(context, { organization_id: org, platform: 'android', push_token: 'tok' })).rejects.toMatchObject(
      { code: 'UNKNOWN' }
    )
  })
})
