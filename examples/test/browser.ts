// Headless Chromium for the examples' end-to-end tests: Debian's chromium (browsers cannot be
// downloaded here) driven by playwright-core, with a fresh profile each run.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { DEMO, DEMO_PASSWORD } from '../../supabase/tests/kit/demo.ts'

export const CHROMIUM = '/usr/bin/chromium'

export interface TestBrowser {
  context: BrowserContext
  close(): Promise<void>
}

export async function launchBrowser(
  options: {
    viewport?: { width: number; height: number }
    colorScheme?: 'light' | 'dark'
    /** The browser's language (`navigator.language`); en-US whatever the machine's. */
    locale?: string
  } = {}
): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`)
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
  // Every locator wait and navigation of the e2e tests; said here rather than relied on,
  // because the machines that run them are shared and slow down under load.
  context.setDefaultTimeout(30_000)
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }
}

/** The built files the examples serve; `npm test` and `npm run demo` build them first. */
export function requireBuild(): void {
  const root = resolve(import.meta.dirname, '../..')
  for (const file of ['packages/widget/dist/parley.js', 'packages/widget/dist/parley-app.js', 'examples/staff/dist/staff.js']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run npm run build first`)
  }
}

/**
 * Opens the staff console served at `origin`, signed in as a demo staff member (password
 * parley-demo); a session the browser already has is kept.
 */
export async function signInStaff(page: Page, origin: string, email: string = DEMO.julie.email): Promise<void> {
  await page.goto(`${origin}/staff/`)
  const signOut = page.getByRole('button', { name: 'Sign out' })
  const password = page.getByLabel('Password')
  await signOut.or(password).waitFor()
  if (await password.count()) {
    await page.getByLabel('Email').fill(email)
    await password.fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }
  await signOut.waitFor()
}

const AXE = resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js')

/** axe-core's WCAG 2.2 AA findings on the page, or within `selector`: `rule-id (node count)`. */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  return page.evaluate(async (within) => {
    const axe = (
      window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe
    const result = await axe.run(within ? { include: [[within]] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }
    })
    return result.violations.map((violation) => `${violation.id} (${violation.nodes.length})`)
  }, selector ?? null)
}

/**
 * Chromium here cannot reach a push service: its PushManager is replaced, in every page of
 * `target`, by one whose subscription is `subscription` (an endpoint of the in-test service).
 */
export function fakePushManager(
  target: Page | BrowserContext,
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } }
): Promise<unknown> {
  return target.addInitScript(
    ({ endpoint, keys }) => {
      let current: object | null = null
      PushManager.prototype.getSubscription = async () => current as PushSubscription | null
      PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
        current = {
          endpoint,
          options: { applicationServerKey: options?.applicationServerKey, userVisibleOnly: true },
          toJSON: () => ({ endpoint, keys }),
          getKey: () => null,
          unsubscribe: async () => ((current = null), true)
        }
        return current as PushSubscription
      }
    },
    { endpoint: subscription.endpoint, keys: subscription.keys }
  )
}
