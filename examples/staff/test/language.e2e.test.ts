// @vitest-environment node
// The staff app's one language, in Chromium: a French browser on a phone signs in (an admin,
// the longest header) and works
// in fr-CA (the app's chrome and the elements alike); an English desktop switches to French
// from the keyboard without leaving the page, keeps the choice on reload, and switches back.
// axe finds nothing in either language.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO, DEMO_PASSWORD } from '../../../supabase/tests/kit/demo.ts'
import { axeViolations, launchBrowser, signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

let run: ExamplesRun
let phone: TestBrowser

beforeAll(async () => {
  run = await startExamples({ browser: true })
  phone = await launchBrowser({ viewport: { width: 390, height: 844 }, locale: 'fr-CA' })
})

afterAll(async () => {
  await phone?.close()
  await run?.close()
})

/** Presses Tab until the focus is on the button named `name`; fails if it never gets there. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let step = 0; step < 40; step++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((wanted) => document.activeElement?.textContent === wanted, name)) return
  }
  throw new Error(`Tab never reached ${name}`)
}

const lang = (page: Page) => page.locator('html').getAttribute('lang')

it('a French browser on a phone: sign-in and console in fr-CA, elements included, axe-clean', async () => {
  const page = await phone.context.newPage()
  await page.goto(`${run.web.url}/staff/`)
  await page.getByRole('heading', { name: 'Console du personnel Parley' }).waitFor()
  expect(await lang(page)).toBe('fr-CA')
  expect(await page.title()).toBe('Console du personnel Parley')
  expect(await page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true')
  expect(await axeViolations(page)).toEqual([])

  await page.getByLabel('Courriel').fill(DEMO.admin.email)
  await page.getByLabel('Mot de passe').fill('not-the-password')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.getByRole('alert').getByText('Courriel ou mot de passe incorrect.').waitFor()
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()

  await page.getByRole('button', { name: 'Déconnexion' }).waitFor()
  expect(await page.getByRole('link', { name: 'Clavardage' }).getAttribute('aria-current')).toBe('page')
  await page.getByRole('link', { name: 'Statistiques' }).waitFor()
  const inbox = page.locator('parley-inbox')
  expect(await inbox.getAttribute('lang')).toBe('fr-CA')
  await inbox.getByRole('searchbox', { name: 'Rechercher des conversations' }).waitFor()
  // The longer French words still fit the phone: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true)
  expect(await axeViolations(page)).toEqual([])

  await page.getByRole('link', { name: 'Notifications', exact: true }).click()
  await page.getByText('Vos dernières notifications sont sous la cloche; en choisir une ouvre ce dont elle parle.').waitFor()
  await page.locator('parley-push-settings').getByText('Notifications push').first().waitFor()
  expect(await axeViolations(page)).toEqual([])
})

it('an English desktop switches to French from the keyboard on the same page, keeps it on reload, and back', async () => {
  const page = await run.browser.context.newPage()
  await signInStaff(page, run.web.url, DEMO.admin.email)
  expect(await lang(page)).toBe('en')
  await page.goto(`${run.web.url}/staff/#/replies`)
  const replies = page.locator('parley-reply-templates')
  await replies.getByRole('heading', { name: 'Quick replies' }).waitFor()
  expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true')
  expect(await axeViolations(page)).toEqual([])

  await page.locator('body').focus()
  await tabTo(page, 'Français')
  await page.keyboard.press('Enter')
  await replies.getByRole('heading', { name: 'Réponses rapides' }).waitFor()
  expect(new URL(page.url()).hash).toBe('#/replies')
  expect(await lang(page)).toBe('fr-CA')
  expect(await page.getByRole('link', { name: 'Réponses rapides' }).getAttribute('aria-current')).toBe('page')
  await page.getByRole('button', { name: 'Déconnexion' }).waitFor()
  await page.getByRole('button', { name: 'Vérification d’identité' }).waitFor()
  expect(await page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true')
  expect(await axeViolations(page)).toEqual([])

  await page.reload()
  await replies.getByRole('heading', { name: 'Réponses rapides' }).waitFor()
  await page.getByRole('link', { name: 'Équipe' }).waitFor()
  expect(new URL(page.url()).hash).toBe('#/replies')

  await page.getByRole('button', { name: 'Vérification d’identité' }).click()
  await page
    .getByRole('region', { name: 'Vérification d’identité' })
    .getByRole('button', { name: /^(Créer|Remplacer) le secret$/ })
    .waitFor()
  expect(await axeViolations(page)).toEqual([])

  await page.goto(`${run.web.url}/staff/#/replies`)
  await page.getByRole('button', { name: 'English' }).click()
  await replies.getByRole('heading', { name: 'Quick replies' }).waitFor()
  await page.getByRole('button', { name: 'Sign out' }).waitFor()
  expect(await lang(page)).toBe('en')
})
