// Push registration through @parley/core against the real edge functions on the local stack:
// register a Web Push subscription, change its preferences, push a test notification the
// device can decrypt, read it back, unregister; errors come back typed. Also the staff list a
// console assigns conversations from.
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  browserSubscription,
  decryptFor,
  type PushService,
  startPushService,
  writePushSecrets
} from '../../../supabase/tests/push-harness.ts'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
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
  expect(await agent.getPushSubscription(id)).toEqual({
    id,
    enabled: true,
    preferences: { new_messages: false, warranty_expiring: false, claim_updates: true, system_alerts: true }
  })
  // Someone else's subscription reads as absent, like a deleted one.
  const marc = createParley({ supabase: stack.client() }, { storage: null })
  await marc.signIn({ email: DEMO.marc.email, password: DEMO.marc.password })
  expect(await marc.getPushSubscription(id)).toBeNull()
  await marc.destroy()

  const results = await agent.sendTestNotification(id)
  expect(results).toEqual([{ subscription_id: id, outcome: 'sent', status: 201 }])
  expect(decryptFor(browser, service.received.at(-1)!)).toMatchObject({ title: 'Notification d’essai Parley' })

  // The device list: own rows only, never the endpoint or keys.
  const devices = await agent.listPushSubscriptions()
  expect(devices).toEqual([expect.objectContaining({ id, platform: 'web', enabled: true })])
  expect(Object.keys(devices[0]!).sort()).toEqual(['created_at', 'enabled', 'id', 'last_used_at', 'platform', 'user_agent'])
  const stranger = createParley({ supabase: stack.client() }, { storage: null })
  await stranger.signIn({ email: DEMO.marc.email, password: DEMO.marc.password })
  expect(await stranger.listPushSubscriptions()).toEqual([])
  await stranger.destroy()

  await agent.unregisterPushSubscription(id)
  expect(await agent.getPushSubscription(id)).toBeNull()
  expect(await agent.listPushSubscriptions()).toEqual([])
})

it('lists the organization’s staff by role, typed and validated', async () => {
  const assignable = await agent.listStaff()
  expect(assignable.map((member) => member.id).sort()).toEqual([DEMO.admin.id, DEMO.julie.id, DEMO.marc.id].sort())
  expect(assignable.find((member) => member.id === DEMO.julie.id)).toEqual({
    id: DEMO.julie.id,
    display_name: DEMO.julie.name,
    role: 'agent'
  })
  expect((await agent.listStaff(['admin'])).map((member) => member.id)).toEqual([DEMO.admin.id])
  await expect(agent.listStaff(['owner' as never])).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  await expect(agent.listStaff([])).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  await expect(agent.getPushSubscription('nope')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  const customer = createParley({ supabase: stack.client() }, { storage: null })
  await customer.startConversation({ organization_id: DEMO.organizationId, customer_name: 'Ada Roy', customer_email: 'ada@example.com' })
  await expect(customer.listStaff()).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
  await customer.destroy()
})

it('maps the functions’ errors to ParleyError codes', async () => {
  await expect(agent.updatePushPreferences('00000000-0000-4000-8000-000000000000', { new_messages: true })).rejects.toMatchObject({
    code: 'NOT_FOUND',
    status: 404
  })
  const other = createParley({ supabase: stack.client() }, { storage: null })
  await expect(
    other.registerPushSubscription({
      organization_id: DEMO.organizationId,
      platform: 'web',
      endpoint: 'https://push.example/x',
      keys: { p256dh: 'p', auth: 'a' }
    })
  ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
  await other.destroy()
})
