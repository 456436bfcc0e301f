// @vitest-environment node
// Identity verification from the dealer's page, in headless Chromium against the local stack:
// the page identifies a signed-in visitor with a signature its server computed; the
// conversation the visitor starts is verified, the signed e-mail cannot be edited, and a
// wrong signature is refused on screen.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../supabase/tests/kit/demo.ts'
import { rotateDemoIdentitySecret, signIdentity } from '../../supabase/tests/sign-identity.ts'
import type { ExamplesServer } from '../serve.ts'
import type { TestBrowser } from './browser.ts'
import { type ExamplesRun, startExamples } from './kit.ts'

const LAVOIE = DEMO.organizationId

let run: ExamplesRun
let web: ExamplesServer
let browser: TestBrowser
let pages: string
let secret: string

const sign = (email: string) => signIdentity(secret, email)

/** A dealer page for a signed-in visitor: identify is queued before the loader arrives. */
function page(identity?: { name: string; email: string; signature: string }): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>My account — Garage Lavoie Auto</title></head>
<body>
  <h1>My account</h1>
  <script>
    window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments) }
    ${identity ? `Parley('identify', ${JSON.stringify(identity)})` : ''}
  </script>
  <script async src="/widget/parley.js" data-supabase-url="{{SUPABASE_URL}}" data-supabase-key="{{SUPABASE_ANON_KEY}}"
    data-organization="${LAVOIE}" data-locale="en"></script>
</body>
</html>`
}

beforeAll(async () => {
  pages = await mkdtemp(join(tmpdir(), 'parley-signed-'))
  run = await startExamples({
    browser: true,
    mounts: { '/signed/': pages },
    prepare: async (stack) => {
      secret = await rotateDemoIdentitySecret(stack.client())
    }
  })
  ;({ web, browser } = run)
  await writeFile(join(pages, 'valid.html'), page({ name: 'Ada Roy', email: 'Ada@Example.com', signature: sign('ada@example.com') }))
  await writeFile(join(pages, 'anonymous.html'), page())
  await writeFile(join(pages, 'returning.html'), page({ name: 'Bea Roy', email: 'bea@example.com', signature: sign('bea@example.com') }))
  await writeFile(join(pages, 'wrong.html'), page({ name: 'Eve Roy', email: 'ada@example.com', signature: sign('eve@example.com') }))
})

afterAll(async () => {
  await run?.close()
  if (pages) await rm(pages, { recursive: true, force: true })
})

/** A new visitor on `path` (nothing kept from the previous test), panel opened. */
async function visit(path: string): Promise<Page> {
  const tab = await browser.context.newPage()
  await tab.goto(`${web.url}/signed/${path}`)
  await tab.evaluate(() => localStorage.clear())
  await tab.reload()
  await tab.locator('parley-chat').getByRole('button', { name: 'Chat' }).click()
  await expect.poll(() => tab.getByLabel('Email').inputValue()).not.toBe('')
  return tab
}

async function start(tab: Page): Promise<void> {
  await tab.getByLabel(/I agree/).check()
  await tab.getByRole('button', { name: 'Start the conversation' }).click()
}

async function verifiedAt(name: string): Promise<Date | null | undefined> {
  const { rows } = await run.stack.db.pool.query('select customer_verified_at from public.chat_conversations where customer_name = $1', [
    name
  ])
  return rows[0]?.customer_verified_at
}

describe('identify with a signature', () => {
  it('starts a verified conversation; the signed e-mail is shown read-only', async () => {
    const tab = await visit('valid.html')
    const email = tab.getByLabel('Email')
    expect(await email.inputValue()).toBe('Ada@Example.com')
    expect(await email.getAttribute('readonly')).not.toBeNull()
    await start(tab)
    await tab.getByRole('textbox', { name: 'Write a message…' }).waitFor()
    await expect.poll(() => verifiedAt('Ada Roy')).toBeInstanceOf(Date)
    await tab.close()
  })

  it("verifies a returning visitor's conversation when a later page identifies them", async () => {
    const tab = await browser.context.newPage()
    await tab.goto(`${web.url}/signed/anonymous.html`)
    await tab.evaluate(() => localStorage.clear())
    await tab.reload()
    await tab.locator('parley-chat').getByRole('button', { name: 'Chat' }).click()
    await tab.getByLabel('Name').fill('Bea Roy')
    await tab.getByLabel('Email').fill('bea@example.com')
    await start(tab)
    await tab.getByRole('textbox', { name: 'Write a message…' }).waitFor()
    expect(await verifiedAt('Bea Roy')).toBeNull()
    // Signed in on the dealer's site now: identify runs before the conversation is restored.
    await tab.goto(`${web.url}/signed/returning.html`)
    await tab.locator('parley-chat').getByRole('button', { name: 'Chat' }).click()
    await tab.getByRole('textbox', { name: 'Write a message…' }).waitFor()
    await expect.poll(() => verifiedAt('Bea Roy')).toBeInstanceOf(Date)
    await tab.close()
  })

  it('a wrong signature is refused: the visitor sees an error and no conversation exists', async () => {
    const tab = await visit('wrong.html')
    await start(tab)
    await tab.locator('parley-chat [role="alert"]').waitFor()
    expect(await verifiedAt('Eve Roy')).toBeUndefined()
    await tab.close()
  })
})
