// @vitest-environment node
// The network drops while the visitor chats: a banner says so, messages wait (not failed) and
// go out by themselves, in order and once each, when it is back; a file that could not be
// sent keeps its chip with Retry and Remove; one refused for its size or type says why, with
// Remove only; an upload cut by going offline offers Retry at once. Headless Chromium, in both
// languages.
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
const TEXTS = {
  'fr-CA': {
    composer: 'Écrivez un message…',
    offline: /Vous êtes hors ligne/,
    waiting: 'En attente de la connexion…',
    retry: 'Réessayer photo.png',
    remove: 'Retirer photo.png',
    tooLarge: 'gros.pdf : non envoyé (photo, PDF ou texte, 10 Mo au plus).',
    badType: 'outil.exe : non envoyé (photo, PDF ou texte, 10 Mo au plus).'
  },
  en: {
    composer: 'Write a message…',
    offline: /You are offline/,
    waiting: 'Waiting for the connection…',
    retry: 'Retry photo.png',
    remove: 'Remove photo.png',
    tooLarge: 'gros.pdf: not sent (photo, PDF or text, up to 10 MB).',
    badType: 'outil.exe: not sent (photo, PDF or text, up to 10 MB).'
  }
} as const
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

describe.each(['fr-CA', 'en'] as const)('offline, %s', (locale) => {
  const text = TEXTS[locale]
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await page.goto(`${run.web.url}/dealer/claim.html#token=${DEMO.conversationToken}&lang=${locale}`)
    await panel(page).locator('.message').first().waitFor()
  })
  afterAll(() => browser?.close())

  it('a banner says the visitor is offline; messages wait, then go out in order, once each', async () => {
    await browser.context.setOffline(true)
    await panel(page).getByRole('status').filter({ hasText: text.offline }).waitFor()
    const composer = panel(page).getByRole('textbox', { name: text.composer })
    const sent = [`Hors ligne 1 (${locale})`, `Hors ligne 2 (${locale})`]
    for (const content of sent) {
      await composer.fill(content)
      await composer.press('Enter')
    }
    const mine = panel(page).locator('.message.mine')
    await expect.poll(() => mine.last().getAttribute('data-state')).toBe('pending')
    await mine.last().getByText(text.waiting).waitFor()
    expect(await panel(page).locator('[data-state="failed"]').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])

    await browser.context.setOffline(false)
    await expect.poll(() => mine.last().getAttribute('data-state'), { timeout: 30_000 }).toMatch(/sent|read/)
    await panel(page).getByRole('status').filter({ hasText: text.offline }).waitFor({ state: 'detached' })
    const { rows } = await run.stack.db.pool.query<{ content: string }>(
      'select content from chat_messages where conversation_id = $1 and content = any($2) order by created_at',
      [DEMO.conversationId, sent]
    )
    expect(rows.map((row) => row.content)).toEqual(sent)
  })

  it('a file that could not be sent keeps its chip with Retry and Remove; Retry sends it', async () => {
    // The connection drops during the upload itself.
    const upload = '**/storage/v1/object/**'
    await page.route(upload, (route) => route.abort('internetdisconnected'))
    await panel(page).locator('input[type="file"]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG })
    const retry = panel(page).getByRole('button', { name: text.retry })
    await retry.waitFor({ timeout: 30_000 })
    await panel(page).getByRole('button', { name: text.remove }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.unroute(upload)
    await retry.click()
    // Sent, then signed: the name shows as text only until the preview's URL is signed.
    await panel(page).locator('.message.mine').last().getByRole('img', { name: 'photo.png' }).waitFor({ timeout: 30_000 })
    await expect.poll(() => panel(page).locator('.uploads li').count()).toBe(0)
  })

  it('an upload the network drops mid-way offers Retry at once; Retry once back online sends it once', async () => {
    // The request reaches the server and hangs there, as a cut connection does.
    const upload = '**/storage/v1/object/**'
    await page.route(upload, () => undefined)
    await panel(page)
      .locator('input[type="file"]')
      .setInputFiles({ name: `cut-${locale}.png`, mimeType: 'image/png', buffer: PNG })
    await panel(page).locator('.uploads li').waitFor()
    await browser.context.setOffline(true)
    const retry = panel(page).getByRole('button', { name: text.retry.replace('photo.png', `cut-${locale}.png`) })
    await retry.waitFor()
    await page.unroute(upload)
    await browser.context.setOffline(false)
    await panel(page).getByRole('status').filter({ hasText: text.offline }).waitFor({ state: 'detached' })
    await retry.click()
    await panel(page)
      .locator('.message.mine')
      .last()
      .getByRole('img', { name: `cut-${locale}.png` })
      .waitFor()
    await expect.poll(() => panel(page).locator('.uploads li').count()).toBe(0)
    const { rows } = await run.stack.db.pool.query<{ count: number }>(
      `select count(*)::int from chat_messages where conversation_id = $1 and attachments->0->>'name' = $2`,
      [DEMO.conversationId, `cut-${locale}.png`]
    )
    expect(rows[0]!.count).toBe(1)
  })

  it('a file too large or of a refused type says why in the visitor’s language, with Remove and no Retry', async () => {
    const input = panel(page).locator('input[type="file"]')
    await input.setInputFiles({ name: 'gros.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) })
    await panel(page).locator('.uploads li.error', { hasText: text.tooLarge }).waitFor()
    await input.setInputFiles({ name: 'outil.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') })
    await panel(page).locator('.uploads li.error', { hasText: text.badType }).waitFor()
    expect(
      await panel(page)
        .locator('.uploads')
        .getByRole('button', { name: /Retry|Réessayer/ })
        .count()
    ).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    for (const name of ['gros.pdf', 'outil.exe']) {
      await panel(page)
        .getByRole('button', { name: text.remove.replace('photo.png', name) })
        .click()
    }
    await expect.poll(() => panel(page).locator('.uploads li').count()).toBe(0)
  })
})
