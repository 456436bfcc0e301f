// @vitest-environment node
// Two tabs of the dealer's site share one visitor: one session, one conversation. The stack
// issues tokens that expire at once (30 s, refreshed 60 s ahead) and refuses a rotated
// refresh token as soon as it is replaced (no reuse interval), so every request in either
// tab refreshes, and one stale refresh would end the session for both. Headless Chromium
// against the local stack with the demo seed, in both languages.
import type { Parley } from '@parley/core'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../supabase/tests/kit/demo.ts'
import { axeViolations, launchBrowser, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
let agent: Parley

beforeAll(async () => {
  run = await startExamples({ agent: true, auth: { jwtExpiry: 30, refreshTokenReuseInterval: 0 } })
  agent = run.agent
})
afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')
const bubble = (page: Page) => page.locator('parley-chat').getByRole('button').first()
const COMPOSER = { 'fr-CA': 'Écrivez un message…', en: 'Write a message…' } as const

/** The visitor's auth session id, from the token the tab holds. */
const sessionId = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(localStorage).find((name) => name.endsWith(':auth'))!
    const { access_token } = JSON.parse(localStorage.getItem(key)!) as { access_token: string }
    return (JSON.parse(atob(access_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { session_id: string }).session_id
  })

async function send(page: Page, locale: keyof typeof COMPOSER, text: string) {
  const composer = panel(page).getByRole('textbox', { name: COMPOSER[locale] })
  await composer.fill(text)
  await composer.press('Enter')
}

describe.each(['fr-CA', 'en'] as const)('two tabs, %s', (locale) => {
  let browser: TestBrowser
  let first: Page
  let second: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    first = await browser.context.newPage()
    second = await browser.context.newPage()
  })
  afterAll(() => browser?.close())

  it('both tabs send and receive in the one conversation while tokens keep expiring', async () => {
    await first.goto(`${run.web.url}/dealer/claim.html#token=${DEMO.conversationToken}&lang=${locale}`)
    await panel(first).locator('.message').first().waitFor()
    // The second tab: the same site later, without the link.
    await second.goto(`${run.web.url}/dealer/claim.html#lang=${locale}`)
    await bubble(second).click()
    await panel(second).locator('.message').first().waitFor()

    await send(first, locale, `Du premier onglet (${locale})`)
    await panel(second).getByText(`Du premier onglet (${locale})`).waitFor()
    await send(second, locale, `Du second onglet (${locale})`)
    await panel(first).getByText(`Du second onglet (${locale})`).waitFor()
    await agent.sendMessage({ conversation_id: DEMO.conversationId, content: `Réponse aux deux (${locale})` })
    for (const page of [first, second]) {
      await panel(page).getByText(`Réponse aux deux (${locale})`).waitFor()
      await expect.poll(() => panel(page).locator('.message.mine').last().getAttribute('data-state')).toMatch(/sent|read/)
      expect(await panel(page).locator('[data-state="failed"]').count()).toBe(0)
      expect(await axeViolations(page)).toEqual([])
    }
    const texts = (page: Page) => panel(page).locator('.message .text').allTextContents()
    expect(await texts(second)).toEqual(await texts(first))
  })

  it('the session lives on through the rotations, in both tabs', async () => {
    const id = await sessionId(first)
    expect(await sessionId(second)).toBe(id)
    const { rows } = await run.stack.db.pool.query<{ not_after: Date | null; rotations: number }>(
      `select s.not_after, (select count(*)::int from auth.refresh_tokens rt where rt.session_id = s.id) as rotations
         from auth.sessions s where s.id = $1`,
      [id]
    )
    expect(rows[0]!.not_after).toBeNull()
    expect(rows[0]!.rotations).toBeGreaterThan(3)
  })

  it('unread counts agree: a reply shows on both bubbles, and reading it in one clears the other', async () => {
    for (const page of [first, second]) {
      await panel(page).press('Escape')
      await expect.poll(() => bubble(page).getAttribute('aria-expanded')).toBe('false')
    }
    await agent.sendMessage({ conversation_id: DEMO.conversationId, content: `Encore une (${locale})` })
    for (const page of [first, second]) await expect.poll(() => bubble(page).getAttribute('aria-label')).toMatch(/\(1\)$/)
    await bubble(first).click()
    await panel(first).getByText(`Encore une (${locale})`).waitFor()
    await expect.poll(() => bubble(second).getAttribute('aria-label')).not.toMatch(/\(\d+\)$/)
  })
})
