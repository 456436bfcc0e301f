// @vitest-environment node
// The link a dealer e-mails for a claim (a claim token, no conversation), opened by a new
// visitor in headless Chromium against the local stack with the demo seed, in both languages.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestStack } from '../../packages/local/test/stack.ts'
import { DEMO } from '../../supabase/tests/kit/demo.ts'
import type { ExamplesServer } from '../serve.ts'
import { axeViolations, launchBrowser, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer

beforeAll(async () => {
  run = await startExamples({ agent: true })
  ;({ stack, web } = run)
})

afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')

const TEXTS = {
  'fr-CA': {
    heading: 'Réclamation RC-2026-0042',
    step: 'En analyse',
    by: /par Julie Tremblay/,
    ask: 'Poser une question sur cette réclamation',
    as: /Au nom de Sophie Gagnon/,
    composer: 'Écrivez un message…',
    open: 'Ouvrir la conversation sur cette réclamation'
  },
  en: {
    heading: 'Claim RC-2026-0042',
    step: 'Under review',
    by: /by Julie Tremblay/,
    ask: 'Ask about this claim',
    as: /As Sophie Gagnon/,
    composer: 'Write a message…',
    open: 'Open the conversation about this claim'
  }
} as const

describe.each(['fr-CA', 'en'] as const)('a claim link, %s', (locale) => {
  const text = TEXTS[locale]
  let browser: TestBrowser
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    page = await browser.context.newPage()
  })
  afterAll(() => browser?.close())

  it('opens the claim: number, current status and who changed it, with one tap to ask about it', async () => {
    await page.goto(`${web.url}/dealer/claim.html#token=${DEMO.claimToken}&lang=${locale}`)
    await panel(page).getByRole('heading', { name: text.heading }).waitFor()
    await panel(page).locator('.steps [aria-current="step"]', { hasText: text.step }).waitFor()
    await panel(page).locator('.history li', { hasText: text.by }).first().waitFor()
    const ask = panel(page).getByRole('button', { name: text.ask })
    await expect.poll(() => ask.getAttribute('aria-describedby')).toBeTruthy()
    await panel(page).getByText(text.as).waitFor()
    // Nothing else to fill in: no pre-chat form.
    expect(await panel(page).locator('form.prechat').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
  })

  it('“ask about this claim” starts a conversation linked to it, with the claim still in view', async () => {
    await panel(page).getByRole('button', { name: text.ask }).click()
    const composer = panel(page).getByRole('textbox', { name: text.composer })
    await composer.fill(`Quand la pièce arrivera-t-elle ? (${locale})`)
    await composer.press('Enter')
    await expect.poll(() => panel(page).locator('.message.mine').last().getAttribute('data-state')).toMatch(/sent|read/)
    await panel(page).getByRole('heading', { name: text.heading }).waitFor()
    const { rows } = await stack.db.pool.query(
      `select c.claim_id, c.customer_name, c.customer_email, c.subject from public.chat_messages m
       join public.chat_conversations c on c.id = m.conversation_id where m.content = $1 order by m.created_at desc limit 1`,
      [`Quand la pièce arrivera-t-elle ? (${locale})`]
    )
    expect(rows[0]).toEqual({
      claim_id: DEMO.claimId,
      customer_name: 'Sophie Gagnon',
      customer_email: 'sophie.gagnon@example.com',
      subject: text.heading
    })
    expect(await axeViolations(page)).toEqual([])
  })

  it('the same link later leads to that conversation', async () => {
    await page.reload()
    await panel(page).getByRole('button', { name: text.open }).click()
    await panel(page).getByText(`Quand la pièce arrivera-t-elle ? (${locale})`).waitFor()
  })

  it('a reply in that conversation while the visitor is on the claim page shows as unread, until they open it', async () => {
    await page.reload()
    const open = panel(page).getByRole('button', { name: text.open })
    await open.waitFor()
    const { rows } = await stack.db.pool.query(
      'select conversation_id from public.chat_messages where content = $1 order by created_at desc limit 1',
      [`Quand la pièce arrivera-t-elle ? (${locale})`]
    )
    await run.agent.sendMessage({ conversation_id: rows[0].conversation_id, content: `Jeudi (${locale})` })
    await expect.poll(() => page.title()).toMatch(/^\(1\) /)
    await open.click()
    await panel(page).getByText(`Jeudi (${locale})`).waitFor()
    await expect.poll(() => page.title()).not.toMatch(/^\(\d+\) /)
  })
})

describe('a claim link the dealer revoked', () => {
  it('a visitor on the claim when it is revoked is told so, not left on “Reconnecting…”', async () => {
    const browser = await launchBrowser()
    const page = await browser.context.newPage()
    await page.goto(`${web.url}/dealer/claim.html#token=${DEMO.claimToken}&lang=fr-CA`)
    await panel(page).locator('.steps [aria-current="step"]').waitFor()
    const { error } = await run.agent.supabase.rpc('revoke_claim_access_token', { claim_id: DEMO.claimId })
    expect(error).toBeNull()
    await panel(page).getByRole('alert').filter({ hasText: 'Ce lien n’est plus valide.' }).waitFor()
    await expect.poll(() => panel(page).getByText('Reconnexion…').count()).toBe(0)
    expect(await panel(page).locator('.steps').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    await browser.close()
  })

  it('opened later, it says so in the visitor’s language, with the form to write to the dealer', async () => {
    for (const [locale, said, form] of [
      ['fr-CA', 'Ce lien n’est plus valide.', 'Nom'],
      ['en', 'This link is no longer valid.', 'Name']
    ] as const) {
      const browser = await launchBrowser()
      const page = await browser.context.newPage()
      await page.goto(`${web.url}/dealer/claim.html#token=${DEMO.claimToken}&lang=${locale}`)
      await panel(page).getByRole('alert').filter({ hasText: said }).waitFor()
      await panel(page).getByLabel(form, { exact: true }).waitFor()
      expect(await axeViolations(page)).toEqual([])
      await browser.close()
    }
  })
})
