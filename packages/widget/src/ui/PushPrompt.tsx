import { PUSH_CSS } from '../styles/push.css.ts'
import { useI18n } from './i18n-context.ts'
import { PUSH_TEXTS } from './push-texts.ts'
import { useStyles } from './styles-context.ts'

export type PushState = 'unsupported' | 'default' | 'denied' | 'subscribed' | 'busy'

export interface PushPromptProps {
  state: PushState
  preferences: { new_messages: boolean; claim_updates: boolean }
  onEnable: () => void
  onDisable: () => void
  onDismiss?: () => void
  onPreferences: (preferences: { new_messages: boolean; claim_updates: boolean }) => void
}

/** Asks once, after the first message, whether to notify replies; then the preferences. */
export function PushPrompt({ state, preferences, onEnable, onDisable, onDismiss, onPreferences }: PushPromptProps) {
  useStyles(PUSH_CSS)
  const text = PUSH_TEXTS[useI18n().locale]
  if (state === 'unsupported') return null
  if (state === 'denied') return <p class="note">{text.pushDenied}</p>
  if (state === 'subscribed') {
    return (
      <fieldset class="push">
        <legend>{text.pushOn}</legend>
        {(['new_messages', 'claim_updates'] as const).map((key) => (
          <div class="field check" key={key}>
            <input
              id={`parley-push-${key}`}
              type="checkbox"
              checked={preferences[key]}
              onChange={(event) => onPreferences({ ...preferences, [key]: event.currentTarget.checked })}
            />
            <label for={`parley-push-${key}`}>{text[key === 'new_messages' ? 'pushMessages' : 'pushClaims']}</label>
          </div>
        ))}
        <button type="button" class="link" onClick={onDisable}>
          {text.pushOff}
        </button>
      </fieldset>
    )
  }
  return (
    <div class="push prompt" role="group" aria-labelledby="parley-push-title">
      <p id="parley-push-title">
        <strong>{text.pushTitle}</strong>
      </p>
      <p>{text.pushBody}</p>
      <div class="actions">
        <button type="button" class="primary" disabled={state === 'busy'} onClick={onEnable}>
          {text.pushEnable}
        </button>
        {onDismiss && (
          <button type="button" class="link" onClick={onDismiss}>
            {text.pushLater}
          </button>
        )}
      </div>
    </div>
  )
}
