import { type ParleyCustomer, ParleyError, type UnsubscribePreview } from '@parley/core'
import { useEffect, useState } from 'preact/hooks'
import type { Locale } from '../loader/config.ts'
import { RESOLVED_CSS } from '../styles/resolved.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'

// Only an e-mail's unsubscribe link draws this: its texts come with it.
const TEXTS: Record<
  Locale,
  Record<'title' | 'ask' | 'note' | 'confirm' | 'keep' | 'done' | 'kept' | 'invalid' | 'failed' | 'back' | 'loading', string>
> = {
  en: {
    title: 'Unsubscribe',
    ask: 'Stop e-mails from {dealer} to {email}?',
    note: 'You will no longer get replies, claim updates or transcripts by e-mail from {dealer}. Your conversations stay here.',
    confirm: 'Stop e-mails',
    keep: 'Keep getting them',
    done: '{email} will no longer receive e-mails from {dealer}.',
    kept: 'Nothing changed: you will keep getting e-mails from {dealer}.',
    invalid: 'This unsubscribe link is not valid. Use the link of a more recent e-mail, or your mail app’s Unsubscribe button.',
    failed: 'Your request could not be sent. Check your connection and try again.',
    back: 'Back to the chat',
    loading: 'Loading…'
  },
  'fr-CA': {
    title: 'Désabonnement',
    ask: 'Ne plus recevoir de courriels de {dealer} à {email}?',
    note: 'Vous ne recevrez plus par courriel les réponses, le suivi des réclamations ni les transcriptions de {dealer}. Vos conversations restent ici.',
    confirm: 'Ne plus recevoir de courriels',
    keep: 'Continuer à les recevoir',
    done: '{email} ne recevra plus de courriels de {dealer}.',
    kept: 'Rien n’a changé : vous recevrez toujours les courriels de {dealer}.',
    invalid:
      'Ce lien de désabonnement n’est pas valide. Utilisez le lien d’un courriel plus récent, ou le bouton Se désabonner de votre application de courriel.',
    failed: 'Votre demande n’a pas pu être envoyée. Vérifiez votre connexion et réessayez.',
    back: 'Retour à la discussion',
    loading: 'Chargement…'
  }
}

export interface UnsubscribeConfirmProps {
  /** The `#unsubscribe=` code of the e-mail's link. */
  code: string
  parley: Pick<ParleyCustomer, 'peekUnsubscribe' | 'unsubscribeEmail'>
  onBack: () => void
}

type Step = 'loading' | 'ask' | 'busy' | 'done' | 'kept' | 'invalid' | 'failed'

/**
 * The unsubscribe link of an e-mail opens the dealer's page here: whose e-mails, and a button
 * that confirms. Opening the link changes nothing, so mail filters that open every link of an
 * incoming e-mail do not unsubscribe anyone.
 */
export function UnsubscribeConfirm({ code, parley, onBack }: UnsubscribeConfirmProps) {
  useStyles(RESOLVED_CSS)
  const { t, locale } = useI18n()
  const text = TEXTS[locale]
  const [preview, setPreview] = useState<UnsubscribePreview | null>(null)
  const [step, setStep] = useState<Step>('loading')
  const failure = (error: unknown) =>
    setStep(error instanceof ParleyError && (error.code === 'NOT_FOUND' || error.code === 'TOKEN_INVALID') ? 'invalid' : 'failed')
  const read = () => {
    setStep('loading')
    parley.peekUnsubscribe(code).then((found) => {
      setPreview(found)
      setStep(found ? 'ask' : 'invalid')
    }, failure)
  }
  useEffect(read, [code])
  const fill = (template: string) => template.replace('{dealer}', preview?.organization_name ?? '').replace('{email}', preview?.email ?? '')
  const confirm = () => {
    setStep('busy')
    parley.unsubscribeEmail(code).then(() => setStep('done'), failure)
  }

  return (
    <section class="unsubscribe" aria-labelledby="parley-unsubscribe-title">
      <h2 id="parley-unsubscribe-title">{text.title}</h2>
      {step === 'loading' && <p role="status">{text.loading}</p>}
      {(step === 'ask' || step === 'busy') && (
        <>
          <p>
            <strong>{fill(text.ask)}</strong>
          </p>
          <p class="note">{fill(text.note)}</p>
          <button type="button" class="primary" data-autofocus disabled={step === 'busy'} onClick={confirm}>
            {text.confirm}
          </button>
          <button type="button" class="link" onClick={() => setStep('kept')}>
            {text.keep}
          </button>
        </>
      )}
      {(step === 'done' || step === 'kept') && <p role="status">{fill(text[step])}</p>}
      {step === 'invalid' && <p role="alert">{text.invalid}</p>}
      {step === 'failed' && (
        <p class="problem" role="alert">
          {text.failed}{' '}
          <button type="button" class="link" onClick={preview ? () => setStep('ask') : read}>
            {t('retry')}
          </button>
        </p>
      )}
      {step !== 'ask' && step !== 'busy' && step !== 'loading' && (
        <button type="button" class="link" onClick={onBack}>
          {text.back}
        </button>
      )}
    </section>
  )
}
