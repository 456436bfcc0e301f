// The widget's push opt-in against the real local stack: the visitor's lite client and core,
// wired as mount.tsx wires them, register through push-register and get the test push. Only
// the browser's push plumbing (service worker container, PushManager, the permission prompt)
// is stood in for; its subscription points at the in-test push service.
import { createParley, createParleyCustomer, type ParleyCustomer } from '@parley/core'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import {
  type BrowserSubscription,
  browserSubscription,
  decryptFor,
  type PushService,
  startPushService,
  type TestVapidKeys,
  verifyVapid,
  writePushSecrets
} from '../../../supabase/tests/push-harness.ts'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
import type { PushActions } from '../src/app/App.tsx'
import { type Controller, createController } from '../src/connect/controller.ts'
import { prefixedStorage, visitorStorage } from '../src/connect/visitor-storage.ts'
import type { WidgetConfig } from '../src/loader/config.ts'
import { createLiteClient, type LiteClient } from '../src/supabase/lite-client.ts'

const ORGANIZATION = DEMO.organizationId

let stack: TestStack
let service: PushService
let vapid: TestVapidKeys
let config: WidgetConfig
let admin: SupabaseClient
let supabase: LiteClient
let parley: ParleyCustomer
let controller: Controller
let visitor: ReturnType<typeof visitorStorage>
const reported: unknown[] = []

/**
 * The browser's side of Web Push: the visitor allows notifications when asked, the worker is
 * active, and PushManager hands out `subscription` (keys made as a browser makes them).
 */
function standInBrowser(subscription: BrowserSubscription) {
  const applicationServerKeys: Uint8Array[] = []
  const unsubscribed: string[] = []
  let current: PushSubscription | null = null
  const pushManager = {
    getSubscription: async () => current,
    subscribe: async (init: PushSubscriptionOptionsInit) => {
      const key = init.applicationServerKey as Uint8Array
      applicationServerKeys.push(key)
      current = {
        endpoint: subscription.endpoint,
        options: { applicationServerKey: key.buffer as ArrayBuffer, userVisibleOnly: true },
        toJSON: () => ({ endpoint: subscription.endpoint, keys: subscription.keys }),
        getKey: () => null,
        unsubscribe: async () => {
          unsubscribed.push(subscription.endpoint)
          current = null
          return true
        }
      } as unknown as PushSubscription
      return current
    }
  }
  const registration = { active: {}, pushManager }
  vi.stubGlobal('isSecureContext', true)
  vi.stubGlobal('PushManager', function PushManager() {})
  vi.stubGlobal('Notification', { permission: 'default', requestPermission: async () => 'granted' })
  Object.defineProperty(navigator, 'userActivation', { configurable: true, value: { isActive: true } })
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: { register: async () => registration, getRegistration: async () => registration }
  })
  return { applicationServerKeys, unsubscribed }
}

/** The push state the opt-in settles on after an action (it is 'busy' meanwhile). */
function settled(act: () => void): Promise<string> {
  return new Promise((resolve) => {
    let busy = false
    const stop = controller.$state.listen(({ push }) => {
      if (push.state === 'busy') busy = true
      else if (busy) {
        stop()
        resolve(push.state)
      }
    })
    act()
  })
}

async function row(id: string) {
  const { data, error } = await admin
    .from('push_subscriptions')
    .select('id, user_id, platform, enabled, preferences')
    .eq('id', id)
    .maybeSingle()
  expect(error).toBeNull()
  return data as { id: string; user_id: string; platform: string; enabled: boolean; preferences: Record<string, boolean> } | null
}

