// @vitest-environment node
// Quick replies and analytics in the staff app. An admin writes a shared quick reply (refusals
// said in words); an agent types / in the composer, picks it from the keyboard, edits the
// filled text and sends it, and the customer receives it; the admin sees it used, opens the
// analytics, sees the figures and downloads the CSV. axe-clean, fr-CA and en, phone and desktop.
import { readFile } from 'node:fs/promises'
import { createParley, type Parley } from '@parley/core'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import { axeViolations, launchBrowser, signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

let run: ExamplesRun
let adminBrowser: TestBrowser
let customer: Parley
let conversationId: string

beforeAll(async () => {
  run = await startExamples({ browser: true })
  adminBrowser = await launchBrowser()
  customer = createParley({ supabase: run.stack.client() }, { storage: null })
  const started = await customer.startConversation({
    organization_id: DEMO.organizationId,
    customer_name: 'Ada Roy',
    customer_email: 'ada@example.com',
    subject: 'Garantie'
  })
  conversationId = started.conversation_id
  await customer.sendMessage({ conversation_id: conversationId, content: 'Ma garantie couvre-t-elle la transmission?' })
})

afterAll(async () => {
  await customer?.destroy()
  await adminBrowser?.close()
  await run?.close()
})

const replies = (page: Page) => page.locator('parley-reply-templates')
const analytics = (page: Page) => page.locator('parley-analytics')

/** Shows an element in another language, as a page with `lang="fr-CA"` would. */
async function speak(page: Page, selector: string, lang: string): Promise<void> {
  await page.locator(selector).evaluate((element, value) => element.setAttribute('lang', value), lang)
}

async function adminPage(): Promise<Page> {
  const page = await adminBrowser.context.newPage()
  await signInStaff(page, run.web.url, DEMO.admin.email)
  return page
}

it('an admin writes a shared quick reply; mistakes are said in words', async () => {
  const page = await adminPage()
  await page.getByRole('link', { name: 'Quick replies' }).click()
  const editor = replies(page).getByRole('form', { name: 'New quick reply' })
  await editor.waitFor()
  expect(await axeViolations(page, 'parley-reply-templates')).toEqual([])

  await editor.getByLabel('Title').fill('Warranty coverage')
  await editor.getByLabel('Shortcut').fill('/garantie')
  await editor.getByLabel('French text').fill('Bonjour {{customer.nom}}')
  await editor.getByLabel('English text').fill('Hello {{customer.name}}, {{dealer.name}} checks warranty {{warranty.number}}.')
  await editor.getByLabel('The whole team').check()
  await editor.getByRole('button', { name: 'Create' }).click()
  await replies(page).getByRole('alert').filter({ hasText: 'The French text uses {{customer.nom}}, which is not a variable.' }).waitFor()

  await editor.getByLabel('French text').fill('Bonjour {{customer.name}}, {{dealer.name}} vérifie votre garantie.')
  await editor.getByRole('button', { name: 'Create' }).click()
  await replies(page).getByText('Quick reply created.').waitFor()
  await replies(page).getByRole('table', { name: 'Shared with the team' }).getByRole('rowheader', { name: '/garantie' }).waitFor()

  // The same shortcut again among the shared replies: refused, in words.
  await editor.getByLabel('Title').fill('Again')
  await editor.getByLabel('Shortcut').fill('/garantie')
  await editor.getByLabel('English text').fill('Hi')
  await editor.getByLabel('The whole team').check()
  await editor.getByRole('button', { name: 'Create' }).click()
  await replies(page).getByRole('alert').filter({ hasText: 'The shortcut /garantie is already used by another quick reply' }).waitFor()
  expect(await axeViolations(page, 'parley-reply-templates')).toEqual([])
  await page.close()
})

it('an agent types /, picks the reply from the keyboard, edits it and sends it; the customer receives the filled text', async () => {
  const page = await run.browser.context.newPage()
  await signInStaff(page, run.web.url)
  // Agents see quick replies but not analytics.
  await page.getByRole('link', { name: 'Quick replies' }).waitFor()
  expect(await page.getByRole('link', { name: 'Analytics' }).count()).toBe(0)

  await page.goto(`${run.web.url}/staff/#/chat/${conversationId}`)
  const inbox = page.locator('parley-inbox')
  await inbox.getByText('Ma garantie couvre-t-elle la transmission?').waitFor()
  await speak(page, 'parley-inbox', 'fr-CA')
  const composer = inbox.getByRole('textbox', { name: 'Réponse' })
  await composer.click()
  await page.keyboard.type('Merci! /')
  const picker = inbox.getByRole('combobox', { name: 'Réponse rapide' })
  await expect.poll(() => picker.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true)
  expect(await picker.getAttribute('aria-expanded')).toBe('true')
  await page.keyboard.type('gar')
  const option = inbox.getByRole('option', { name: /\/garantie/ })
  await option.waitFor()
  expect(await picker.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'))
  expect(await axeViolations(page, 'parley-inbox')).toEqual([])
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter')

  const filled = 'Merci! Bonjour Ada Roy, Garage Lavoie Auto vérifie votre garantie.'
  await expect.poll(() => composer.inputValue()).toBe(filled)
  expect(await picker.count()).toBe(0)
  // Nothing was sent: the agent edits before sending.
  expect((await customer.loadMessages(conversationId)).map((message) => message.content)).not.toContain(filled)
  await page.keyboard.type(' Je vous reviens aujourd’hui.')
  await page.keyboard.press('Enter')
  await expect
    .poll(async () => (await customer.loadMessages(conversationId)).map((message) => message.content))
    .toContain(`${filled} Je vous reviens aujourd’hui.`)

  // The role that may not read analytics is told so.
  await page.goto(`${run.web.url}/staff/#/analytics`)
  await analytics(page).getByText('Your role (agent) does not give access to operations analytics.').waitFor()
  await page.close()
})

it('an admin sees the reply used, reads the analytics and downloads the CSV, in English and French', async () => {
  const page = await adminPage()
  await page.getByRole('link', { name: 'Quick replies' }).click()
  await replies(page)
    .getByRole('row', { name: /\/garantie/ })
    .getByText('once')
    .waitFor()

  await page.getByRole('link', { name: 'Analytics' }).click()
  const view = analytics(page)
  await view.getByRole('heading', { name: 'Operations analytics' }).waitFor()
  const tile = (name: string) => view.getByRole('term').filter({ hasText: name }).locator('xpath=following-sibling::dd')
  await expect.poll(async () => Number(await tile('Conversations opened').textContent())).toBeGreaterThanOrEqual(1)
  await expect.poll(async () => Number(await tile('Answered').textContent())).toBeGreaterThanOrEqual(1)
  await view.getByRole('img', { name: /First response time/ }).waitFor()
  await view.getByRole('img', { name: /Open conversations by age/ }).waitFor()
  expect(await axeViolations(page, 'parley-analytics')).toEqual([])

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    view.getByRole('button', { name: 'Download CSV', exact: true }).click()
  ])
  expect(download.suggestedFilename()).toMatch(/^parley-operations-day-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
  const csv = await readFile((await download.path())!, 'utf8')
  const [header, ...lines] = csv.split('\r\n')
  expect(header).toMatch(/^period_start,agent_id,agent_name,conversations_opened,/)
  expect(lines.filter(Boolean).length).toBe(30)

  await view.getByLabel('Group by').selectOption('week')
  await view.getByRole('img', { name: /Conversations opened and resolved per week/ }).waitFor()

  await speak(page, 'parley-analytics', 'fr-CA')
  await view.getByRole('heading', { name: 'Statistiques des opérations' }).waitFor()
  await view.getByRole('img', { name: /Délai de première réponse/ }).waitFor()
  expect(await axeViolations(page, 'parley-analytics')).toEqual([])
  await page.close()
})

it('fits a phone: analytics, quick replies and the / picker, axe-clean in dark mode', async () => {
  const phone = await launchBrowser({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' })
  try {
    const page = await phone.context.newPage()
    await signInStaff(page, run.web.url, DEMO.admin.email)
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    await page.goto(`${run.web.url}/staff/#/analytics`)
    await analytics(page)
      .getByRole('img', { name: /First response time/ })
      .waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    expect(await axeViolations(page, 'parley-analytics')).toEqual([])
    await page.goto(`${run.web.url}/staff/#/replies`)
    await replies(page).getByRole('rowheader', { name: '/garantie' }).waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    expect(await axeViolations(page, 'parley-reply-templates')).toEqual([])
    // The / picker opens over the composer, inside the screen, and Escape gives the composer back.
    await page.goto(`${run.web.url}/staff/#/chat/${conversationId}`)
    const inbox = page.locator('parley-inbox')
    await inbox.getByText('Ma garantie couvre-t-elle la transmission?').waitFor()
    await inbox.getByRole('textbox', { name: 'Reply' }).click()
    await page.keyboard.type('/')
    const list = inbox.getByRole('listbox', { name: 'Quick replies' })
    await list.getByRole('option', { name: /\/garantie/ }).waitFor()
    const box = (await inbox.locator('[part="quick-replies"]').boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(await axeViolations(page, 'parley-inbox')).toEqual([])
    await page.keyboard.press('Escape')
    await expect.poll(() => list.count()).toBe(0)
    expect(await inbox.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('/')
  } finally {
    await phone.close()
  }
})
