// @vitest-environment node
// A returning customer with several conversations and a claim: the home view lists them with
// status and unread counts, switching is instant, a new conversation is always one tap away.
// Headless Chromium against the local stack with the demo seed, in both languages.
import type { Parley } from '@parley/core'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../packages/core/test/helpers.ts'
import type { ExamplesServer } from '../serve.ts'
import { axeViolations, launchBrowser, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
let web: ExamplesServer
let agent: Parley

beforeAll(async () => {
  run = await startExamples({ agent: true })
  ;({ web, agent } = run)
})

afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')

const TEXTS = {
  'fr-CA': {
    back: 'Retour aux conversations',
    home: 'Vos conversations',
    claim: /Réclamation RC-2026-0042\s*En analyse/,
    seeded: 'Transmission claim RC-2026-0042',
    new: 'Nouvelle conversation',
    name: 'Nom',
    email: 'Courriel',
    consent: /J’accepte/,
    start: 'Commencer la conversation',
    composer: 'Écrivez un message…',
    unread: '1 non lus'
  },
  en: {
    back: 'Back to conversations',
    home: 'Your conversations',
    claim: /Claim RC-2026-0042\s*Under review/,
    seeded: 'Transmission claim RC-2026-0042',
    new: 'New conversation',
    name: 'Name',
    email: 'Email',
    consent: /I agree/,
    start: 'Start the conversation',
    composer: 'Write a message…',
    unread: '1 unread'
  }
} as const

describe.each(['fr-CA', 'en'] as const)('home, %s', (locale) => {
  const text = TEXTS[locale]
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    page = await browser.context.newPage()
  })
  afterAll(() => browser?.close())

  it('from a conversation, Back leads home: the claim with its status, the conversation, and New conversation', async () => {
    await page.goto(`${web.url}/dealer/claim.html#token=${DEMO.conversationToken}&lang=${locale}`)
    await panel(page).locator('.message').first().waitFor()
    await panel(page).getByRole('button', { name: text.back }).click()
    const home = panel(page).getByRole('navigation', { name: text.home })
    await home.getByRole('button', { name: text.claim }).waitFor()
    await home.getByRole('button', { name: text.seeded }).waitFor()
    expect(await axeViolations(page)).toEqual([])
  })

  it('a second conversation is started from home and listed beside the first', async () => {
    await panel(page).getByRole('button', { name: text.new }).click()
    await panel(page).getByLabel(text.name).fill('Sophie Gagnon')
    await panel(page).getByLabel(text.email).fill('sophie.gagnon@example.com')
    await panel(page).getByLabel(text.consent).check()
    await panel(page).getByRole('button', { name: text.start }).click()
    const composer = panel(page).getByRole('textbox', { name: text.composer })
    await composer.fill(`Et mes pneus d’hiver ? (${locale})`)
    await composer.press('Enter')
    await expect.poll(() => panel(page).locator('.message.mine').last().getAttribute('data-state')).toMatch(/sent|read/)
    await panel(page).getByRole('button', { name: text.back }).click()
    await expect.poll(() => panel(page).locator('.conversations li').count()).toBe(3)
  })

  it('back on the site later, a reply elsewhere shows as unread at home, and opening it is instant', async () => {
    // The same page without the link, loaded afresh: a returning visitor.
    await page.goto(`${web.url}/dealer/claim.html#lang=${locale}`)
    await page.reload()
    await page.locator('parley-chat').getByRole('button').first().click()
    await panel(page).getByRole('button', { name: text.back }).click()
    await expect.poll(() => panel(page).locator('.conversations li').count()).toBe(3)
    await agent.sendMessage({ conversation_id: DEMO.conversationId, content: `La pièce arrive jeudi (${locale})` })
    const seeded = panel(page).getByRole('button', { name: text.seeded })
    await seeded.getByText(text.unread).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await seeded.click()
    await panel(page).getByText(`La pièce arrive jeudi (${locale})`).waitFor({ timeout: 2_000 })
  })
})