let browser: BrowserSubscription
let standIn: ReturnType<typeof standInBrowser>

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  service = await startPushService()
  vapid = await writePushSecrets(stack.stateDir)
  admin = createClient(stack.url, stack.serviceRoleKey, { auth: { persistSession: false, autoRefreshToken: false } })
  browser = browserSubscription(`${service.url}/push/visitor`)
  standIn = standInBrowser(browser)
  vi.stubGlobal('reportError', (error: unknown) => reported.push(error))

  config = { supabaseUrl: stack.url, supabaseKey: stack.anonKey, organization: ORGANIZATION, locale: 'en', vapidKey: vapid.publicKey }
  visitor = visitorStorage(config.organization)
  supabase = createLiteClient(config.supabaseUrl, config.supabaseKey, { storage: visitor.store, storageKey: `${visitor.prefix}auth` })
  parley = createParleyCustomer(
    { supabase: supabase as unknown as SupabaseClient },
    { storage: prefixedStorage(visitor.store, `${visitor.prefix}core:`) }
  )
  controller = createController({
    parley,
    bridge: { config, emit: () => undefined, setUnread: () => undefined, close: () => undefined },
    visitor
  })
})

afterAll(async () => {
  await controller?.destroy()
  await supabase?.removeAllChannels()
  await service?.stop()
  await stack?.stop()
  vi.unstubAllGlobals()
  Reflect.deleteProperty(navigator, 'serviceWorker')
  Reflect.deleteProperty(navigator, 'userActivation')
})

describe('the widget push opt-in on the lite client', () => {
  it('registers the visitor, delivers the test push, updates preferences and unregisters', async () => {
    await controller.start({ name: 'Ada Tremblay', email: 'ada@example.com', phone: '', consent: true })
    expect(controller.$state.get()).toMatchObject({ error: null, view: 'chat', activeId: expect.any(String) })
    expect(controller.$state.get().push.state).toBe('default')

    // What mount.tsx loads when the prompt is offered.
    const actions: PushActions = await import('../src/connect/push.ts').then(({ connectPush }) =>
      connectPush({ parley, controller, bridge: { config, open: () => undefined }, visitor })
    )
    const enabled = await settled(() => actions.enablePush())
    expect(reported).toEqual([])
    expect(enabled).toBe('subscribed')
    expect(Buffer.from(standIn.applicationServerKeys[0]!).toString('base64url')).toBe(vapid.publicKey)
    const id = visitor.read().pushId!
    const visitorId = (await supabase.auth.getSession()).data.session!.user.id
    expect(await row(id)).toMatchObject({
      user_id: visitorId,
      platform: 'web',
      enabled: true,
      preferences: { new_messages: true, claim_updates: true }
    })

    // The built-in test push is a staff call in core (createParleyCustomer leaves it out); any
    // signed-in user may send it to their own subscriptions, here on the visitor's lite client.
    const full = createParley({ supabase: supabase as unknown as SupabaseClient }, { storage: null })
    expect(await full.sendTestNotification(id)).toEqual([{ subscription_id: id, outcome: 'sent', status: 201 }])
    await full.destroy()
    const push = service.received.at(-1)!
    expect(push.path).toBe('/push/visitor')
    expect(decryptFor(browser, push)).toMatchObject({ title: 'Notification d’essai Parley' })
    expect(await verifyVapid(push.headers.authorization, browser.endpoint, vapid.publicKey)).toMatchObject({ sub: vapid.subject })

    // A later page: the visitor's record and the browser's permission say subscribed, so the
    // first open draws that without fetching the opt-in's code.
    vi.stubGlobal('Notification', { permission: 'granted' })
    const later = createController({
      parley,
      bridge: { config, emit: () => undefined, setUnread: () => undefined, close: () => undefined },
      visitor
    })
    expect(later.$state.get().push.state).toBe('subscribed')
    vi.stubGlobal('Notification', { permission: 'default', requestPermission: async () => 'granted' })

    actions.setPushPreferences({ new_messages: false, claim_updates: true })
    await expect.poll(async () => (await row(id))?.preferences).toMatchObject({ new_messages: false, claim_updates: true })
    expect(controller.$state.get().push.preferences).toEqual({ new_messages: false, claim_updates: true })

    const disabled = await settled(() => actions.disablePush())
    expect(reported).toEqual([])
    expect(disabled).toBe('default')
    expect(standIn.unsubscribed).toEqual([browser.endpoint])
    expect(visitor.read().pushId).toBeNull()
    expect(await row(id)).toBeNull()
  })
})
