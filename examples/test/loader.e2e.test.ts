// @vitest-environment node
// The loader alone (dist/parley.js) in headless Chromium: pages and the widget's files are
// answered by request interception, so what is checked here is what only a real browser
// shows: the app chunk is imported again after a failed fetch, the bubble survives a body
// swap, a loader in <head> works before the body exists. No Supabase is needed: the app
// mounts and its panel opens even when the backend cannot be reached.
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, requireBuild, type TestBrowser } from './browser.ts'

const ORIGIN = 'https://dealer.test'
const DIST = resolve(import.meta.dirname, '../../packages/widget/dist')
const TAG = `<script async src="/widget/parley.js" data-supabase-url="${ORIGIN}/supabase" data-supabase-key="anon" data-organization="11111111-1111-4111-8111-111111111111" data-locale="en"></script>`

let browser: TestBrowser

beforeAll(async () => {
  requireBuild()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** A page served at ORIGIN with the widget's dist files; `failApp` refuses that many fetches of the app chunk. */
async function open(html: string, { failApp = 0 } = {}): Promise<{ page: Page; errors: string[]; appFetches: () => number }> {
  const page = await browser.context.newPage()
  const errors: string[] = []
  let appFetches = 0
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`))
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: html })
    if (path === '/widget/parley-app.js' && ++appFetches <= failApp) return route.abort('internetdisconnected')
    if (path.startsWith('/widget/'))
      return route.fulfill({ contentType: 'text/javascript', body: await readFile(join(DIST, path.slice('/widget/'.length))) })
    return route.abort()
  })
  await page.goto(`${ORIGIN}/`)
  return { page, errors, appFetches: () => appFetches }
}

const bubble = (page: Page) => page.locator('parley-chat').getByRole('button', { name: 'Chat', exact: true })

describe('the loader in a browser', () => {
  it('reports an app chunk that cannot be fetched as LOAD_FAILED and fetches it again on the next open', async () => {
    const { page, errors, appFetches } = await open(`<!doctype html><html lang="en"><body><main>Warranty</main>${TAG}</body></html>`, {
      failApp: 1
    })
    await bubble(page).click()
    await expect.poll(() => errors).toEqual([expect.stringMatching(/^WidgetError: .*parley-app\.js$/)])
    expect(await bubble(page).getAttribute('aria-expanded')).toBe('false')
    await bubble(page).click()
    await page.locator('parley-chat [role="dialog"]').waitFor()
    expect(appFetches()).toBe(2)
    expect(await bubble(page).getAttribute('aria-expanded')).toBe('true')
    await page.close()
  })

  it('starts from <head> before the body exists, keeps the bubble when the body is swapped, and replays queued calls', async () => {
    const { page, errors } = await open(`<!doctype html><html lang="en"><head>
      <script>window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments) }; Parley('on', 'open', () => { document.title = 'opened' })</script>
      ${TAG.replace(' async', '')}</head><body><main>Warranty</main></body></html>`)
    await bubble(page).waitFor()
    await page.evaluate(() => {
      const next = document.createElement('body')
      next.innerHTML = '<main>Next route</main>'
      document.body.replaceWith(next)
    })
    await page.getByText('Next route').waitFor()
    await bubble(page).click()
    await page.locator('parley-chat [role="dialog"]').waitFor()
    expect(await page.title()).toBe('opened')
    expect(await page.locator('parley-chat').count()).toBe(1)
    expect(errors).toEqual([])
    await page.close()
  })
})
