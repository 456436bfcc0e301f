// Push registration through @parley/core against the real edge functions on the local stack:
// register a Web Push subscription, change its preferences, push a test notification the
// device can decrypt, unregister; errors come back typed.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
import { browserSubscription, decryptFor, startPushService, type PushService, writePushSecrets } from '../../../supabase/tests/push-harness.ts'
import { createParley, type Parley } from '../src/index.ts'
import { DEMO } from './helpers.ts'

let stack: TestStack
let service: PushService
let agent: Parley

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  service = await startPushService()
  await writePushSecrets(stack.stateDir)
  agent = createParley({ supabase: stack.client() }, { storage: null })
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
})

afterAll(async () => {
  await agent?.destroy()
  await service?.stop()
  await stack?.stop()
})

it('registers, updates preferences, sends a test push and unregisters', async () => {
  const browser = browserSubscription(`${service.url}/push/julie`)
  const { id } = await agent.registerPushSubscription({
    organization_id: DEMO.organizationId,
    platform: 'web',
    endpoint: browser.endpoint,
    keys: browser.keys,
    preferences: { warranty_expiring: false },
    user_id: 'ignored: the subscription belongs to the caller'
  })
  const stored = await agent.supabase.from('push_subscriptions').select('user_id, platform, enabled, preferences').eq('id', id).single()
  expect(stored.data).toMatchObject({ user_id: DEMO.julie.id, platform: 'web', enabled: true, preferences: { warranty_expiring: false } })

  await agent.updatePushPreferences(id, { new_messages: false })
  const updated = await agent.supabase.from('push_subscriptions').select('preferences').eq('id', id).single()
  expect(updated.data?.preferences).toMatchObject({ new_messages: false, warranty_expiring: false, claim_updates: true })

  const results = await agent.sendTestNotification(id)
  expect(results).toEqual([{ subscription_id: id, outcome: 'sent', status: 201 }])
  expect(decryptFor(browser, service.received.at(-1)!)).toMatchObject({ title: 'Parley test notification' })

  await agent.unregisterPushSubscription(id)
  const gone = await agent.supabase.from('push_subscriptions').select('id').eq('id', id)
  expect(gone.data).toEqual([])
})

it('maps the functions’ errors to ParleyError codes', async () => {
  await expect(agent.updatePushPreferences('00000000-0000-4000-8000-000000000000', { new_messages: true })).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 })
  const other = createParley({ supabase: stack.client() }, { storage: null })
  await expect(
    other.registerPushSubscription({ organization_id: DEMO.organizationId, platform: 'web', endpoint: 'https://push.example/x', keys: { p256dh: 'p', auth: 'a' } })
  ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
  await other.destroy()
})
