// Screenshots for the docs (desktop and mobile, light and dark): `npm run build && node
// scripts/screenshots.ts [--only widget|staff]`. Starts its own local stack with the demo seed
// and shows the demo customer's conversation with its live claim timeline in the widget, and
// the staff elements in the staff app signed in as the demo admin.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Page } from 'playwright-core'
import { serveExamples } from '../examples/serve.ts'
import { launchBrowser, requireBuild } from '../examples/test/browser.ts'
import { startLocalStack } from '../packages/local/src/index.ts'

const CONVERSATION_TOKEN = 'd8dfb96614622f3f7c88ec9045e42bba15ca824d4a4c4f85682dc281e98bcb37'
const CONVERSATION_ID = '66666666-6666-4666-8666-666666666601'
const ORGANIZATION = '11111111-1111-4111-8111-111111111111'
const OUT = new URL('../docs/img/', import.meta.url).pathname

const VARIANTS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'mobile', viewport: { width: 390, height: 844 } }
] as const

const { values } = parseArgs({ options: { only: { type: 'string' } } })
const wanted = (part: 'widget' | 'staff') => !values.only || values.only === part

/** Each staff element in the staff app, as the demo admin, with Sophie Gagnon's conversation open. */
async function staffShots(page: Page, origin: string, suffix: string): Promise<void> {
  await page.goto(`${origin}/staff/`)
  await page.getByLabel('Email').fill('admin@lavoie.demo')
  await page.getByLabel('Password').fill('parley-demo')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const inbox = page.locator('parley-inbox')
  await inbox.getByRole('button', { name: /Sophie Gagnon/ }).click()
  await inbox
    .locator('parley-claim-tracker')
    .getByText(/Current status/)
    .waitFor()
  await inbox.locator('.message').first().waitFor()
  await page.waitForTimeout(300)
  const shoot = async (name: string, target: Page | ReturnType<Page['locator']>) => {
    const file = join(OUT, `staff-${name}-${suffix}.png`)
    await target.screenshot({ path: file })
    console.log(file)
  }
  await shoot('inbox', page)
  const tracker = inbox.locator('parley-claim-tracker')
  await tracker.scrollIntoViewIfNeeded()
  await shoot('claim-tracker', tracker)
  await page
    .locator('parley-notification-center')
    .getByRole('button', { name: /^Notifications/ })
    .click()
  await page.locator('parley-notification-center').getByRole('region', { name: 'Notifications' }).waitFor()
  await shoot('notification-center', page)
  await page.keyboard.press('Escape')
  await page.goto(`${origin}/staff/#/notifications`)
  await page.locator('parley-push-settings [role="status"]').waitFor()
  await page.waitForTimeout(300)
  await shoot('push-settings', page.locator('parley-push-settings'))
  await page.goto(`${origin}/staff/#/team`)
  const team = page.locator('parley-team')
  await team.getByLabel('E-mail address to invite').fill(`nouveau-${suffix}@lavoie.demo`)
  await team.getByRole('button', { name: 'Send invitation' }).click()
  await team.getByText('Invitation sent.').waitFor()
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(300)
  await shoot('team', page)
}

async function shot(page: Page, name: string): Promise<void> {
  const file = join(OUT, name)
  await page.screenshot({ path: file })
  console.log(file)
}

