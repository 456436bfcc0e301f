import { type Parley, ParleyError, type PushPreferences } from '@parley/core'
import { currentPushSubscription, type PushSupport, pushSupport, subscribeToPush, unsubscribeFromPush } from '@parley/core/web-push'
import type { FunctionComponent } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import { viewTranslator } from '../base/i18n.ts'
import type { ViewProps } from '../base/parley-element.tsx'
import type { ParleyPushSettings } from './element.ts'
import { PUSH_TEXTS } from './i18n.ts'

const TYPES: (keyof PushPreferences)[] = ['new_messages', 'claim_updates', 'warranty_expiring', 'system_alerts']
const ALL_ON: PushPreferences = { new_messages: true, claim_updates: true, warranty_expiring: true, system_alerts: true }

type Device =
  | { state: 'checking' }
  | { state: 'unsupported'; reason: NonNullable<PushSupport['reason']> }
  | { state: 'denied' }
  | { state: 'no-key' }
  | { state: 'off' }
  | { state: 'on'; id: string; preferences: PushPreferences }

/** What this browser remembers of its registration; the server stores the endpoint encrypted, so it cannot be looked up by endpoint. */
interface Saved {
  id: string
  endpoint: string
}

const storageKey = (userId: string) => `parley-staff-push:${userId}`

function readSaved(userId: string): Saved | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? 'null')
    if (
      typeof value === 'object' &&
      value !== null &&
      'id' in value &&
      'endpoint' in value &&
      typeof value.id === 'string' &&
      typeof value.endpoint === 'string'
    ) {
      return { id: value.id, endpoint: value.endpoint }
    }
  } catch {
    // Storage blocked or garbled: the device simply shows as off.
  }
  return null
}

function writeSaved(userId: string, saved: Saved | null): void {
  try {
    if (saved) localStorage.setItem(storageKey(userId), JSON.stringify(saved))
    else localStorage.removeItem(storageKey(userId))
  } catch {
    // Without storage the subscription still works; only the next visit shows it as off.
  }
}

/** An unset or unfilled `{{PLACEHOLDER}}` key counts as not configured. */
export function usableVapidKey(value: string | null | undefined): string | null {
  const key = value?.trim() ?? ''
  return key === '' || key.includes('{{') ? null : key
}

async function findDevice(parley: Parley, userId: string, vapidKey: string | null): Promise<Device> {
  const support = pushSupport()
  if (!support.supported) return { state: 'unsupported', reason: support.reason ?? 'unsupported' }
  if (support.permission === 'denied') return { state: 'denied' }
  const saved = readSaved(userId)
  const current = saved && support.permission === 'granted' ? await currentPushSubscription() : null
  if (saved && current?.endpoint === saved.endpoint) {
    const stored = await parley.getPushSubscription(saved.id)
    // A row the dispatcher disabled (the push service answered 410) no longer receives anything.
    if (stored?.enabled) return { state: 'on', id: stored.id, preferences: stored.preferences }
  }
  return vapidKey ? { state: 'off' } : { state: 'no-key' }
}

/** The other-devices list, loaded after the settings themselves (its own chunk). */
function useOtherDevices(): FunctionComponent<{ currentId: string | null }> | null {
  const [view, setView] = useState<FunctionComponent<{ currentId: string | null }> | null>(null)
  useEffect(() => void import('./OtherDevices.tsx').then((module) => setView(() => module.OtherDevices)), [])
  return view
}

/**
 * Push notifications on this device for the signed-in staff member: turn on (the browser
 * prompt comes from the click), choose which kinds, send a test, turn off.
 */
