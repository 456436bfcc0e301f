// @vitest-environment node
// A visitor subscribed to push taps a notification: the service worker opens the dealer's page
// with the conversation in its URL, or tells a page already open; either way the widget opens
// on that conversation. A subscription the browser rotates is registered again through
// push-register. Headless Chromium with the real parley-sw.js against the local stack. Chromium cannot show or tap a notification here, and its PushManager would
// ask Google's push service for a subscription: those two are stood in for (the worker posts
// what its tap handler posts; PushManager hands out keys made as a browser makes them).
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Page, Worker } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestStack } from '../../packages/local/test/stack.ts'
import { browserSubscription, type PushService } from '../../supabase/tests/push-harness.ts'
import type { ExamplesServer } from '../serve.ts'
import { axeViolations, fakePushManager, launchBrowser, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
let stack: TestStack
let service: PushService
let web: ExamplesServer
let admin: SupabaseClient

beforeAll(async () => {
  run = await startExamples({ push: true })
  ;({ stack, web } = run)
  service = run.push.service
  admin = stack.client(stack.serviceRoleKey)
})

afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')

const TEXTS = {
  'fr-CA': {
    bubble: 'Discussion',
    name: 'Nom',
    email: 'Courriel',
    consent: /J’accepte/,
    start: 'Commencer la conversation',
    composer: 'Écrivez un message…',
    push: 'Activer les notifications',
    back: 'Retour aux conversations',
    new: 'Nouvelle conversation',
    close: 'Fermer la discussion'
  },
  en: {
    bubble: 'Chat',
    name: 'Name',
    email: 'Email',
    consent: /I agree/,
    start: 'Start the conversation',
    composer: 'Write a message…',
    push: 'Turn on notifications',
    back: 'Back to conversations',
    new: 'New conversation',
    close: 'Close chat'
  }
} as const

const within = { timeout: 20_000, interval: 50 }

/** Web Push subscriptions stored (endpoints are encrypted at rest: counted, not compared). */
async function subscriptions(): Promise<number> {
  const { count } = await admin.from('push_subscriptions').select('id', { count: 'exact', head: true }).eq('platform', 'web')
  return count ?? 0
}

describe.each(['fr-CA', 'en'] as const)('a tapped notification, %s', (locale) => {
  const text = TEXTS[locale]
  const first = `Ma première question (${locale})`
  const second = `Une autre question (${locale})`
  let browser: TestBrowser
  let page: Page
  let worker: Worker
  let firstId = ''

  /** The dealer's page. */
  async function load(url: string) {
    await page.goto(url)
    await page.locator('parley-chat').getByRole('button', { name: text.bubble }).waitFor()
  }

  async function startConversation(message: string) {
    await panel(page).getByLabel(text.name).fill('Ada Lovelace')
    await panel(page).getByLabel(text.email).fill('ada@example.com')
    await panel(page).getByLabel(text.consent).check()
    await panel(page).getByRole('button', { name: text.start }).click()
    const composer = panel(page).getByRole('textbox', { name: text.composer })
    await composer.fill(message)
    await composer.press('Enter')
    await expect.poll(() => panel(page).locator('.message.mine').last().getAttribute('data-state'), within).toMatch(/sent|read/)
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    await browser.context.grantPermissions(['notifications'], { origin: web.url })
    const subscription = browserSubscription(`${service.url}/push/${locale}`)
    await fakePushManager(browser.context, subscription)
    // The example page is French; in English it says so before the widget reads it.
    if (locale === 'en')
      await browser.context.addInitScript(() =>
        new MutationObserver((_, observer) => {
          if (!document.documentElement) return
          document.documentElement.lang = 'en'
          observer.disconnect()
        }).observe(document, { childList: true })
      )
    page = await browser.context.newPage()
  })
  afterAll(() => browser?.close())

  it('a subscribed visitor with two conversations', async () => {
    await load(`${web.url}/dealer/`)
    await page.locator('parley-chat').getByRole('button', { name: text.bubble }).click()
    await startConversation(first)
    const before = await subscriptions()
    const workerReady = browser.context.waitForEvent('serviceworker', { timeout: 30_000 })
    await panel(page).getByRole('button', { name: text.push }).click()
    worker = browser.context.serviceWorkers()[0] ?? (await workerReady)
    await expect.poll(subscriptions, within).toBe(before + 1)
    const { rows } = await stack.db.pool.query('select conversation_id from public.chat_messages where content = $1', [first])
    firstId = rows[0].conversation_id
    await panel(page).getByRole('button', { name: text.back }).click()
    await panel(page).getByRole('button', { name: text.new }).click()
    await startConversation(second)
  })

  it('a tap with no page open: the page the worker opens has the widget open on that conversation', async () => {
    await load(`${web.url}/dealer/?parley_conversation=${firstId}`)
    await panel(page).getByText(first).waitFor()
    expect(await panel(page).isVisible()).toBe(true)
    expect(await panel(page).getByText(second).count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
  })

  it('a tap with the page open: the worker’s message opens the widget on that conversation', async () => {
    await load(`${web.url}/dealer/`)
    await page.locator('parley-chat').getByRole('button', { name: text.bubble }).click()
    await panel(page).getByRole('button', { name: text.back }).click()
    await panel(page).getByRole('button', { name: text.close }).click()
    await expect.poll(() => panel(page).isVisible(), within).toBe(false)
    // What the worker's notificationclick handler posts to a page on the notification's URL.
    await worker.evaluate(async (id) => {
      const scope = self as unknown as { clients: { matchAll(options: object): Promise<{ postMessage(message: unknown): void }[]> } }
      for (const client of await scope.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
        client.postMessage({ type: 'parley:notificationclick', data: { conversation_id: id } })
      }
    }, firstId)
    await expect.poll(() => panel(page).isVisible(), within).toBe(true)
    await panel(page).getByText(first).waitFor()
    expect(await axeViolations(page)).toEqual([])
  })

  it('a subscription the browser rotated is registered again', async () => {
    const before = await subscriptions()
    const rotated = browserSubscription(`${service.url}/push/${locale}-rotated`)
    // What the worker's pushsubscriptionchange handler posts once it has resubscribed.
    await worker.evaluate(
      async (subscription) => {
        const scope = self as unknown as { clients: { matchAll(options: object): Promise<{ postMessage(message: unknown): void }[]> } }
        for (const client of await scope.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
          client.postMessage({ type: 'parley:pushsubscriptionchange', subscription })
        }
      },
      { endpoint: rotated.endpoint, keys: rotated.keys }
    )
    await expect.poll(subscriptions, within).toBe(before + 1)
  })
})
