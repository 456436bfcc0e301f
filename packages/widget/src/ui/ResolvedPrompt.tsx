import type { ConversationView } from '@parley/core'
import { Fragment } from 'preact'
import { useState } from 'preact/hooks'
import { markHandled, maskEmail, problemOf, type ResolutionDeps, rate, handled as wasHandled } from '../connect/resolution.ts'
import type { Locale } from '../loader/config.ts'
import { RESOLVED_CSS } from '../styles/resolved.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'

type Problem = ReturnType<typeof problemOf>

// Only a resolved conversation draws this: its texts come with it, not in every first open's catalog.
const TEXTS: Record<
  Locale,
  {
    question: string
    scale: [string, string, string, string, string]
    comment: string
    send: string
    sending: string
    dismiss: string
    thanks: string
    already: string
    transcript: string
    transcriptSending: string
    transcriptSent: string
    rateProblem: Record<Problem, string>
    transcriptProblem: Record<Problem, string>
  }
> = {
  en: {
    question: 'How did we do?',
    scale: ['Very poor', 'Poor', 'Okay', 'Good', 'Excellent'],
    comment: 'Comment (optional)',
    send: 'Send my rating',
    sending: 'Sending…',
    dismiss: 'No thanks',
    thanks: 'Thank you for your rating!',
    already: 'You already rated this conversation. Thank you!',
    transcript: 'Send me the transcript',
    transcriptSending: 'Sending the transcript…',
    transcriptSent: 'Transcript sent to {email}.',
    rateProblem: {
      CONFLICT: 'This conversation can no longer be rated.',
      INVALID_INPUT: 'Choose a rating from 1 to 5; the comment can be up to 1,000 characters.',
      EMAIL_SUPPRESSED: 'Your rating could not be sent. Please try again.',
      RATE_LIMITED: 'Too many tries. Wait a minute, then try again.',
      NETWORK: 'Your rating could not be sent. Check your connection and try again.',
      other: 'Your rating could not be sent. Please try again.'
    },
    transcriptProblem: {
      CONFLICT: 'The transcript can be sent once the conversation is resolved.',
      INVALID_INPUT: 'There is no e-mail address on this conversation to send it to.',
      EMAIL_SUPPRESSED: 'Your address asked not to receive our e-mails, so we cannot send it.',
      RATE_LIMITED: 'The transcript was already sent within the hour. Check your inbox.',
      NETWORK: 'The transcript could not be requested. Check your connection and try again.',
      other: 'The transcript could not be requested. Please try again.'
    }
  },
  'fr-CA': {
    question: 'Êtes-vous satisfait de notre aide?',
    scale: ['Très insatisfait', 'Insatisfait', 'Correct', 'Satisfait', 'Très satisfait'],
    comment: 'Commentaire (facultatif)',
    send: 'Envoyer ma note',
    sending: 'Envoi…',
    dismiss: 'Non merci',
    thanks: 'Merci pour votre évaluation!',
    already: 'Vous avez déjà évalué cette conversation. Merci!',
    transcript: 'M’envoyer la transcription',
    transcriptSending: 'Envoi de la transcription…',
    transcriptSent: 'Transcription envoyée à {email}.',
    rateProblem: {
      CONFLICT: 'Cette conversation ne peut plus être évaluée.',
      INVALID_INPUT: 'Choisissez une note de 1 à 5; le commentaire peut compter jusqu’à 1 000 caractères.',
      EMAIL_SUPPRESSED: 'Votre évaluation n’a pas pu être envoyée. Veuillez réessayer.',
      RATE_LIMITED: 'Trop d’essais. Attendez une minute, puis réessayez.',
      NETWORK: 'Votre évaluation n’a pas pu être envoyée. Vérifiez votre connexion et réessayez.',
      other: 'Votre évaluation n’a pas pu être envoyée. Veuillez réessayer.'
    },
    transcriptProblem: {
      CONFLICT: 'La transcription peut être envoyée une fois la conversation résolue.',
      INVALID_INPUT: 'Cette conversation n’a pas d’adresse courriel où l’envoyer.',
      EMAIL_SUPPRESSED: 'Votre adresse a demandé à ne plus recevoir nos courriels : nous ne pouvons pas l’envoyer.',
      RATE_LIMITED: 'La transcription a déjà été envoyée dans la dernière heure. Consultez votre boîte de réception.',
      NETWORK: 'La transcription n’a pas pu être demandée. Vérifiez votre connexion et réessayez.',
      other: 'La transcription n’a pas pu être demandée. Veuillez réessayer.'
    }
  }
}

export interface ResolvedPromptProps {
  conversation: ConversationView
  deps: ResolutionDeps
}

/**
 * Under a resolved conversation: a 1–5 rating with an optional comment (a radio group, so
 * arrow keys choose), asked once per resolution, and "Send me the transcript". Each outcome
 * and refusal is said in words in a live region.
 */
export function ResolvedPrompt({ conversation, deps }: ResolvedPromptProps) {
  useStyles(RESOLVED_CSS)
  const text = TEXTS[useI18n().locale]
  const [asking, setAsking] = useState(() => !wasHandled(deps, conversation))
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [rated, setRated] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [transcript, setTranscript] = useState<{ text: string; failed?: boolean } | null>(null)

  const submit = (event: Event) => {
    event.preventDefault()
    if (busy) return
    if (!rating) return setProblem(text.rateProblem.INVALID_INPUT)
    setBusy(true)
    setProblem(null)
    rate(deps, conversation, rating, comment).then(
      (outcome) => {
        setAsking(false)
        setRated(outcome === 'rated' ? text.thanks : text.already)
      },
      (error: unknown) => {
        setBusy(false)
        setProblem(text.rateProblem[problemOf(error)])
      }
    )
  }
  const dismiss = () => {
    markHandled(deps, conversation)
    setAsking(false)
  }
  const askTranscript = () => {
    setTranscript({ text: text.transcriptSending })
    deps.parley.requestTranscript(conversation.id).then(
      (email) => setTranscript({ text: text.transcriptSent.replace('{email}', maskEmail(email)) }),
      (error: unknown) => setTranscript({ text: text.transcriptProblem[problemOf(error)], failed: true })
    )
  }

  return (
    <section class="resolved" aria-label={text.question}>
      {asking && (
        <form onSubmit={submit}>
          <fieldset>
            <legend>{text.question}</legend>
            <div class="scale">
              {text.scale.map((label, index) => (
                <Fragment key={label}>
                  <input
                    type="radio"
                    name="parley-rating"
                    id={`parley-rating-${index + 1}`}
                    value={index + 1}
                    checked={rating === index + 1}
                    onChange={() => setRating(index + 1)}
                  />
                  <label for={`parley-rating-${index + 1}`}>
                    <strong>{index + 1}</strong>
                    {label}
                  </label>
                </Fragment>
              ))}
            </div>
          </fieldset>
          <label class="field">
            {text.comment}
            <textarea maxLength={1000} rows={2} value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
          </label>
          {problem && (
            <p class="problem" role="alert">
              {problem}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? text.sending : text.send}
            </button>
            <button type="button" class="link" onClick={dismiss}>
              {text.dismiss}
            </button>
          </div>
        </form>
      )}
      <p class="note" role="status">
        {rated}
      </p>
      <div class="actions">
        <button type="button" class="link" disabled={transcript?.text === text.transcriptSending} onClick={askTranscript}>
          {text.transcript}
        </button>
      </div>
      <p class={transcript?.failed ? 'problem' : 'note'} role="status">
        {transcript?.text}
      </p>
    </section>
  )
}
