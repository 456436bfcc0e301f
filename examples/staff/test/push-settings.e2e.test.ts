// @vitest-environment node
// The staff console's push settings panel in headless Chromium: without a VAPID key it says
// how to configure one; with one it offers to turn push on and reports why that failed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import webpush from 'web-push'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../../packages/local/test/stack.ts'
import { serveExamples, type ExamplesServer } from '../../serve.ts'
import { AXE, launchBrowser, requireBuild, type TestBrowser } from '../../test/browser.ts'

let stack: TestStack
let web: ExamplesServer
let browser: TestBrowser
let page: Page
let keyed: string

beforeAll(async () => {
  requireBuild()
  // The same console with data-vapid-key filled in, as a deployment would serve it.
  keyed = mkdtempSync(join(tmpdir(), 'parley-staff-vapid-'))
  const html = readFileSync(resolve(import.meta.dirname, '../index.html'), 'utf8')
    .replace('data-vapid-key=""', `data-vapid-key="${webpush.generateVAPIDKeys().publicKey}"`)
    .replace('href="staff.css"', 'href="/staff/staff.css"')
    .replace('src="dist/staff.js"', 'src="/staff/dist/staff.js"')
  writeFileSync(join(keyed, 'index.html'), html)
  stack = await startTestStack({ seed: true })
  web = await serveExamples({ supabaseUrl: stack.url, supabaseAnonKey: stack.anonKey, mounts: { '/staff-vapid/': keyed } })
  browser = await launchBrowser()
  page = await browser.context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await web?.close()
  await stack?.stop()
  if (keyed) rmSync(keyed, { recursive: true, force: true })
})

async function openSettings(path: string): Promise<void> {
  await page.goto(`${web.url}${path}`)
  if (await page.getByLabel('Password').count()) {
    await page.getByLabel('Email').fill('julie@lavoie.demo')
    await page.getByLabel('Password').fill('parley-demo')
    await page.getByRole('button', { name: 'Sign in' }).click()
  }
  await page.getByRole('button', { name: 'Push settings' }).click()
}

const status = () => page.locator('.push-settings [role="status"]')

describe('staff console push settings', () => {
  it('without a VAPID key explains how to configure one, with labelled, disabled toggles and no axe violations', async () => {
    await openSettings('/staff/')
    await status().getByText('VAPID key not configured (npm run vapid-keys)', { exact: false }).waitFor()
    expect(await page.getByRole('button', { name: 'Enable push on this device' }).count()).toBe(0)
    for (const name of ['New messages', 'Claim status changes', 'Warranties about to expire', 'System alerts']) {
      await expect.poll(() => page.getByRole('checkbox', { name }).isDisabled()).toBe(true)
    }
    expect(await status().getAttribute('aria-live')).toBe('polite')
    await page.addScriptTag({ path: AXE })
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string }[] }> } }).axe
      const result = await axe.run({ include: [['.push-settings']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
      return result.violations.map((violation) => violation.id)
    })
    expect(violations).toEqual([])
  })

  it('with a key offers to turn push on; a refused or failed subscription is reported in the live region with its code', async () => {
    await openSettings('/staff-vapid/')
    await status().getByText('Push notifications are off on this device.').waitFor()
    await page.getByRole('button', { name: 'Enable push on this device' }).click()
    // Headless Chromium has no push service (and no one to answer the prompt): the panel
    // must say why, with the PushSetupError code, rather than fail silently.
    await expect.poll(() => status().innerText()).toMatch(/\((PERMISSION_DENIED|SUBSCRIBE_FAILED)\)/)
  })
})
