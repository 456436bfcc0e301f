// @vitest-environment node
// The staff elements in the staff app, with the customer widget on the other side: an agent
// answers a new customer, writes a note the customer never sees (not even typing), changes a
// claim's status (the customer's timeline moves), works the inbox from the keyboard only; an
// admin gets a notification. axe finds nothing in any element.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestStack } from '../../../packages/local/test/stack.ts'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import type { ExamplesServer } from '../../serve.ts'
import { axeViolations, launchBrowser, signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

const LAVOIE = '11111111-1111-4111-8111-111111111111'
const ADMIN = '22222222-2222-4222-8222-222222222201'

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer
let browser: TestBrowser
let customer: Page
let agent: Page

beforeAll(async () => {
  run = await startExamples({ browser: true })
  ;({ stack, web, browser } = run)
  customer = await browser.context.newPage()
  agent = await browser.context.newPage()
})

afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')
const inbox = () => agent.locator('parley-inbox')

describe('<parley-inbox> with the customer widget', () => {
  it('answers a new customer; a note and its typing never reach the customer', async () => {
    await customer.goto(`${web.url}/dealer/`)
    await customer.locator('parley-chat').getByRole('button', { name: 'Discussion' }).click()
    await customer.getByLabel('Nom').fill('Ada Lovelace')
    await customer.getByLabel('Courriel').fill('ada@example.com')
    await customer.getByLabel(/J’accepte/).check()
    await customer.getByRole('button', { name: 'Commencer la conversation' }).click()
    const composer = customer.getByRole('textbox', { name: 'Écrivez un message…' })
    await composer.fill('Bonjour, ma transmission glisse.')
    await composer.press('Enter')

    await signInStaff(agent, web.url)
    await inbox().getByRole('button', { name: 'Ada Lovelace' }).click()
    await inbox().getByText('Bonjour, ma transmission glisse.').waitFor()
    // The deep link follows the open conversation.
    await expect.poll(() => agent.evaluate(() => location.hash)).toMatch(/^#\/chat\/[0-9a-f-]{36}$/)

    // Everything the customer's panel says about typing, with the phase the agent was in.
    await customer.evaluate(() => {
      const root = document.querySelector('parley-chat')!.shadowRoot!
      const w = window as unknown as { phase: string; typingSeen: string[] }
      w.phase = 'note'
      w.typingSeen = []
      new MutationObserver(() => {
        if (/écrit/.test(root.textContent ?? '')) w.typingSeen.push(w.phase)
      }).observe(root, { subtree: true, childList: true, characterData: true })
    })
    await inbox().getByRole('checkbox', { name: 'Internal note' }).check()
    await inbox().getByLabel('Reply').pressSequentially('Vérifier la garantie avant de répondre')
    await inbox().getByLabel('Reply').press('Enter')
    const note = inbox().locator('.message.note', { hasText: 'Vérifier la garantie' })
    await note.getByText('Internal note — staff only').waitFor()
    await expect.poll(() => note.getAttribute('part')).toContain('message-note')

    await customer.evaluate(() => ((window as unknown as { phase: string }).phase = 'reply'))
    await inbox().getByRole('checkbox', { name: 'Internal note' }).uncheck()
    await inbox().getByLabel('Reply').pressSequentially('Bonjour Ada')
    await panel(customer).getByText('Julie Tremblay écrit…').waitFor()
    await inbox().getByLabel('Reply').press('Enter')
    await panel(customer).getByText('Bonjour Ada').waitFor()
    // The note went out before the reply on the same conversation: had it reached the
    // customer, it would be on screen by now.
    expect(await panel(customer).getByText('Vérifier la garantie').count()).toBe(0)
    expect(
      await customer.evaluate(() => (window as unknown as { typingSeen: string[] }).typingSeen.filter((phase) => phase === 'note'))
    ).toEqual([])

    await composer.pressSequentially('Merci')
    await inbox().getByText('Ada Lovelace is typing…').waitFor()
    await composer.press('Enter')
    await inbox().locator('.message.customer', { hasText: 'Merci' }).waitFor()
    await inbox()
      .getByText(/Seen by customer/)
      .first()
      .waitFor()
    expect(await axeViolations(agent, 'parley-inbox')).toEqual([])
  })

  it('works from the keyboard alone, with the shortcuts listed under ?', async () => {
    await agent.goto(`${web.url}/staff/#/chat`)
    await agent.reload()
    await inbox().getByRole('button', { name: 'Ada Lovelace' }).waitFor()
    await agent.keyboard.press('?')
    const help = inbox().getByRole('dialog', { name: 'Keyboard shortcuts' })
    await help.getByText('Write an internal note').waitFor()
    expect(await axeViolations(agent, 'parley-inbox')).toEqual([])
    await agent.keyboard.press('Escape')
    await help.waitFor({ state: 'hidden' })

    await agent.keyboard.press('/')
    await agent.keyboard.type('Ada')
    expect(await inbox().getByRole('searchbox', { name: 'Search conversations' }).inputValue()).toBe('Ada')
    await expect.poll(() => inbox().locator('.row').allTextContents()).toEqual([expect.stringContaining('Ada Lovelace')])
    await agent.keyboard.press('Escape')
    await agent.keyboard.press('j')
    await inbox().getByRole('button', { name: 'Ada Lovelace' }).and(inbox().locator('[aria-current="true"]')).waitFor()

    // Like a person would, wait for the caret in the reply box (the conversation view loads on first open).
    const replyFocused = () =>
      inbox()
        .getByLabel('Reply')
        .evaluate((field) => field.matches(':focus'))
    await agent.keyboard.press('r')
    await expect.poll(replyFocused).toBe(true)
    await agent.keyboard.type('Par le clavier')
    await agent.keyboard.press('Enter')
    await panel(customer).getByText('Par le clavier').waitFor()
    await agent.keyboard.press('Escape')

    await agent.keyboard.press('n')
    await expect.poll(replyFocused).toBe(true)
    await expect.poll(() => inbox().getByRole('checkbox', { name: 'Internal note' }).isChecked()).toBe(true)
    await agent.keyboard.type('Note au clavier')
    await agent.keyboard.press('Enter')
    await inbox().locator('.message.note', { hasText: 'Note au clavier' }).waitFor()
    await agent.keyboard.press('Escape')

    // Escape leaves a details field too (the tags, saved as they are left) for the shortcuts.
    await inbox().getByLabel('Tags (comma separated)').focus()
    await agent.keyboard.type('clavier')
    await agent.keyboard.press('Escape')
    await agent.keyboard.press('a')
    await expect.poll(() => inbox().getByLabel('Assigned to').inputValue()).toBe('22222222-2222-4222-8222-222222222202')
    expect(await inbox().getByLabel('Tags (comma separated)').inputValue()).toBe('clavier')
    await agent.keyboard.press('e')
    await inbox().getByRole('group', { name: 'Status' }).getByText('resolved').waitFor()
    expect(await panel(customer).getByText('Note au clavier').count()).toBe(0)
  })

  it('starts the status form on the current status; a change moves the customer’s timeline', async () => {
    await agent.reload()
    // The conversation's own customer, in their own browser: this test's shared profile already
    // has another conversation, and the widget asks before switching to someone else's link.
    const followerBrowser = await launchBrowser()
    const follower = await followerBrowser.context.newPage()
    await follower.goto(`${web.url}/dealer/claim.html#token=${DEMO.conversationToken}`)
    await panel(follower).locator('.steps [aria-current="step"]', { hasText: 'En analyse' }).waitFor()

    await inbox().getByRole('button', { name: 'Sophie Gagnon' }).click()
    const tracker = agent.locator('parley-claim-tracker')
    await tracker.getByText('Current status: under review').waitFor()
    // The old console started on "submitted": one click would have moved the claim back.
    expect(await tracker.getByLabel('New claim status').inputValue()).toBe('under_review')
    expect(await tracker.getByRole('button', { name: 'Change claim status' }).isDisabled()).toBe(true)

    await tracker.getByLabel('New claim status').selectOption('approved')
    await tracker.getByLabel('Reason').fill('Couverture confirmée par l’assureur')
    await tracker.getByRole('button', { name: 'Change claim status' }).click()

    await panel(follower).locator('.steps [aria-current="step"]', { hasText: 'Approuvée' }).waitFor()
    // The arrival is marked, and the form starts again on the new current status.
    const arrived = tracker.locator('[part~="entry-new"]')
    await arrived.getByText('Couverture confirmée par l’assureur').waitFor()
    await arrived.getByText(/Customer (not )?notified/).waitFor()
    await expect.poll(() => tracker.getByLabel('New claim status').inputValue()).toBe('approved')
    // The tracker is inside the inbox's shadow root: axe checks it there.
    expect(await axeViolations(agent, 'parley-inbox')).toEqual([])
    await followerBrowser.close()
  })
})

describe('<parley-notification-center>', () => {
  it('shows a new notification live, lets the admin open it and mark all read', async () => {
    const admin = await launchBrowser()
    try {
      const page = await admin.context.newPage()
      await signInStaff(page, web.url, 'admin@lavoie.demo')
      const bell = page.locator('parley-notification-center').getByRole('button', { name: /^Notifications, \d+ unread$/ })
      await bell.waitFor()
      const { rows } = await stack.db.pool.query<{ id: string }>(
        // Resolved above: hidden by the inbox's "active" filter, opened all the same.
        "select id from public.chat_conversations where customer_name = 'Ada Lovelace' and status = 'resolved'"
      )
      await stack.db.pool.query(
        "insert into public.notifications (organization_id, user_id, type, title, body, data) values ($1, $2, 'system_alert', 'Client en attente', 'Ada attend une réponse', $3)",
        [LAVOIE, ADMIN, { conversation_id: rows[0]!.id }]
      )
      // Earlier tests left the admin unread notifications: the bell (the unread among the
      // latest 20) must count this one too.
      const { rows: unread } = await stack.db.pool.query<{ n: number }>(
        `select count(*) filter (where read_at is null)::int as n
         from (select read_at from public.notifications where user_id = $1 order by created_at desc limit 20) latest`,
        [ADMIN]
      )
      await page
        .locator('parley-notification-center')
        .getByRole('button', { name: `Notifications, ${unread[0]!.n} unread`, exact: true })
        .waitFor()
      await page.evaluate(() =>
        document.addEventListener(
          'parley-notification-select',
          (event) => ((window as unknown as { chosen: unknown }).chosen = (event as CustomEvent).detail.notification.title)
        )
      )
      await bell.click()
      expect(await axeViolations(page, 'parley-notification-center')).toEqual([])
      await page
        .locator('parley-notification-center')
        .getByRole('button', { name: /Client en attente/ })
        .click()
      await expect.poll(() => page.evaluate(() => (window as unknown as { chosen?: string }).chosen)).toBe('Client en attente')
      // The app navigates to the conversation the notification is about.
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/chat/${rows[0]!.id}`)
      await page
        .locator('parley-inbox')
        .getByRole('complementary', { name: 'Conversation details' })
        .getByRole('heading', { name: 'Ada Lovelace' })
        .waitFor()
      await bell.click()
      await page.locator('parley-notification-center').getByRole('button', { name: 'Mark all read' }).click()
      await page.locator('parley-notification-center').getByRole('button', { name: 'Notifications, 0 unread' }).waitFor()
    } finally {
      await admin.close()
    }
  })
})
