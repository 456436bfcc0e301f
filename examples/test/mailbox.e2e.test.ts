// @vitest-environment node
// The local mailbox as `npm run demo` prints it: a new user reads an invitation there.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../packages/local/test/stack.ts'
import { axeViolations, launchBrowser, type TestBrowser } from './browser.ts'

let stack: TestStack
let browser: TestBrowser
let page: Page
const problems: string[] = []

beforeAll(async () => {
  stack = await startTestStack()
  browser = await launchBrowser()
  page = await browser.context.newPage()
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
})
afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

describe('local mailbox page', () => {
  it('shows an e-mail, axe-clean, without a console error', async () => {
    const long = Array.from({ length: 80 }, (_, line) => `Line ${line + 1} of the text version.`).join('\n')
    const sent = await fetch(`${stack.url}/mail/resend/emails`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer re_test' },
      body: JSON.stringify({
        from: 'Parley <noreply@parley.test>',
        to: 'lea@lavoie.demo',
        subject: 'Invitation',
        text: long,
        html: '<p>Join</p>'
      })
    })
    expect(sent.status).toBe(200)
    await page.goto(`${stack.url}/mail/`)
    await page.getByRole('button', { name: /Invitation/ }).click()
    await page.getByRole('heading', { name: 'Invitation' }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    expect(problems).toEqual([])
  })
})