requireBuild()
const stateDir = await mkdtemp(join(tmpdir(), 'parley-screenshots-'))
const stack = await startLocalStack({ root: new URL('..', import.meta.url).pathname, stateDir, port: 55621, dbPort: 55622, reset: true })
const web = await serveExamples({ supabaseUrl: stack.url, supabaseAnonKey: stack.anonKey })
try {
  for (const variant of VARIANTS) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const browser = await launchBrowser({ viewport: variant.viewport, colorScheme })
      try {
        const page = await browser.context.newPage()
        if (wanted('staff')) await staffShots(page, web.url, `${variant.name}-${colorScheme}`)
        if (!wanted('widget')) continue
        await page.goto(`${web.url}/dealer/claim.html#token=${CONVERSATION_TOKEN}`)
        const dialog = page.locator('parley-chat [role="dialog"]')
        await dialog.locator('.steps [aria-current="step"]').waitFor()
        await dialog.locator('.message').first().waitFor()
        await page.waitForTimeout(300)
        const file = join(OUT, `widget-${variant.name}-${colorScheme}.png`)
        await page.screenshot({ path: file })
        console.log(file)
      } finally {
        await browser.close()
      }
    }
  }
  // Journeys, one screenshot per language, desktop light.
  const CLAIM_TOKEN = '2b6030c4d067189f257c72342f7debdcdbb17883bc5d716f3bb5e5fbc54f0892'
  for (const locale of ['fr-CA', 'en'] as const) {
    const browser = await launchBrowser({ viewport: VARIANTS[0].viewport })
    try {
      const page = await browser.context.newPage()
      await page.goto(`${web.url}/dealer/claim.html#token=${CLAIM_TOKEN}&lang=${locale}`)
      const dialog = page.locator('parley-chat [role="dialog"]')
      await dialog.locator('.claim-view .ask .note').waitFor()
      await dialog.locator('.history li').first().waitFor()
      await page.waitForTimeout(300)
      const file = join(OUT, `widget-claim-${locale}.png`)
      await page.screenshot({ path: file })
      console.log(file)
      // Home: the claim the visitor follows and their conversations, reached with Back.
      await page.goto(`${web.url}/dealer/claim.html#token=${CONVERSATION_TOKEN}&lang=${locale}`)
      await page.reload()
      await dialog.locator('.message').first().waitFor()
      await dialog.locator('header button').first().click()
      await dialog.locator('.conversations li').nth(1).waitFor()
      await page.waitForTimeout(300)
      const home = join(OUT, `widget-home-${locale}.png`)
      await page.screenshot({ path: home })
      console.log(home)
      // A tapped notification: the page opens with the widget on that conversation (a
      // subscribed visitor's page follows ?parley_conversation=).
      await page.evaluate((organization) => {
        const key = `parley:${organization}`
        localStorage.setItem(key, JSON.stringify({ ...JSON.parse(localStorage.getItem(key) ?? '{}'), pushId: 'screenshot' }))
      }, ORGANIZATION)
      await page.goto(`${web.url}/dealer/claim.html?parley_conversation=${CONVERSATION_ID}#lang=${locale}`)
      await dialog.locator('.message').first().waitFor()
      await page.waitForTimeout(300)
      await shot(page, `widget-notification-tap-${locale}.png`)
      // Offline: the banner, and a message waiting for the connection.
      await browser.context.setOffline(true)
      await dialog.locator('.banner').waitFor()
      await dialog.locator('textarea').fill(locale === 'en' ? 'Is the part in yet?' : 'La pièce est-elle arrivée ?')
      await dialog.locator('textarea').press('Enter')
      await dialog.locator('.message.mine[data-state="pending"]').last().waitFor()
      await page.waitForTimeout(300)
      await shot(page, `widget-offline-${locale}.png`)
      await browser.context.setOffline(false)
      await dialog.locator('.banner').waitFor({ state: 'detached' })
      // A file whose upload failed: Retry and Remove.
      await page.route('**/storage/v1/object/**', (route) => route.abort('internetdisconnected'))
      await dialog
        .locator('input[type="file"]')
        .setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') })
      await dialog.locator('.uploads li.error').waitFor()
      await page.waitForTimeout(300)
      await shot(page, `widget-attachment-failed-${locale}.png`)
      await page.unroute('**/storage/v1/object/**')
      await dialog.locator('.uploads li.error button.icon').click()
      // Two tabs of the site: the same conversation, live in both.
      const second = await browser.context.newPage()
      await second.goto(`${web.url}/dealer/claim.html#lang=${locale}`)
      await second.locator('parley-chat').getByRole('button').first().click()
      const secondDialog = second.locator('parley-chat [role="dialog"]')
      await secondDialog.locator('.message').first().waitFor()
      await secondDialog.locator('textarea').fill(locale === 'en' ? 'Sent from the second tab' : 'Envoyé du second onglet')
      await secondDialog.locator('textarea').press('Enter')
      await dialog.getByText(locale === 'en' ? 'Sent from the second tab' : 'Envoyé du second onglet').waitFor()
      await page.waitForTimeout(300)
      const [left, right] = await Promise.all([page.screenshot(), second.screenshot()])
      const sideBySide = await browser.context.newPage()
      await sideBySide.setViewportSize({ width: 1280, height: 420 })
      await sideBySide.setContent(
        `<body style="margin:0;display:flex;gap:8px;background:#334155">${[left, right]
          .map((png) => `<img style="width:636px" src="data:image/png;base64,${png.toString('base64')}">`)
          .join('')}</body>`
      )
      await shot(sideBySide, `widget-tabs-${locale}.png`)
      await second.close()
      await sideBySide.close()
      // Someone else's access link, opened by a visitor with a conversation of their own.
      const visitor = await launchBrowser({ viewport: VARIANTS[0].viewport })
      const other = await visitor.context.newPage()
      await other.goto(`${web.url}/dealer/claim.html#lang=${locale}`)
      await other.locator('parley-chat').getByRole('button').first().click()
      const panel = other.locator('parley-chat [role="dialog"]')
      await panel.locator('#parley-name').fill('Marc Lefebvre')
      await panel.locator('#parley-email').fill('marc.lefebvre@example.com')
      await panel.locator('#parley-consent').check()
      await panel.locator('form.prechat button[type="submit"]').click()
      await panel.locator('textarea').waitFor()
      await other.goto(`${web.url}/dealer/claim.html#token=${CONVERSATION_TOKEN}&lang=${locale}`)
      await other.reload()
      await panel.locator('#parley-link-title').waitFor()
      await other.waitForTimeout(300)
      const consent = join(OUT, `widget-link-consent-${locale}.png`)
      await other.screenshot({ path: consent })
      console.log(consent)
      await visitor.close()
    } finally {
      await browser.close()
    }
  }
} finally {
  await web.close()
  await stack.stop()
  await rm(stateDir, { recursive: true, force: true })
}
