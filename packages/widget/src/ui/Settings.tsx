import type { ComponentChildren } from 'preact'
import { PUSH_CSS } from '../styles/push.css.ts'
import { useI18n } from './i18n-context.ts'
import { PUSH_TEXTS } from './push-texts.ts'
import { useStyles } from './styles-context.ts'

export interface SettingsProps {
  sound: boolean
  onSound: (on: boolean) => void
  /** The push preferences block, when push is available. */
  children?: ComponentChildren
}

/** Visitor preferences: notification sound (off by default) and push. */
export function Settings({ sound, onSound, children }: SettingsProps) {
  useStyles(PUSH_CSS)
  const { t, locale } = useI18n()
  const text = PUSH_TEXTS[locale]
  return (
    <section class="settings" aria-label={t('settings')}>
      <div class="field check">
        <input id="parley-sound" type="checkbox" checked={sound} onChange={(event) => onSound(event.currentTarget.checked)} />
        <label for="parley-sound">{text.sound}</label>
      </div>
      {children}
    </section>
  )
}
