import { useState } from 'preact/hooks'
import { PRECHAT_CSS } from '../styles/prechat.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'

export interface PreChatValues {
  name: string
  email: string
  phone: string
  consent: boolean
}

/** What the page said about the visitor; an e-mail its server signed is not editable. */
export type PreChatPrefill = Partial<PreChatValues> & { emailSigned?: boolean }

export interface PreChatFormProps {
  initial?: PreChatPrefill
  busy?: boolean
  error?: string | null
  onSubmit: (values: PreChatValues) => void
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Name, e-mail, optional phone and consent before the first message. */
export function PreChatForm({ initial, busy, error, onSubmit }: PreChatFormProps) {
  useStyles(PRECHAT_CSS)
  const { t } = useI18n()
  const { emailSigned, ...given } = initial ?? {}
  // identify() leaves unknown fields undefined; the inputs need strings.
  const [values, setValues] = useState<PreChatValues>({
    name: given.name ?? '',
    email: given.email ?? '',
    phone: given.phone ?? '',
    consent: given.consent ?? false
  })
  const [problems, setProblems] = useState<Partial<Record<keyof PreChatValues, string>>>({})
  const set = (key: keyof PreChatValues) => (event: Event) => {
    const input = event.currentTarget as HTMLInputElement
    setValues({ ...values, [key]: input.type === 'checkbox' ? input.checked : input.value })
  }
  const submit = (event: Event) => {
    event.preventDefault()
    const found: typeof problems = {}
    if (!values.name.trim()) found.name = t('required')
    if (!EMAIL.test(values.email.trim())) found.email = values.email.trim() ? t('badEmail') : t('required')
    if (!values.consent) found.consent = t('needConsent')
    setProblems(found)
    if (Object.keys(found).length) {
      const first = (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>('[aria-invalid="true"]')
      first?.focus()
      return
    }
    onSubmit({ ...values, name: values.name.trim(), email: values.email.trim(), phone: values.phone.trim() })
  }
  const field = (
    key: 'name' | 'email' | 'phone',
    type: 'text' | 'email' | 'tel',
    autocomplete: 'name' | 'email' | 'tel',
    required: boolean
  ) => (
    <div class="field">
      <label for={`parley-${key}`}>{t(key)}</label>
      <input
        id={`parley-${key}`}
        // Preact types <input> as a union keyed by literal `type`; these three share every attribute used.
        type={type as 'text'}
        autocomplete={autocomplete}
        value={values[key]}
        onInput={set(key)}
        required={required}
        readOnly={key === 'email' && emailSigned}
        aria-invalid={problems[key] ? 'true' : undefined}
        aria-describedby={problems[key] ? `parley-${key}-error` : undefined}
        data-autofocus={key === 'name' ? '' : undefined}
      />
      {problems[key] && (
        <p id={`parley-${key}-error`} class="problem">
          {problems[key]}
        </p>
      )}
    </div>
  )
  return (
    <form class="prechat" onSubmit={submit} noValidate>
      <p class="intro">{t('subtitle')}</p>
      {field('name', 'text', 'name', true)}
      {field('email', 'email', 'email', true)}
      {field('phone', 'tel', 'tel', false)}
      <div class="field check">
        <input
          id="parley-consent"
          type="checkbox"
          checked={values.consent}
          onChange={set('consent')}
          aria-invalid={problems.consent ? 'true' : undefined}
          aria-describedby={problems.consent ? 'parley-consent-error' : undefined}
        />
        <label for="parley-consent">{t('consent')}</label>
      </div>
      {problems.consent && (
        <p id="parley-consent-error" class="problem">
          {problems.consent}
        </p>
      )}
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('starting') : t('start')}
      </button>
    </form>
  )
}
