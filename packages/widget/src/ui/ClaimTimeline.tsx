import type { ClaimStatus } from '@parley/core'
import { formatDateTime } from '../i18n/dates.ts'
import { TIMELINE_CSS } from '../styles/claim.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'
import type { ClaimUpdateView } from './types.ts'

export interface ClaimTimelineProps {
  claimNumber?: string | null
  status: ClaimStatus | null
  updates: readonly ClaimUpdateView[]
  /** Shows who changed what, when and why without a click (the claim's own page). */
  openHistory?: boolean
}

const HAPPY_PATH: ClaimStatus[] = ['submitted', 'under_review', 'approved', 'in_repair', 'completed', 'closed']

/** The steps a claim goes through, with the current one marked, and who changed what, why. */
export function ClaimTimeline({ claimNumber, status, updates, openHistory }: ClaimTimelineProps) {
  useStyles(TIMELINE_CSS)
  const { t, locale } = useI18n()
  if (!status) return null
  // Detours (information requested, denied) take the place of the step they interrupt.
  const steps = HAPPY_PATH.map((step) =>
    step === 'under_review' && status === 'info_requested' ? 'info_requested' : step === 'approved' && status === 'denied' ? 'denied' : step
  )
  const current = steps.indexOf(status)
  return (
    <section class="claim" aria-labelledby="parley-claim-title">
      <h3 id="parley-claim-title">{claimNumber ? t('claim', { number: claimNumber }) : t('claimStatus')}</h3>
      <ol class="steps">
        {steps.map((step, index) => (
          <li
            key={step}
            class={index < current ? 'done' : index === current ? 'current' : 'todo'}
            aria-current={index === current ? 'step' : undefined}
          >
            <span class="dot" aria-hidden="true" />
            <span class="label">{t(`status.${step}`)}</span>
          </li>
        ))}
      </ol>
      {updates.length > 0 && (
        <details class="history" open={openHistory}>
          <summary>{t('history')}</summary>
          <ol>
            {[...updates].reverse().map((update) => (
              <li key={update.id}>
                <strong>{t(`status.${update.to}`)}</strong> <time dateTime={update.at}>{formatDateTime(update.at, locale)}</time>
                {update.by && <span> · {t('by', { name: update.by })}</span>}
                {update.reason && <p>{t('reason', { reason: update.reason })}</p>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  )
}
