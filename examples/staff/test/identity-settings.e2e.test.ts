// @vitest-environment node
// The staff console's identity verification settings in headless Chromium against the local
// stack: an admin creates the secret (shown once), requires signatures, rotates with a
// confirmation; what the database then holds is read back through core; agents see no button.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createParley, type Parley } from '../../../packages/core/src/index.ts'
import type { TestStack } from '../../../packages/local/test/stack.ts'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import { signIdentity } from '../../../supabase/tests/sign-identity.ts'
import type { ExamplesServer } from '../../serve.ts'
import { axeViolations, signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

const LAVOIE = DEMO.organizationId

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer
let browser: TestBrowser
let page: Page
let agent: Parley

beforeAll(async () => {
  run = await startExamples({ browser: true, agent: true })
  ;({ stack, web, browser, agent } = run)
  page = await browser.context.newPage()
})

afterAll(() => run?.close())

const panel = () => page.getByRole('region', { name: 'Identity verification' })
const shownSecret = () =>
  panel()
    .getByLabel(/New secret/)
    .inputValue()

/** Whether the secret verifies a signature, as start_conversation would check it. */
async function verifies(secret: string): Promise<boolean> {
  const customer = createParley({ supabase: stack.client() }, { storage: null })
  try {
    const email = 'zoe@example.com'
    await customer.startConversation({
      organization_id: LAVOIE,
      customer_name: 'Zoé',
      customer_email: email,
      customer_signature: signIdentity(secret, email)
    })
    return true
  } catch {
    return false
  } finally {
    await customer.destroy()
  }
}

describe('staff console: identity verification settings', () => {
  it('an admin creates the secret, requires signatures and rotates it after confirming', async () => {
    await signInStaff(page, web.url, DEMO.admin.email)
    await page.getByRole('button', { name: 'Identity verification' }).click()
    await panel().getByText('No secret yet', { exact: false }).waitFor()
    expect(
      await panel()
        .getByRole('checkbox', { name: /Refuse customers/ })
        .isDisabled()
    ).toBe(true)

    await panel().getByRole('button', { name: 'Create secret' }).click()
    await panel().getByText('Secret created', { exact: false }).waitFor()
    const first = await shownSecret()
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(await verifies(first)).toBe(true)

    await panel()
      .getByRole('checkbox', { name: /Refuse customers/ })
      .check()
    await expect.poll(async () => (await agent.identityVerificationStatus(LAVOIE)).required).toBe(true)

    await panel().getByRole('button', { name: 'Rotate secret' }).click()
    await panel().getByRole('group', { name: 'Confirm rotation' }).getByRole('button', { name: 'Rotate now' }).click()
    await expect.poll(shownSecret).not.toBe(first)
    const second = await shownSecret()
    expect(await verifies(first)).toBe(false)
    expect(await verifies(second)).toBe(true)

    expect(await axeViolations(page, '.identity-settings')).toEqual([])

    await panel()
      .getByRole('checkbox', { name: /Refuse customers/ })
      .uncheck()
    await expect.poll(async () => (await agent.identityVerificationStatus(LAVOIE)).required).toBe(false)
  })

  it('an agent has no identity verification button', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await signInStaff(page, web.url)
    expect(await page.getByRole('button', { name: 'Identity verification' }).count()).toBe(0)
  })
})
