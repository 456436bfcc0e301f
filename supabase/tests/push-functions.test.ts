import { randomUUID } from 'node:crypto'
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../packages/local/test/stack.ts'
import { DEMO } from './kit/demo.ts'
import {
  browserSubscription,
  decryptFor,
  type PushService,
  startPushService,
  type TestVapidKeys,
  verifyVapid,
  writePushSecrets
} from './push-harness.ts'

// The deployed functions, through the local stack's functions host, called with unmodified supabase-js.
const ORG = DEMO.organizationId
const CONVERSATION = '66666666-6666-4666-8666-666666666601'
const CONVERSATION_TOKEN = 'd8dfb96614622f3f7c88ec9045e42bba15ca824d4a4c4f85682dc281e98bcb37'
let vapid: TestVapidKeys

let stack: TestStack
let service: PushService
let julie: SupabaseClient
let customer: SupabaseClient
let admin: SupabaseClient

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  service = await startPushService()
  vapid = await writePushSecrets(stack.stateDir)
  julie = stack.client()
  expect((await julie.auth.signInWithPassword({ email: DEMO.julie.email, password: DEMO.julie.password })).error).toBeNull()
  customer = stack.client()
  expect((await customer.auth.signInAnonymously()).error).toBeNull()
  expect((await customer.rpc('redeem_access_token', { token: CONVERSATION_TOKEN })).error).toBeNull()
  admin = createClient(stack.url, stack.serviceRoleKey, { auth: { persistSession: false, autoRefreshToken: false } })
})
afterAll(async () => {
  await service?.stop()
  await stack?.stop()
})

async function errorOf(result: { error: unknown }) {
  expect(result.error).toBeInstanceOf(FunctionsHttpError)
  const response = (result.error as FunctionsHttpError).context as Response
  return { status: response.status, body: (await response.json()) as { code: string } }
}

describe('push functions on the local stack', () => {
  it('register → message → dispatch → the device decrypts it; test push; unregister', async () => {
    const browser = browserSubscription(`${service.url}/push/julie`)
    const registered = await julie.functions.invoke('push-register', {
      body: { organization_id: ORG, platform: 'web', endpoint: browser.endpoint, keys: browser.keys }
    })
    expect(registered.error).toBeNull()
    const id = (registered.data as { id: string }).id
    const mine = await julie.from('push_subscriptions').select('id, platform, enabled, endpoint').eq('id', id).single()
    expect(mine.data).toMatchObject({ id, platform: 'web', enabled: true })
    expect(mine.data!.endpoint).not.toContain(service.url)

    const sent = await customer.rpc('send_message', {
      conversation_id: CONVERSATION,
      client_id: randomUUID(),
      content: 'Bonjour, ma voiture est prête ?'
    })
    expect(sent.error).toBeNull()
    const dispatched = await admin.functions.invoke('push-dispatch', { body: {} })
    expect(dispatched.error).toBeNull()
    expect(dispatched.data).toMatchObject({ claimed: 1, sent: 1 })
    const push = service.received.at(-1)!
    expect(decryptFor(browser, push)).toMatchObject({ title: 'Nouveau message de Sophie Gagnon', body: 'Bonjour, ma voiture est prête ?' })
    await verifyVapid(push.headers.authorization, browser.endpoint, vapid.publicKey)

    const tested = await julie.functions.invoke('push-test', { body: { subscription_id: id } })
    expect(tested.error).toBeNull()
    expect(tested.data).toEqual({ results: [{ subscription_id: id, outcome: 'sent', status: 201 }] })
    expect(decryptFor(browser, service.received.at(-1)!)).toMatchObject({ title: 'Notification d’essai Parley' })

    const updated = await julie.functions.invoke('push-register', { body: { id, preferences: { system_alerts: false } } })
    expect(updated.data).toMatchObject({ id, preferences: { system_alerts: false, new_messages: true } })
    const removed = await julie.functions.invoke('push-register', { body: { id }, method: 'DELETE' })
    expect(removed.data).toEqual({ id, deleted: true })
  })

  it('lets a bound customer register and refuses what it must', async () => {
    const browser = browserSubscription(`${service.url}/push/customer`)
    const registered = await customer.functions.invoke('push-register', {
      body: { organization_id: ORG, platform: 'web', endpoint: browser.endpoint, keys: browser.keys, preferences: { claim_updates: true } }
    })
    expect(registered.error).toBeNull()

    const stranger = stack.client()
    await stranger.auth.signInAnonymously()
    expect(
      await errorOf(
        await stranger.functions.invoke('push-register', {
          body: { organization_id: ORG, platform: 'web', endpoint: browser.endpoint, keys: browser.keys }
        })
      )
    ).toEqual({
      status: 403,
      body: { code: 'NOT_AUTHORIZED', message: expect.any(String) }
    })
    expect(await errorOf(await julie.functions.invoke('push-register', { body: { organization_id: ORG, platform: 'fax' } }))).toMatchObject(
      { status: 400, body: { code: 'INVALID_INPUT' } }
    )
    expect(await errorOf(await julie.functions.invoke('push-dispatch', { body: {} }))).toMatchObject({
      status: 403,
      body: { code: 'NOT_AUTHORIZED' }
    })
  })
  it('an anonymous customer cannot write its subscription over REST, and push-register refuses bad preferences', async () => {
    const browser = browserSubscription(`${service.url}/push/customer-prefs`)
    const registered = await customer.functions.invoke('push-register', {
      body: { organization_id: ORG, platform: 'web', endpoint: browser.endpoint, keys: browser.keys }
    })
    const id = (registered.data as { id: string }).id
    const { data: session } = await customer.auth.getSession()
    const before = await admin.from('push_subscriptions').select('*').eq('id', id).single()

    const attacks = [
      await customer
        .from('push_subscriptions')
        .update({ preferences: { new_messages: 'abc' } })
        .eq('id', id),
      await customer.from('push_subscriptions').insert({
        organization_id: ORG,
        user_id: session.session!.user.id,
        platform: 'web',
        endpoint: 'https://push.example/x',
        preferences: { new_messages: 'abc' }
      }),
      await customer.from('push_subscriptions').delete().eq('id', id)
    ]
    expect(attacks.map((attack) => attack.error?.code)).toEqual(['42501', '42501', '42501'])
    expect((await admin.from('push_subscriptions').select('*').eq('id', id).single()).data).toEqual(before.data)
    expect((await customer.from('push_subscriptions').select('id, preferences').eq('id', id)).data).toEqual([
      { id, preferences: before.data!.preferences }
    ])

    expect(await errorOf(await customer.functions.invoke('push-register', { body: { id, preferences: { new_messages: 'abc' } } }))).toEqual(
      {
        status: 400,
        body: { code: 'INVALID_INPUT', message: 'preference new_messages must be true or false' }
      }
    )
    // Not even the service role gets an unreadable value past the table.
    expect(
      (
        await admin
          .from('push_subscriptions')
          .update({ preferences: { new_messages: 'abc' } })
          .eq('id', id)
      ).error?.code
    ).toBe('23514')
  })
})
