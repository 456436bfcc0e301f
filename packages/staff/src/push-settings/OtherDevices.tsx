import type { PushDevice } from '@parley/core'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import { viewTranslator } from '../base/i18n.ts'
import { DEVICE_TEXTS } from './devices-i18n.ts'

/** A browser and system a person recognizes, from the user agent the device registered with. */
function describe(device: PushDevice): string {
  const agent = device.user_agent ?? ''
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrome\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : ''
  const system = /iPhone|iPad/.test(agent)
    ? 'iOS'
    : /Android/.test(agent)
      ? 'Android'
      : /Mac OS X/.test(agent)
        ? 'macOS'
        : /Windows/.test(agent)
          ? 'Windows'
          : /Linux/.test(agent)
            ? 'Linux'
            : ''
  return [browser, system].filter(Boolean).join(' · ')
}

/** The signed-in person's other push subscriptions (not this device), with a confirmed removal. */
export function OtherDevices({ currentId }: { currentId: string | null }) {
  const { parley, locale, fail } = useStaff()
  const t = useMemo(() => viewTranslator(locale, DEVICE_TEXTS), [locale])
  const [devices, setDevices] = useState<PushDevice[] | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const load = () => parley.listPushSubscriptions().then(setDevices, (error: unknown) => setProblem(fail(error)))
  useEffect(() => void load(), [parley, currentId])
  const remove = (id: string) => {
    setConfirming(null)
    parley.unregisterPushSubscription(id).then(
      () => {
        setProblem(null)
        return load()
      },
      (error: unknown) => setProblem(fail(error))
    )
  }
  const others = (devices ?? []).filter((device) => device.id !== currentId)
  return (
    <section part="devices" class="devices" aria-labelledby="push-devices-heading">
      <h3 id="push-devices-heading">{t('push.otherDevices')}</h3>
      {devices === null && !problem && <p>{t('loading')}</p>}
      {devices !== null && others.length === 0 && <p>{t('push.noOtherDevices')}</p>}
      {others.length > 0 && (
        <ul>
          {others.map((device) => (
            <li key={device.id} part="device">
              <span class="device-name" title={device.user_agent ?? undefined}>
                {t(`push.platform.${device.platform}`)}
                {describe(device) && ` — ${describe(device)}`}
                {!device.enabled && ` (${t('push.deviceGone')})`}
              </span>
              <span class="device-used">
                {device.last_used_at
                  ? t('push.lastUsed', {
                      date: new Date(device.last_used_at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
                    })
                  : t('push.neverUsed')}
              </span>
              {confirming === device.id ? (
                <span class="actions">
                  <button type="button" class="danger" onClick={() => remove(device.id)}>
                    {t('push.confirmRemove')}
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t('cancel')}
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  aria-label={t('push.removeDevice', {
                    device: t(`push.platform.${device.platform}`) + (describe(device) ? ` ${describe(device)}` : '')
                  })}
                  onClick={() => setConfirming(device.id)}
                >
                  {t('push.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  )
}
