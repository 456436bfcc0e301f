// @vitest-environment node
// What a customer gets when their conversation is resolved, in headless Chromium against the
// local stack, in both languages: the agent resolves it, the widget asks for a rating (chosen
// from the keyboard), which lands on the resolution for the analytics; the transcript is
// e-mailed to the conversation's address once an hour; the e-mail's unsubscribe link opens
// the dealer's page, which asks before it stops the e-mails. The conversation records the page
// it was started on. axe finds nothing.
import { createParley, type Parley } from '@parley/core'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MailMessage } from '../../packages/local/src/mail/store.ts'
import type { TestStack } from '../../packages/local/test/stack.ts'
import { DEMO, DEMO_PASSWORD } from '../../supabase/tests/kit/demo.ts'
import type { ExamplesServer } from '../serve.ts'
import { axeViolations, launchBrowser, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

const ORG = '11111111-1111-4111-8111-111111111111'

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer
let agent: Parley
let manager: Parley

beforeAll(async () => {
  run = await startExamples({ agent: true })
  ;({ stack, web, agent } = run)
  // The dealer's page with the widget: where e-mailed links (and unsubscribe links) go.
  await stack.pool.query('update public.organizations set site_url = $1 where id = $2', [`${web.url}/dealer/claim.html`, ORG])
  manager = createParley({ supabase: stack.client() }, { storage: null })
  await manager.signIn({ email: DEMO.admin.email, password: DEMO_PASSWORD })
})

afterAll(async () => {
  await manager?.destroy()
  await run?.close()
})

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')

async function mailbox(to: string): Promise<MailMessage[]> {
  return (await (await fetch(`${stack.url}/mail/api/messages?to=${encodeURIComponent(to)}`)).json()) as MailMessage[]
}

/** Runs the e-mail dispatcher, as its schedule would, until `to` has received a message. */
async function delivered(to: string): Promise<MailMessage> {
  const service = stack.client(stack.serviceRoleKey)
  await expect
    .poll(
      async () => {
        await service.functions.invoke('send-email', { body: {} })
        return (await mailbox(to)).length
      },
      { timeout: 30_000, interval: 200 }
    )
    .toBeGreaterThan(0)
  return (await mailbox(to))[0]!
}

const TEXTS = {
  'fr-CA': {
    name: 'Nom',
    email: 'Courriel',
    consent: /J’accepte/,
    start: 'Commencer la conversation',
    composer: 'Écrivez un message…',
    question: 'Êtes-vous satisfait de notre aide?',
    four: '4 Satisfait',
    comment: 'Commentaire (facultatif)',
    send: 'Envoyer ma note',
    thanks: 'Merci pour votre évaluation!',
    transcript: 'M’envoyer la transcription',
    sent: (masked: string) => `Transcription envoyée à ${masked}.`,
    again: /déjà été envoyée dans la dernière heure/,
    ask: (email: string) => `Ne plus recevoir de courriels de Garage Lavoie Auto à ${email}?`,
    confirm: 'Ne plus recevoir de courriels',
    done: (email: string) => `${email} ne recevra plus de courriels de Garage Lavoie Auto.`,
    back: 'Retour à la discussion'
  },
  en: {
    name: 'Name',
    email: 'Email',
    consent: /I agree/,
    start: 'Start the conversation',
    composer: 'Write a message…',
    question: 'How did we do?',
    four: '4 Good',
    comment: 'Comment (optional)',
    send: 'Send my rating',
    thanks: 'Thank you for your rating!',
    transcript: 'Send me the transcript',
    sent: (masked: string) => `Transcript sent to ${masked}.`,
    again: /already sent within the hour/,
    ask: (email: string) => `Stop e-mails from Garage Lavoie Auto to ${email}?`,
    confirm: 'Stop e-mails',
    done: (email: string) => `${email} will no longer receive e-mails from Garage Lavoie Auto.`,
    back: 'Back to the chat'
  }
} as const

describe.each(['fr-CA', 'en'] as const)('a resolved conversation, %s', (locale) => {
  const text = TEXTS[locale]
  const email = `ada.${locale.toLowerCase()}@example.com`
  const masked = `a…@example.com`
  const message = `Mon auto est-elle prête? (${locale})`
  let browser: TestBrowser
  let page: Page
  let conversationId: string
  let transcript: MailMessage

  beforeAll(async () => {
    browser = await launchBrowser(locale === 'en' ? { viewport: { width: 390, height: 844 } } : {})
    page = await browser.context.newPage()
  })
  afterAll(() => browser?.close())

  it('asks for a rating once the agent resolves it; 4 with a comment, chosen from the keyboard, reaches the analytics', async () => {
    await page.goto(`${web.url}/dealer/claim.html#lang=${locale}`)
    await page.evaluate(() => (window as unknown as { Parley: (command: string) => void }).Parley('open'))
    await panel(page).getByLabel(text.name).fill('Ada Roy')
    await panel(page).getByLabel(text.email).fill(email)
    await panel(page).getByLabel(text.consent).check()
    await panel(page).getByRole('button', { name: text.start }).click()
    const composer = panel(page).getByRole('textbox', { name: text.composer })
    await composer.fill(message)
    await composer.press('Enter')
    // Delivered before the agent acts: a customer message after the resolution would reopen it.
    await panel(page).locator('.message.mine .tick.sent, .message.mine .tick.read').first().waitFor()
    await expect
      .poll(async () => (await agent.listConversations()).find((row) => row.customer_email === email)?.id, { timeout: 20_000 })
      .toBeDefined()
    conversationId = (await agent.listConversations()).find((row) => row.customer_email === email)!.id
    // The page it was started on, for routing's page rules, without the fragment.
    const started = await stack.pool.query('select page_url from public.chat_conversations where id = $1', [conversationId])
    expect(started.rows).toEqual([{ page_url: `${web.url}/dealer/claim.html` }])
    await agent.sendMessage({ conversation_id: conversationId, content: 'Oui, depuis midi.' })
    // The reply has arrived live, so the conversation's channel is joined before it is resolved.
    await panel(page).getByText('Oui, depuis midi.').waitFor()
    await agent.resolveConversation(conversationId)

    // The status arrives live: the prompt appears under the messages.
    const rating = panel(page).getByRole('group', { name: text.question })
    await rating.waitFor({ timeout: 20_000 })
    expect(await axeViolations(page)).toEqual([])
    await rating.getByRole('radio').first().focus()
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowRight')
    expect(await rating.getByRole('radio', { name: text.four }).isChecked()).toBe(true)
    await panel(page).getByLabel(text.comment).fill('Rapide et clair')
    await panel(page).getByRole('button', { name: text.send }).click()
    await panel(page).getByText(text.thanks).waitFor()
    expect(await rating.count()).toBe(0)

    const { rows } = await stack.pool.query('select rating, comment from public.conversation_resolutions where conversation_id = $1', [
      conversationId
    ])
    expect(rows).toEqual([{ rating: 4, comment: 'Rapide et clair' }])
    // The manager's report counts it (today, UTC).
    const [today] = await manager.operationsReport(ORG, { from: new Date().toISOString().slice(0, 10) })
    expect(today!.rating_4).toBeGreaterThanOrEqual(1)
  })

  it('e-mails the transcript to the conversation’s address, then says it was sent within the hour', async () => {
    await panel(page).getByRole('button', { name: text.transcript }).click()
    await panel(page).getByText(text.sent(masked)).waitFor()
    transcript = await delivered(email)
    expect(transcript.text).toContain(message)
    expect(transcript.text).toContain('Oui, depuis midi.')
    await panel(page).getByRole('button', { name: text.transcript }).click()
    await panel(page).getByText(text.again).waitFor()
    expect(await axeViolations(page)).toEqual([])

    // Back later: the rating is not asked again for this resolution; the transcript still is offered.
    await page.reload()
    await page.evaluate(() => (window as unknown as { Parley: (command: string) => void }).Parley('open'))
    await panel(page).getByRole('button', { name: text.transcript }).waitFor({ timeout: 20_000 })
    expect(await panel(page).getByRole('group', { name: text.question }).count()).toBe(0)
  })

  it('the e-mail’s unsubscribe link opens the dealer’s page, which stops the e-mails only when confirmed', async () => {
    const link = /(http\S+\/dealer\/claim\.html#unsubscribe=[0-9a-f]{64})/.exec(transcript.text)?.[1]
    expect(link).toBeDefined()
    const suppressed = async () =>
      (await stack.pool.query('select reason from public.email_suppressions where email = $1 and organization_id = $2', [email, ORG])).rows
    const visitor = await launchBrowser()
    try {
      const tab = await visitor.context.newPage()
      await tab.goto(`${link}&lang=${locale}`)
      await panel(tab).getByText(text.ask(email)).waitFor({ timeout: 20_000 })
      expect(await suppressed()).toEqual([])
      expect(await axeViolations(tab)).toEqual([])
      await panel(tab).getByRole('button', { name: text.confirm }).click()
      await panel(tab).getByText(text.done(email)).waitFor()
      expect(await suppressed()).toEqual([{ reason: 'unsubscribed' }])
      expect(await axeViolations(tab)).toEqual([])
      await panel(tab).getByRole('button', { name: text.back }).click()
      await panel(tab).getByLabel(text.name).waitFor()
    } finally {
      await visitor.close()
    }
  })
})
