// @vitest-environment node
// A visitor with a conversation of their own opens someone else's access link (here the demo
// customer's): the widget names the dealer and the subject, nothing of the other person, and
// redeems the link only if they choose to; their own conversation stays reachable either way.
// Headless Chromium against the local stack with the demo seed, in both languages.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../packages/core/test/helpers.ts'
import type { TestStack } from '../../packages/local/test/stack.ts'
import type { ExamplesServer } from '../serve.ts'
import { axeViolations, launchBrowser, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer

beforeAll(async () => {
  run = await startExamples()
  ;({ stack, web } = run)
})

afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')

const TEXTS = {
  'fr-CA': {
    name: 'Nom',
    email: 'Courriel',
    consent: /J’accepte/,
    start: 'Commencer la conversation',
    composer: 'Écrivez un message…',
    ask: 'Ouvrir ce lien?',
    dealer: 'Ce lien ouvre une conversation avec Garage Lavoie Auto :',
    open: 'L’ouvrir',
    keep: 'Garder mes conversations',
    back: 'Retour aux conversations',
    home: 'Vos conversations'
  },
  en: {
    name: 'Name',
    email: 'Email',
    consent: /I agree/,
    start: 'Start the conversation',
    composer: 'Write a message…',
    ask: 'Open this link?',
    dealer: 'This link opens a conversation with Garage Lavoie Auto:',
    open: 'Open it',
    keep: 'Keep my conversations',
    back: 'Back to conversations',
    home: 'Your conversations'
  }
} as const

async function bindings(): Promise<number> {
  const { rows } = await stack.db.pool.query('select count(*)::int as n from public.conversation_access where conversation_id = $1', [
    DEMO.conversationId
  ])
  return rows[0].n
}

describe.each(['fr-CA', 'en'] as const)('an access link for a visitor with a conversation of their own, %s', (locale) => {
  const text = TEXTS[locale]
  const mine = `Mon propre message (${locale})`
  let browser: TestBrowser
  let page: Page
  let before = 0

  beforeAll(async () => {
    browser = await launchBrowser()
    page = await browser.context.newPage()
  })
  afterAll(() => browser?.close())

  it('a visitor starts a conversation of their own', async () => {
    await page.goto(`${web.url}/dealer/claim.html#lang=${locale}`)
    await page.locator('parley-chat').getByRole('button').first().click()
    await panel(page).getByLabel(text.name).fill('Marc Lefebvre')
    await panel(page).getByLabel(text.email).fill('marc.lefebvre@example.com')
    await panel(page).getByLabel(text.consent).check()
    await panel(page).getByRole('button', { name: text.start }).click()
    const composer = panel(page).getByRole('textbox', { name: text.composer })
    await composer.fill(mine)
    await composer.press('Enter')
    await expect
      .poll(() => panel(page).locator('.message.mine').last().getAttribute('data-state'), { timeout: 20_000, interval: 50 })
      .toMatch(/sent|read/)
    before = await bindings()
  })

  const openLink = async () => {
    await page.goto(`${web.url}/dealer/claim.html#token=${DEMO.conversationToken}&lang=${locale}`)
    await page.reload()
    await panel(page).getByRole('heading', { name: text.ask }).waitFor()
  }

  it('asks first, naming only the dealer and the subject: nothing is redeemed, no message shown', async () => {
    await openLink()
    await panel(page).getByText(text.dealer).waitFor()
    await panel(page).getByText('Transmission claim RC-2026-0042').waitFor()
    expect(await panel(page).locator('.message').count()).toBe(0)
    expect(await panel(page).textContent()).not.toContain('Sophie')
    expect(await bindings()).toBe(before)
    expect(await axeViolations(page)).toEqual([])
  })

  it('“keep my conversations” returns to theirs and leaves the link unredeemed', async () => {
    await panel(page).getByRole('button', { name: text.keep }).click()
    await panel(page).getByText(mine).waitFor()
    expect(await bindings()).toBe(before)
  })

  it('“open it” opens the conversation, and their own is still at home', async () => {
    await openLink()
    await panel(page).getByRole('button', { name: text.open }).click()
    await panel(page).locator('.message').first().waitFor()
    await expect.poll(bindings, { timeout: 20_000, interval: 50 }).toBe(before + 1)
    await panel(page).getByRole('button', { name: text.back }).click()
    const home = panel(page).getByRole('navigation', { name: text.home })
    await home.getByRole('button', { name: /Transmission claim RC-2026-0042/ }).waitFor()
    await expect.poll(() => panel(page).locator('.conversations li').count(), { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(2)
    expect(await axeViolations(page)).toEqual([])
  })
})
