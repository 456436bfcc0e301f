// @vitest-environment node
// A React page with <parley-claim-tracker>, <parley-notification-center> and <parley-inbox>
// beside its own content, sharing one client and session.
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../../packages/local/test/stack.ts'
import { type ExamplesServer, serveExamples } from '../../serve.ts'
import { axeViolations, launchBrowser, requireBuild, type TestBrowser } from '../../test/browser.ts'

let stack: TestStack
let web: ExamplesServer
let browser: TestBrowser
let page: Page

beforeAll(async () => {
  requireBuild()
  if (!existsSync(new URL('../dist/admin.js', import.meta.url)))
    throw new Error('examples/react-admin/dist/admin.js is missing: run npm run build first')
  stack = await startTestStack({ seed: true })
  web = await serveExamples({ supabaseUrl: stack.url, supabaseAnonKey: stack.anonKey })
  browser = await launchBrowser()
  page = await browser.context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await web?.close()
  await stack?.stop()
})

describe('React admin page', () => {
  it('mounts the claim tracker and the bell with the page’s session; a status change shows live', async () => {
    await page.goto(`${web.url}/react-admin/`)
    await page.getByLabel('Email').fill('admin@lavoie.demo')
    await page.getByLabel('Password').fill('parley-demo')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const tracker = page.locator('parley-claim-tracker')
    await tracker.getByText('Current status: under review').waitFor()
    await page
      .locator('parley-notification-center')
      .getByRole('button', { name: /^Notifications, \d+ unread$/ })
      .waitFor()
    await tracker.getByLabel('New claim status').selectOption('info_requested')
    await tracker.getByRole('button', { name: 'Change claim status' }).click()
    await tracker.getByText('Current status: information requested').waitFor()
    expect(await axeViolations(page)).toEqual([])
  })

  it('answers a customer from the inbox on the same page, with the same session', async () => {
    const inbox = page.locator('parley-inbox')
    await inbox.getByRole('button', { name: 'Sophie Gagnon' }).click()
    const reply = `From the warranty desk ${Date.now()}`
    await inbox.getByRole('textbox', { name: 'Reply' }).fill(reply)
    await inbox.getByRole('textbox', { name: 'Reply' }).press('Enter')
    await inbox.locator('.message', { hasText: reply }).waitFor()
    await expect
      .poll(async () => (await stack.db.pool.query('select sender_type from chat_messages where content = $1', [reply])).rows)
      .toEqual([{ sender_type: 'staff' }])
    expect(await axeViolations(page)).toEqual([])
  })

  it('leaves the bell out for a role without notifications (an agent), with no refusal in the header, and keeps the inbox', async () => {
    const agent = await launchBrowser()
    try {
      const julie = await agent.context.newPage()
      await julie.goto(`${web.url}/react-admin/`)
      await julie.getByLabel('Email').fill('julie@lavoie.demo')
      await julie.getByLabel('Password').fill('parley-demo')
      await julie.getByRole('button', { name: 'Sign in' }).click()
      await julie.locator('parley-claim-tracker').getByText('Current status:').waitFor()
      expect(await julie.locator('parley-notification-center').count()).toBe(0)
      await julie.locator('parley-inbox').getByRole('button', { name: 'Sophie Gagnon' }).waitFor()
      expect(await axeViolations(julie)).toEqual([])
    } finally {
      await agent.close()
    }
  })
})
