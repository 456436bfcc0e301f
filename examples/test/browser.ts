// Headless Chromium for the examples' end-to-end tests: Debian's chromium (browsers cannot be
// downloaded here) driven by playwright-core, with a fresh profile each run.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

export interface TestBrowser {
  context: BrowserContext
  close(): Promise<void>
}

export async function launchBrowser(options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`)
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
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

export const AXE = resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js')
