// @vitest-environment node
// On a phone the chat panel covers the page: it is a modal dialog there, and Tab never
// reaches the page's links hidden behind it. On a desktop it sits beside the page, which
// Tab reaches as before. Headless Chromium, en on a phone, fr-CA on a desktop.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../supabase/tests/kit/demo.ts'
import { axeViolations, launchBrowser, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
beforeAll(async () => {
  run = await startExamples()
})
afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')
/** Tab `times` times and note whether focus was inside the widget after each. */
async function tabs(page: Page, times: number, shift = false): Promise<boolean[]> {
  const inside: boolean[] = []
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab')
    inside.push(await page.evaluate(() => document.activeElement?.tagName === 'PARLEY-CHAT'))
  }
  return inside
}

describe.each([
  { name: 'en on a phone', locale: 'en', viewport: { width: 390, height: 844 }, modal: true },
  { name: 'fr-CA on a desktop', locale: 'fr-CA', viewport: { width: 1280, height: 800 }, modal: false }
] as const)('the chat panel, $name', ({ locale, viewport, modal }) => {
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser({ viewport })
    page = await browser.context.newPage()
    await page.goto(`${run.web.url}/dealer/claim.html#token=${DEMO.conversationToken}&lang=${locale}`)
    await panel(page).locator('.message').first().waitFor()
  })
  afterAll(() => browser?.close())

  it(modal ? 'is modal: Tab and Shift+Tab stay inside it' : 'is beside the page: Tab reaches the page again', async () => {
    expect(await panel(page).getAttribute('aria-modal')).toBe(String(modal))
    const forward = await tabs(page, 30)
    const backward = await tabs(page, 30, true)
    if (modal) expect([...forward, ...backward].every(Boolean)).toBe(true)
    else expect([...forward, ...backward].some((inside) => !inside)).toBe(true)
    expect(await axeViolations(page)).toEqual([])
  })
})
