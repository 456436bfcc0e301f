import { type Parley, ParleyError, type Profile, type PushPreferences } from '@parley/core'
import {
  currentPushSubscription,
  PushSetupError,
  type PushSupport,
  pushSupport,
  subscribeToPush,
  unsubscribeFromPush
} from '@parley/widget'
import { useEffect, useState } from 'preact/hooks'
import { explain } from './explain.ts'

const TYPES: { key: keyof PushPreferences; label: string }[] = [
  { key: 'new_messages', label: 'New messages' },
  { key: 'claim_updates', label: 'Claim status changes' },
  { key: 'warranty_expiring', label: 'Warranties about to expire' },
  { key: 'system_alerts', label: 'System alerts' }
]
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

const DESCRIPTIONS: Record<Exclude<Device['state'], 'unsupported'>, string> = {
  checking: 'Checking this device…',
  denied: 'Notifications are blocked for this site. Allow them in the browser’s site settings, then reload the page.',
  'no-key':
    'VAPID key not configured (npm run vapid-keys), so push cannot be turned on. Put VAPID_PUBLIC_KEY in the page’s data-vapid-key.',
  off: 'Push notifications are off on this device.',
  on: 'Push notifications are on for this device.'
}
const UNSUPPORTED: Record<NonNullable<PushSupport['reason']>, string> = {
  unsupported: 'This browser does not support push notifications.',
  'insecure-context': 'Push notifications need https (or localhost).',
  'ios-home-screen-required':
    'On iPhone and iPad, add this console to the Home Screen (Share → Add to Home Screen) and open it from there to turn on notifications.'
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

/**
 * Push notifications on this device for the signed-in staff member: turn on (the browser
 * prompt comes from the click), choose which kinds, send a test, turn off.
 */
export function PushSettings({ parley, profile, vapidKey }: { parley: Parley; profile: Profile; vapidKey: string | null }) {
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
        setMessage(`Could not read this device’s subscription: ${explain(error)}`)
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
        if (error instanceof PushSetupError && error.code === 'PERMISSION_DENIED') setDevice({ state: 'denied' })
        setMessage(explain(error))
      })
      .finally(() => setBusy(false))
  }

  // subscribeToPush is called synchronously inside the click so the permission prompt keeps the user gesture.
  const enable = () =>
    run('Turning on… answer the browser’s prompt if it asks.', async () => {
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
    run('Saving…', async () => {
      try {
        await parley.updatePushPreferences(device.id, { [key]: value })
        setMessage('Saved.')
      } catch (error) {
        setDevice({ ...device, preferences: before })
        throw error
      }
    })
  }

  const test = () => {
    if (device.state !== 'on') return
    run('Sending a test notification…', async () => {
      const results = await parley.sendTestNotification(device.id)
      setMessage(
        results.length === 0
          ? 'Test sent to no device: this subscription is no longer active.'
          : `Test notification: ${results.map((result) => [result.outcome, result.status, result.error].filter((part) => part !== undefined && part !== '').join(' ')).join('; ')}`
      )
    })
  }

  const disable = () => {
    if (device.state !== 'on') return
    run('Turning off…', async () => {
      await unsubscribeFromPush()
      try {
        await parley.unregisterPushSubscription(device.id)
      } catch (error) {
        if (!(error instanceof ParleyError && error.code === 'NOT_FOUND')) throw error
      }
      writeSaved(profile.id, null)
      setDevice(vapidKey ? { state: 'off' } : { state: 'no-key' })
      setMessage('Turned off on this device.')
    })
  }

  const on = device.state === 'on'
  return (
    <section id="push-settings-slot" class="push-settings" aria-labelledby="push-settings-heading">
      <h2 id="push-settings-heading">Push notifications</h2>
      <div role="status" aria-live="polite">
        <p>{device.state === 'unsupported' ? UNSUPPORTED[device.reason] : DESCRIPTIONS[device.state]}</p>
        {message && <p>{message}</p>}
      </div>
      {device.state === 'off' && (
        <button type="button" class="primary" disabled={busy} onClick={enable}>
          Enable push on this device
        </button>
      )}
      <fieldset disabled={!on || busy}>
        <legend>Notify me about</legend>
        {TYPES.map(({ key, label }) => (
          <label key={key}>
            <input
              type="checkbox"
              name={key}
              checked={on ? device.preferences[key] : false}
              onChange={(event) => toggle(key, event.currentTarget.checked)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      {on && (
        <div class="actions">
          <button type="button" disabled={busy} onClick={test}>
            Send test notification
          </button>
          <button type="button" disabled={busy} onClick={disable}>
            Turn off on this device
          </button>
        </div>
      )}
    </section>
  )
}
