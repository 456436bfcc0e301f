// @vitest-environment node
// The staff console's push settings panel in headless Chromium against the local stack and an
// in-test push service: the not-configured and refused states, then on, per-type
// preferences, a test notification the push service receives, and off.

import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createParley } from '../../../packages/core/src/index.ts'
import type { TestStack } from '../../../packages/local/test/stack.ts'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import { browserSubscription, decryptFor, type PushService } from '../../../supabase/tests/push-harness.ts'
import { type ExamplesServer, serveExamples } from '../../serve.ts'
import { axeViolations, signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer
let keyed: ExamplesServer
let browser: TestBrowser
let page: Page
let pushService: PushService

beforeAll(async () => {
  run = await startExamples({ browser: true, push: true })
  ;({ stack, browser } = run)
  pushService = run.push.service
  // The console as a deployment serves it, with data-vapid-key filled in, and without.
  keyed = run.web
  web = await serveExamples({ supabaseUrl: stack.url, supabaseAnonKey: stack.anonKey })
  page = await browser.context.newPage()
})

afterAll(async () => {
  await web?.close()
  await run?.close()
})

async function openSettings(server: ExamplesServer): Promise<void> {
  await signInStaff(page, server.url)
  await page.getByRole('button', { name: 'Push settings' }).click()
}

const status = () => page.locator('.push-settings [role="status"]')

describe('staff console push settings', () => {
  it('without a VAPID key explains how to configure one, with labelled, disabled toggles and no axe violations', async () => {
    await openSettings(web)
    await status().getByText('VAPID key not configured (npm run vapid-keys)', { exact: false }).waitFor()
    expect(await page.getByRole('button', { name: 'Enable push on this device' }).count()).toBe(0)
    for (const name of ['New messages', 'Claim status changes', 'Warranties about to expire', 'System alerts']) {
      await expect.poll(() => page.getByRole('checkbox', { name }).isDisabled()).toBe(true)
    }
    expect(await status().getAttribute('aria-live')).toBe('polite')
    expect(await axeViolations(page, 'parley-push-settings')).toEqual([])
  })

  it('with a key offers to turn push on; a refused or failed subscription is reported in the live region with its code', async () => {
    await openSettings(keyed)
    await status().getByText('Push notifications are off on this device.').waitFor()
    await page.getByRole('button', { name: 'Enable push on this device' }).click()
    // Headless Chromium has no push service (and no one to answer the prompt): the panel
    // must say why, with the ParleyError code, rather than fail silently.
    await expect.poll(() => status().textContent()).toMatch(/\((PERMISSION_DENIED|SUBSCRIBE_FAILED)\)/)
  })

  it('turns push on, saves a per-type preference, sends a test the push service receives, and turns it off', async () => {
    // Headless Chromium has no push service, so PushManager answers with a subscription to
    // the in-test one (real keys; the stack encrypts to them). Everything else is real.
    const device = browserSubscription(`${pushService.url}/push/staff-console`)
    await page.addInitScript(
      ({ endpoint, keys }) => {
        const FLAG = 'test-push-subscribed'
        const bytes = (text: string) =>
          Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)).buffer
        const subscription = () => ({
          endpoint,
          expirationTime: null,
          options: { userVisibleOnly: true, applicationServerKey: null },
          getKey: (name: 'p256dh' | 'auth') => bytes(keys[name]),
          toJSON: () => ({ endpoint, expirationTime: null, keys }),
          unsubscribe: async () => {
            localStorage.removeItem(FLAG)
            return true
          }
        })
        PushManager.prototype.subscribe = async () => {
          localStorage.setItem(FLAG, '1')
          return subscription() as unknown as PushSubscription
        }
        PushManager.prototype.getSubscription = async () =>
          (localStorage.getItem(FLAG) ? subscription() : null) as unknown as PushSubscription | null
      },
      { endpoint: device.endpoint, keys: device.keys }
    )
    await browser.context.grantPermissions(['notifications'], { origin: keyed.url })
    const admin = stack.client(stack.serviceRoleKey)
    const row = async () => {
      const id = await page.evaluate(() => {
        const key = Object.keys(localStorage).find((name) => name.startsWith('parley-staff-push:'))
        return key ? (JSON.parse(localStorage.getItem(key)!) as { id: string }).id : null
      })
      if (!id) return null
      const { data } = await admin.from('push_subscriptions').select('id, enabled, preferences').eq('id', id).maybeSingle()
      return data
    }

    await openSettings(keyed)
    await page.getByRole('button', { name: 'Enable push on this device' }).click()
    await status().getByText('Push notifications are on for this device.').waitFor()
    expect(await row()).toMatchObject({ enabled: true })

    await page.getByRole('checkbox', { name: 'Warranties about to expire' }).uncheck()
    await status().getByText('Saved.').waitFor()
    await expect
      .poll(async () => (await row())?.preferences)
      .toEqual({ new_messages: true, claim_updates: true, warranty_expiring: false, system_alerts: true })

    // A new visit finds this device's subscription and its saved preferences.
    await openSettings(keyed)
    await status().getByText('Push notifications are on for this device.').waitFor()
    expect(await page.getByRole('checkbox', { name: 'Warranties about to expire' }).isChecked()).toBe(false)
    expect(await page.getByRole('checkbox', { name: 'New messages' }).isChecked()).toBe(true)

    await page.getByRole('button', { name: 'Send test notification' }).click()
    await status().getByText('Test notification: sent 201').waitFor()
    const pushed = pushService.received.filter((push) => push.path === '/push/staff-console')
    expect(pushed).toHaveLength(1)
    expect(decryptFor(device, pushed[0]!)).toMatchObject({ title: expect.any(String) })

    // Julie's phone, registered elsewhere, is listed under other devices and can be removed from here.
    const devices = page.locator('parley-push-settings').getByRole('region', { name: 'Your other devices' })
    await devices.getByText('No other device receives your notifications.').waitFor()
    const phone = createParley({ supabase: stack.client() }, { storage: null })
    await phone.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
    const phoneSubscription = browserSubscription(`${pushService.url}/push/phone`)
    const { id: phoneId } = await phone.registerPushSubscription({
      organization_id: DEMO.organizationId,
      platform: 'web',
      endpoint: phoneSubscription.endpoint,
      keys: phoneSubscription.keys,
      user_agent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'
    })
    await phone.destroy()
    await openSettings(keyed)
    await devices.getByText('Web browser — Safari · iOS').waitFor()
    await devices.getByText('never notified yet').waitFor()
    expect(await axeViolations(page, 'parley-push-settings')).toEqual([])
    await devices.getByRole('button', { name: 'Remove Web browser Safari · iOS' }).click()
    await devices.getByRole('button', { name: 'Remove now' }).click()
    await devices.getByText('No other device receives your notifications.').waitFor()
    const { data: phoneRow } = await admin.from('push_subscriptions').select('id').eq('id', phoneId)
    expect(phoneRow).toEqual([])

    const before = await row()
    await page.getByRole('button', { name: 'Turn off on this device' }).click()
    await status().getByText('Turned off on this device.').waitFor()
    await page.getByRole('button', { name: 'Enable push on this device' }).waitFor()
    const { data: gone } = await admin.from('push_subscriptions').select('id').eq('id', before!.id)
    expect(gone).toEqual([])
  })
})
