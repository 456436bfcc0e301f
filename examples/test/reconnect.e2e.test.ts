// @vitest-environment node
// The live connection drops and comes back while the visitor chats: the server closes the
// Realtime socket, the network goes away for longer than the visitor's access token lives
// (tokens here expire after 20 s), the page reloads while a message is on its way. Replies
// sent meanwhile show without a reload, typing and read ticks resume, and every message is
// stored and shown once. Headless Chromium against the local stack with the demo seed.
import type { Page, WebSocketRoute } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { DEMO } from '../../supabase/tests/kit/demo.ts'
import { launchBrowser, type TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

let run: ExamplesRun
beforeAll(async () => {
  run = await startExamples({ agent: true, auth: { jwtExpiry: 20 } })
})
afterAll(() => run?.close())

const panel = (page: Page) => page.locator('parley-chat [role="dialog"]')
const mine = (page: Page) => panel(page).locator('.message.mine')
const stored = async (content: string) =>
  (
    await run.stack.db.pool.query<{ count: number }>(
      'select count(*)::int from chat_messages where conversation_id = $1 and content = $2',
      [DEMO.conversationId, content]
    )
  ).rows[0]!.count

async function send(page: Page, content: string) {
  const composer = panel(page).getByRole('textbox', { name: 'Write a message…' })
  await composer.fill(content)
  await composer.press('Enter')
}

describe('the live connection drops and comes back', () => {
  let browser: TestBrowser
  let page: Page
  /** The page's Realtime sockets, through a proxy that can cut them or refuse new ones. */
  const sockets: WebSocketRoute[] = []
  let refuse = false

  beforeAll(async () => {
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await page.routeWebSocket(/\/realtime\//, (socket) => {
      if (refuse) return void socket.close({ code: 1011, reason: 'Realtime is down' })
      socket.connectToServer()
      sockets.push(socket)
    })
    await page.goto(`${run.web.url}/dealer/claim.html#token=${DEMO.conversationToken}&lang=en`)
    await panel(page).locator('.message').first().waitFor()
  })
  afterAll(() => browser?.close())

  it('replies sent while the server had closed the socket show without a reload; typing and read ticks resume', async () => {
    await expect.poll(() => sockets.length).toBeGreaterThan(0)
    refuse = true
    for (const socket of sockets.splice(0)) await socket.close({ code: 1012, reason: 'Realtime is restarting' })
    await panel(page).getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor()
    for (const content of ['Pendant la coupure 1', 'Pendant la coupure 2']) {
      await run.agent.sendMessage({ conversation_id: DEMO.conversationId, content })
    }
    refuse = false
    await panel(page).getByText('Pendant la coupure 2').waitFor({ timeout: 60_000 })
    await panel(page).getByText('Pendant la coupure 1').waitFor()
    await panel(page).getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ state: 'detached' })

    const agent = run.agent.conversation(DEMO.conversationId)
    const leave = agent.open()
    try {
      // Typing goes out on the agent's channel once joined: say it until the visitor sees it.
      const typing = panel(page).getByText('Julie Tremblay is typing…')
      await expect
        .poll(async () => {
          agent.notifyTyping()
          return typing.count()
        })
        .toBe(1)
      await send(page, 'Après la coupure')
      await expect.poll(() => mine(page).last().getAttribute('data-state')).toBe('sent')
      await agent.markRead()
      await expect.poll(() => mine(page).last().getAttribute('data-state')).toBe('read')
    } finally {
      leave()
    }
  })

  it('offline for longer than the access token lives: replies show when back, and sends go out', async () => {
    const expiry = () =>
      page.evaluate(() => {
        const key = Object.keys(localStorage).find((name) => name.endsWith(':auth'))!
        const { access_token } = JSON.parse(localStorage.getItem(key)!) as { access_token: string }
        return (JSON.parse(atob(access_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number }).exp
      })
    await browser.context.setOffline(true)
    onTestFinished(() => browser.context.setOffline(false))
    await panel(page)
      .getByRole('status')
      .filter({ hasText: /You are offline/ })
      .waitFor()
    await run.agent.sendMessage({ conversation_id: DEMO.conversationId, content: 'Pendant le sommeil' })
    // The token the page holds has expired: nothing could refresh it while offline.
    const exp = await expiry()
    await expect.poll(() => Date.now() / 1000 > exp, { timeout: 60_000, interval: 1000 }).toBe(true)
    await send(page, 'Écrit hors ligne, jeton expiré')
    await browser.context.setOffline(false)
    await panel(page).getByText('Pendant le sommeil').waitFor({ timeout: 60_000 })
    await expect.poll(() => mine(page).last().getAttribute('data-state'), { timeout: 60_000 }).toMatch(/sent|read/)
    expect(await stored('Écrit hors ligne, jeton expiré')).toBe(1)
    expect(await panel(page).locator('[data-state="failed"]').count()).toBe(0)
    // The token's life, then the way back: more than a test's usual minute on a loaded machine.
  }, 150_000)

  it('a reload while a message is on its way neither loses nor repeats it', async () => {
    const rpc = '**/rest/v1/rpc/send_message'
    // The request never answered: the message waits in the outbox the reload reads back.
    await page.route(rpc, () => undefined)
    await send(page, 'Envoyé, puis rechargé')
    await mine(page).last().getByText('Envoyé, puis rechargé').waitFor()
    await page.unroute(rpc)
    await page.reload()
    await expect.poll(() => stored('Envoyé, puis rechargé')).toBe(1)
    await expect.poll(() => panel(page).getByText('Envoyé, puis rechargé').count()).toBe(1)
    await expect.poll(() => mine(page).last().getAttribute('data-state')).toMatch(/sent|read/)

    // Stored, but the answer was lost: sent again after the reload, still stored once.
    await page.route(rpc, async (route) => {
      await route.fetch()
      // Unless the page went away meanwhile, which handled the request already.
      await route.abort('connectionreset').catch(() => undefined)
    })
    await send(page, 'Arrivé, réponse perdue')
    await mine(page).last().getByText('Arrivé, réponse perdue').waitFor()
    await expect.poll(() => stored('Arrivé, réponse perdue')).toBe(1)
    await page.unroute(rpc)
    await page.reload()
    await expect.poll(() => mine(page).last().getAttribute('data-state')).toMatch(/sent|read/)
    expect(await panel(page).getByText('Arrivé, réponse perdue').count()).toBe(1)
    expect(await stored('Arrivé, réponse perdue')).toBe(1)
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('parley:outbox:')))).toEqual([])
  })
})