export default function PushSettingsView({ host }: ViewProps<ParleyPushSettings>) {
  const { parley, profile, fail, locale } = useStaff()
  const t = useMemo(() => viewTranslator(locale, PUSH_TEXTS), [locale])
  const OtherDevices = useOtherDevices()
  const vapidKey = usableVapidKey(host.getAttribute('vapid-key'))
  const explain = (error: unknown) => {
    const message = fail(error)
    return error instanceof ParleyError ? `${message} (${error.code})` : message
  }
  const [device, setDevice] = useState<Device>({ state: 'checking' })
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState('')
  useEffect(() => {
    let live = true
    findDevice(parley, profile.id, vapidKey).then(
      (found) => live && setDevice(found),
      (error: unknown) => {
        if (!live) return
        setDevice(vapidKey ? { state: 'off' } : { state: 'no-key' })
        setMessage(t('push.readFailed', { error: explain(error) }))
      }
    )
    return () => {
      live = false
    }
  }, [profile.id, vapidKey])

  const run = (pending: string, work: () => Promise<void>) => {
    setBusy(true)
    setMessage(pending)
    work()
      .catch((error: unknown) => {
        if (error instanceof ParleyError && error.code === 'PERMISSION_DENIED') setDevice({ state: 'denied' })
        setMessage(explain(error))
      })
      .finally(() => setBusy(false))
  }

  // subscribeToPush is called synchronously inside the click so the permission prompt keeps the user gesture.
  const enable = () =>
    run(t('push.turningOn'), async () => {
      const subscription = await subscribeToPush({ vapidPublicKey: vapidKey! })
      const preferences = ALL_ON
      const { id } = await parley.registerPushSubscription({
        organization_id: profile.organization_id,
        ...subscription,
        preferences,
        user_agent: navigator.userAgent
      })
      writeSaved(profile.id, { id, endpoint: subscription.endpoint })
      setDevice({ state: 'on', id, preferences })
      setMessage('')
    })

  const toggle = (key: keyof PushPreferences, value: boolean) => {
    if (device.state !== 'on') return
    const before = device.preferences
    setDevice({ ...device, preferences: { ...before, [key]: value } })
    run(t('push.saving'), async () => {
      try {
        await parley.updatePushPreferences(device.id, { [key]: value })
        setMessage(t('saved'))
      } catch (error) {
        setDevice({ ...device, preferences: before })
        throw error
      }
    })
  }

  const test = () => {
    if (device.state !== 'on') return
    run(t('push.testing'), async () => {
      const results = await parley.sendTestNotification(device.id)
      setMessage(
        results.length === 0
          ? t('push.testNone')
          : t('push.testResult', {
              results: results
                .map((result) =>
                  [result.outcome, result.status, result.error].filter((part) => part !== undefined && part !== '').join(' ')
                )
                .join('; ')
            })
      )
    })
  }

  const disable = () => {
    if (device.state !== 'on') return
    run(t('push.turningOff'), async () => {
      await unsubscribeFromPush()
      try {
        await parley.unregisterPushSubscription(device.id)
      } catch (error) {
        if (!(error instanceof ParleyError && error.code === 'NOT_FOUND')) throw error
      }
      writeSaved(profile.id, null)
      setDevice(vapidKey ? { state: 'off' } : { state: 'no-key' })
      setMessage(t('push.turnedOff'))
    })
  }

  const on = device.state === 'on'
  return (
    <section part="settings" class="push-settings" aria-labelledby="push-settings-heading">
      <h2 id="push-settings-heading">{t('push.title')}</h2>
      <div role="status" aria-live="polite">
        <p>{t(device.state === 'unsupported' ? `push.${device.reason}` : `push.${device.state}`)}</p>
        {message && <p>{message}</p>}
      </div>
      {device.state === 'off' && (
        <button type="button" class="primary" disabled={busy} onClick={enable}>
          {t('push.enable')}
        </button>
      )}
      <fieldset disabled={!on || busy}>
        <legend>{t('push.legend')}</legend>
        {TYPES.map((key) => (
          <label key={key}>
            <input
              type="checkbox"
              name={key}
              checked={on ? device.preferences[key] : false}
              onChange={(event) => toggle(key, event.currentTarget.checked)}
            />{' '}
            {t(`push.${key}`)}
          </label>
        ))}
      </fieldset>
      {on && (
        <div class="actions">
          <button type="button" disabled={busy} onClick={test}>
            {t('push.test')}
          </button>
          <button type="button" disabled={busy} onClick={disable}>
            {t('push.disable')}
          </button>
        </div>
      )}
      {device.state !== 'checking' && OtherDevices && <OtherDevices currentId={on ? device.id : null} />}
    </section>
  )
}
