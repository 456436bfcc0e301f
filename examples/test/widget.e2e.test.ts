// @vitest-environment node
// A customer on the dealer page and an agent in the staff console, in headless Chromium,
// against the local stack with the demo seed.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../supabase/tests/kit/demo.ts'
import type { ExamplesServer } from '../serve.ts'
import { axeViolations, launchBrowser, signInStaff, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
let web: ExamplesServer
let browser: TestBrowser
let customer: Page
let agent: Page

beforeAll(async () => {
  run = await startExamples({ browser: true })
  ;({ web, browser } = run)
  customer = await browser.context.newPage()
  agent = await browser.context.newPage()
})

afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')
/** The widget's files this page has loaded (from the network or its cache). */
const widgetFiles = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').flatMap((entry) => /\/widget\/([^/?]+\.js)/.exec(entry.name)?.[1] ?? []))

describe('dealer page and staff console', () => {
  it('a customer starts a conversation and chats both ways with an agent, with typing and read ticks', async () => {
    await customer.goto(`${web.url}/dealer/`)
    await customer.locator('parley-chat').getByRole('button', { name: 'Discussion' }).click()
    await customer.getByLabel('Nom').waitFor()
    // A new visitor's first open: the app with the pre-chat form; Realtime waits for the form.
    expect(await widgetFiles(customer)).toEqual(
      expect.arrayContaining(['parley.js', 'parley-app.js', 'parley-fr-CA.js', 'parley-prechat.js'])
    )
    expect(await widgetFiles(customer)).not.toContain('parley-realtime.js')
    await customer.getByLabel('Nom').fill('Ada Lovelace')
    await customer.getByLabel('Courriel').fill('ada@example.com')
    await customer.getByLabel(/J’accepte/).check()
    await customer.getByRole('button', { name: 'Commencer la conversation' }).click()
    const composer = customer.getByRole('textbox', { name: 'Écrivez un message…' })
    await composer.fill('Bonjour, ma transmission glisse.')
    await composer.press('Enter')
    await expect.poll(() => panel(customer).locator('.message.mine').last().getAttribute('data-state')).toMatch(/sent|read/)

    await signInStaff(agent, web.url)
    await agent.getByRole('button', { name: /Ada Lovelace/ }).click()
    await agent.getByText('Bonjour, ma transmission glisse.').waitFor()
    // The agent opened it: the customer's message shows as read.
    await panel(customer).locator('.message.mine[data-state="read"]').first().waitFor()

    await agent.getByLabel('Reply').pressSequentially('Bonjour Ada')
    await panel(customer).getByText('Julie Tremblay écrit…').waitFor()
    await agent.getByLabel('Reply').press('Enter')
    await panel(customer).getByText('Bonjour Ada').waitFor()

    await composer.pressSequentially('Merci')
    await agent.getByText('Ada Lovelace is typing…').waitFor()
    await composer.press('Enter')
    await agent.locator('.message.customer', { hasText: 'Merci' }).waitFor()
    await agent
      .getByText(/Seen by customer/)
      .first()
      .waitFor()
  })

  it('sends an attachment the agent can open', async () => {
    await customer
      .locator('parley-chat input[type=file]')
      .setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% Parley test\n') })
    await panel(customer).locator('.message.mine .file', { hasText: 'facture.pdf' }).waitFor()
    const link = agent.getByRole('link', { name: 'facture.pdf' })
    await link.waitFor()
    expect(await link.getAttribute('href')).toContain('/storage/v1/object/sign/chat-attachments/')
  })

  it('keeps the conversation across a reload', async () => {
    await customer.reload()
    // A returning visitor's app and Realtime load when the browser is idle, before any click;
    // the pre-chat form and the push opt-in do not load at all.
    await expect.poll(() => widgetFiles(customer)).toEqual(expect.arrayContaining(['parley-app.js', 'parley-realtime.js']))
    await customer.locator('parley-chat').getByRole('button', { name: 'Discussion' }).click()
    await panel(customer).getByText('Bonjour Ada').waitFor()
    expect(await panel(customer).getByLabel('Nom').count()).toBe(0)
    expect((await widgetFiles(customer)).filter((file) => /^parley-(prechat|push)/.test(file))).toEqual([])
  })

  it('shows a claim update live on the customer side', async () => {
    // The claim's customer on their own device: in this profile, Ada would first be asked
    // whether to open someone else's conversation.
    const sophie = await launchBrowser()
    const follower = await sophie.context.newPage()
    await follower.goto(`${web.url}/dealer/claim.html#token=${DEMO.conversationToken}`)
    await panel(follower).locator('.steps [aria-current="step"]', { hasText: 'En analyse' }).waitFor()

    await agent.getByRole('button', { name: /Sophie Gagnon/ }).click()
    await agent.getByLabel('New claim status').selectOption('approved')
    await agent.getByLabel('Reason').fill('Couverture confirmée par l’assureur')
    await agent.getByRole('button', { name: 'Change claim status' }).click()

    await panel(follower).locator('.steps [aria-current="step"]', { hasText: 'Approuvée' }).waitFor()
    await panel(follower).getByText('Historique').click()
    await panel(follower).getByText('Raison : Couverture confirmée par l’assureur').waitFor()
    await sophie.close()
  })

  it('has no axe violations on the dealer page with the panel open', async () => {
    expect(await axeViolations(customer)).toEqual([])
  })
})

describe('a hostile page under a strict CSP', () => {
  it('renders the widget untouched, without CSP violations, and leaves html and body alone', async () => {
    // A fresh profile: a new visitor, not the one of the dealer page tests.
    const stranger = await launchBrowser()
    const page = await stranger.context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
    })
    await page.goto(`${web.url}/strict/`)
    const before = await page.evaluate(() => [
      document.documentElement.getAttribute('style'),
      document.body.getAttribute('style'),
      getComputedStyle(document.body).overflow
    ])
    const bubble = page.locator('parley-chat').getByRole('button', { name: 'Chat' })
    await bubble.click()
    await panel(page).getByLabel('Name').waitFor()
    const looks = await page.locator('parley-chat').evaluate((host) => {
      const root = host.shadowRoot!
      const style = (selector: string) => getComputedStyle(root.querySelector(selector)!)
      return {
        panel: style('[role="dialog"]').display,
        panelFont: style('[role="dialog"]').fontFamily,
        input: style('input').fontSize,
        bubbleBorder: style('button.b').borderTopWidth,
        // The panel's own svg rules must not reach the bubble's icon once the app has loaded.
        bubbleIcon: [style('button.b svg').fill, style('button.b svg').width],
        hostOpacity: getComputedStyle(host).opacity
      }
    })
    expect(looks.panel).toBe('flex')
    expect(looks.panelFont).not.toContain('Comic Sans')
    expect(looks.input).toBe('16px')
    expect(looks.bubbleBorder).toBe('0px')
    expect(looks.bubbleIcon).toEqual(['rgb(255, 255, 255)', '28px'])
    expect(looks.hostOpacity).toBe('1')
    await page.getByLabel('Name').fill('Grace Hopper')
    await page.getByLabel('Email').fill('grace@example.com')
    await page.getByLabel(/I agree/).check()
    await page.getByRole('button', { name: 'Start the conversation' }).click()
    const composer = page.getByRole('textbox', { name: 'Write a message…' })
    await composer.fill('Hello from a strict page')
    await composer.press('Enter')
    await expect.poll(() => panel(page).locator('.message.mine').last().getAttribute('data-state')).toMatch(/sent|read/)
    expect(
      await page.evaluate(() => [
        document.documentElement.getAttribute('style'),
        document.body.getAttribute('style'),
        getComputedStyle(document.body).overflow
      ])
    ).toEqual(before)
    expect(violations).toEqual([])
    expect(await page.evaluate(() => Object.keys(window).filter((key) => /parley/i.test(key)))).toEqual(['Parley'])
    await stranger.close()
  })
})
