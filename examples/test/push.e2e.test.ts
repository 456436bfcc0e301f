// @vitest-environment node
// The push opt-in of the built widget in headless Chromium, against the local stack: the
// prompt's chunk brings the Functions client, push-register stores this browser, and the test
// push reaches the push service. Chromium's PushManager would ask Google's push service for a
// subscription, which this machine cannot reach: it is the one part stood in for, handing out
// a subscription (keys made as a browser makes them) whose endpoint is the in-test service.
import { createClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestStack } from '../../packages/local/test/stack.ts'
import { browserSubscription, decryptFor, type PushService, type TestVapidKeys, verifyVapid } from '../../supabase/tests/push-harness.ts'
import type { ExamplesServer } from '../serve.ts'
import { fakePushManager, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
let stack: TestStack
let service: PushService
let vapid: TestVapidKeys
let web: ExamplesServer
let browser: TestBrowser

beforeAll(async () => {
  run = await startExamples({ push: true, browser: true })
  ;({ stack, web, browser } = run)
  ;({ service, vapid } = run.push)
  await browser.context.grantPermissions(['notifications'], { origin: web.url })
})

afterAll(() => run?.close())

describe('push opt-in on the dealer page', () => {
  it('registers this browser through the lazily fetched Functions client and receives the test push', async () => {
    const subscription = browserSubscription(`${service.url}/push/chromium`)
    const page = await browser.context.newPage()
    const functionCalls: string[] = []
    page.on(
      'request',
      (request) => request.url().includes('/functions/v1/') && functionCalls.push(`${request.method()} ${new URL(request.url()).pathname}`)
    )
    await fakePushManager(page, subscription)

    await page.goto(`${web.url}/dealer/`)
    await page.locator('parley-chat').getByRole('button', { name: 'Discussion' }).click()
    await page.getByLabel('Nom').fill('Ada Lovelace')
    await page.getByLabel('Courriel').fill('ada@example.com')
    await page.getByLabel(/J’accepte/).check()
    await page.getByRole('button', { name: 'Commencer la conversation' }).click()
    const composer = page.getByRole('textbox', { name: 'Écrivez un message…' })
    await composer.fill('Bonjour')
    await composer.press('Enter')
    // The prompt is offered once the visitor has written.
    await page.getByRole('button', { name: 'Activer les notifications' }).click()

    const admin = stack.client(stack.serviceRoleKey)
    await expect
      .poll(async () => (await admin.from('push_subscriptions').select('platform, enabled')).data, { timeout: 20_000, interval: 50 })
      .toEqual([{ platform: 'web', enabled: true }])
    expect(functionCalls).toEqual(['POST /functions/v1/push-register'])

    // The visitor's own session sends the test push (what push-test's settings button does).
    const session = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':auth'))?.[1])
    const visitor = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { headers: { Authorization: `Bearer ${(JSON.parse(session!) as { access_token: string }).access_token}` } }
    })
    const tested = await visitor.functions.invoke('push-test', { body: {} })
    expect(tested.data).toMatchObject({ results: [{ outcome: 'sent', status: 201 }] })
    const push = service.received.at(-1)!
    expect(decryptFor(subscription, push)).toMatchObject({ title: 'Notification d’essai Parley' })
    await verifyVapid(push.headers.authorization, subscription.endpoint, vapid.publicKey)
  })
})
