// @vitest-environment node
// The staff console marks a customer's e-mail "verified" when the dealer's server signed it
// (identity verification), live when a signature arrives later, and not otherwise.

import type { SupabaseClient } from '@supabase/supabase-js'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestStack } from '../../../packages/local/test/stack.ts'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import { rotateDemoIdentitySecret, signIdentity } from '../../../supabase/tests/sign-identity.ts'
import type { ExamplesServer } from '../../serve.ts'
import { signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

const LAVOIE = DEMO.organizationId

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer
let browser: TestBrowser
let page: Page
let secret: string

const sign = (email: string) => signIdentity(secret, email)

async function customer(name: string, email: string, signature?: string): Promise<{ client: SupabaseClient; id: string }> {
  const client = stack.client()
  const signedIn = await client.auth.signInAnonymously()
  if (signedIn.error) throw signedIn.error
  const started = await client
    .rpc('start_conversation', {
      organization_id: LAVOIE,
      customer_name: name,
      customer_email: email,
      ...(signature ? { customer_signature: signature } : {})
    })
    .single<{ conversation_id: string }>()
  if (started.error) throw started.error
  return { client, id: started.data.conversation_id }
}

beforeAll(async () => {
  run = await startExamples({
    browser: true,
    prepare: async (stack) => {
      secret = await rotateDemoIdentitySecret(stack.client())
    }
  })
  ;({ stack, web, browser } = run)
  page = await browser.context.newPage()
})

afterAll(() => run?.close())

const details = () => page.getByRole('complementary', { name: 'Conversation details' })

async function select(name: string): Promise<void> {
  await page.getByRole('button', { name }).click()
  await details().getByRole('heading', { name }).waitFor()
}

describe('staff console: verified customers', () => {
  it('shows "verified" next to a signed e-mail only, and live once a signature arrives', async () => {
    await customer('Vera Roy', 'vera@example.com', sign('vera@example.com'))
    const later = await customer('Uma Roy', 'uma@example.com')
    await signInStaff(page, web.url)

    await select('Vera Roy')
    await details().getByText('✓ verified').waitFor()
    expect(await details().locator('.verified').getAttribute('title')).toContain('verified by the dealer')

    await select('Uma Roy')
    await expect.poll(() => details().locator('.verified').count()).toBe(0)

    const signed = await later.client.rpc('update_customer_details', {
      conversation_id: later.id,
      customer_signature: sign('uma@example.com')
    })
    expect(signed.error).toBeNull()
    await details().locator('.verified').waitFor()
  })
})
