// @vitest-environment node
// <parley-inbox sound> in the staff console, in Chromium: the page loads with unread customer
// messages and stays silent (the title shows their count); a new customer message rings once;
// a colleague's reply and internal note ring nothing.
import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestStack } from '../../../packages/local/test/stack.ts'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import type { ExamplesServer } from '../../serve.ts'
import { signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer
let browser: TestBrowser
let page: Page

beforeAll(async () => {
  run = await startExamples({ browser: true })
  ;({ stack, web, browser } = run)
  page = await browser.context.newPage()
  await page.addInitScript(() => {
    const counted = window as unknown as { tones: number }
    counted.tones = 0
    // The tone, counted instead of heard.
    window.AudioContext = class {
      constructor() {
        counted.tones++
        throw new Error('no audio in this test')
      }
    } as unknown as typeof AudioContext
    // As if the agent had already clicked: only the inbox's own rule decides whether it rings.
    Object.defineProperty(navigator, 'userActivation', { value: { hasBeenActive: true, isActive: false } })
    // The staff console does not set `sound`; this page does, on every inbox it shows.
    new MutationObserver(() => {
      for (const inbox of document.querySelectorAll('parley-inbox')) inbox.setAttribute('sound', '')
    }).observe(document, { childList: true, subtree: true })
  })
})

afterAll(() => run?.close())

async function send(client: SupabaseClient, conversationId: string, content: string, extra: object = {}) {
  const sent = await client.rpc('send_message', { conversation_id: conversationId, client_id: randomUUID(), content, ...extra })
  if (sent.error) throw sent.error
}

async function unread(): Promise<number> {
  const result = await stack.db.pool.query(
    'select coalesce(sum(unread_count_staff), 0)::int as n from public.chat_conversations where organization_id = $1',
    [DEMO.organizationId]
  )
  return result.rows[0].n
}

const tones = () => page.evaluate(() => (window as unknown as { tones: number }).tones)

describe('staff console: the inbox tone', () => {
  it('stays silent for what is unread on load, rings once per new customer message, never for staff', async () => {
    const customer = stack.client()
    const signedIn = await customer.auth.signInAnonymously()
    if (signedIn.error) throw signedIn.error
    const started = await customer
      .rpc('start_conversation', { organization_id: DEMO.organizationId, customer_name: 'Léa Caron', customer_email: 'lea@example.com' })
      .single<{ conversation_id: string }>()
    if (started.error) throw started.error
    const conversationId = started.data.conversation_id
    await send(customer, conversationId, 'Bonjour')
    await send(customer, conversationId, 'Vous êtes là ?')
    // Julie's, whatever routing chose (it would give an unassigned one to an agent with room):
    // the tone is for the agent's own and unassigned conversations.
    await stack.db.pool.query('update public.chat_conversations set assigned_to = $2 where id = $1', [conversationId, DEMO.julie.id])
    const before = await unread()
    expect(before).toBeGreaterThanOrEqual(2)

    await signInStaff(page, web.url)
    await page.getByRole('button', { name: 'Léa Caron' }).waitFor()
    await expect.poll(() => page.title()).toBe(`(${before}) Parley staff console`)
    expect(await page.locator('parley-inbox').getAttribute('sound')).toBe('')
    expect(await tones()).toBe(0)

    await send(customer, conversationId, 'Allô ?')
    await expect.poll(() => page.title()).toBe(`(${before + 1}) Parley staff console`)
    expect(await tones()).toBe(1)

    // Marc, a colleague, replies and writes an internal note: no tone. The next customer
    // message, on the same channel after them, shows they were heard and rang nothing.
    const marc = stack.client()
    const marcIn = await marc.auth.signInWithPassword({ email: DEMO.marc.email, password: DEMO.marc.password })
    if (marcIn.error) throw marcIn.error
    await send(marc, conversationId, 'Bonjour Léa, je regarde.')
    await send(marc, conversationId, 'Cliente pressée', { is_internal: true })
    await send(customer, conversationId, 'Merci')
    await expect.poll(() => page.title()).toBe(`(${before + 2}) Parley staff console`)
    expect(await tones()).toBe(2)
  })
})
