// @vitest-environment node
// Typing an internal note in the staff console never tells the customer "… is typing"; a
// reply does (the positive control), and ticking "Internal note" mid-reply stops it for them.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Inbox, subscribe } from '../../../packages/local/test/realtime.helpers.ts'
import type { TestStack } from '../../../packages/local/test/stack.ts'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import type { ExamplesServer } from '../../serve.ts'
import { signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

const LAVOIE = DEMO.organizationId

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer
let browser: TestBrowser
let page: Page

beforeAll(async () => {
  run = await startExamples({ browser: true })
  ;({ stack, web, browser } = run)
  page = await browser.context.newPage()
})

afterAll(() => run?.close())

describe('staff console: typing an internal note', () => {
  it('reaches staff only; a reply reaches the customer, and stops for them when it becomes a note', async () => {
    const customer = stack.client()
    const signedIn = await customer.auth.signInAnonymously()
    if (signedIn.error) throw signedIn.error
    await customer.realtime.setAuth(signedIn.data.session!.access_token)
    const started = await customer
      .rpc('start_conversation', { organization_id: LAVOIE, customer_name: 'Nora Roy', customer_email: 'nora@example.com' })
      .single<{ conversation_id: string }>()
    if (started.error) throw started.error
    const typing = new Inbox<{ is_typing: boolean }>()
    const channel = customer
      .channel(`conversation:${started.data.conversation_id}`, { config: { private: true } })
      .on('broadcast', { event: 'typing' }, (message) => typing.push(message.payload as { is_typing: boolean }))
    expect((await subscribe(channel)).status).toBe('SUBSCRIBED')

    await signInStaff(page, web.url)
    await page.getByRole('button', { name: 'Nora Roy' }).click()
    const reply = page.getByRole('textbox', { name: 'Reply' })
    await page.getByRole('checkbox', { name: 'Internal note' }).check()
    await reply.pressSequentially('Customer seems upset, check the warranty')
    // Typing reached the database (staff-only) before the reply below is typed.
    await expect
      .poll(
        async () =>
          (
            await stack.db.pool.query(
              'select count(*)::int as n from public.typing_indicators where conversation_id = $1 and is_internal',
              [started.data.conversation_id]
            )
          ).rows[0].n,
        { timeout: 20_000, interval: 50 }
      )
      .toBe(1)

    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByRole('checkbox', { name: 'Internal note' }).uncheck()
    await reply.pressSequentially('Bonjour Nora')
    await typing.waitFor(1, 20_000)
    expect(typing.items[0]).toMatchObject({ is_typing: true, is_internal: false })

    await page.getByRole('checkbox', { name: 'Internal note' }).check()
    await expect.poll(() => typing.items.map((item) => item.is_typing), { timeout: 20_000, interval: 50 }).toEqual([true, false])
    await customer.removeAllChannels()
  })
})
