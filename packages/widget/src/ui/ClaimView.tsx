import type { ClaimState } from '../connect/state.ts'
import { CLAIM_CSS } from '../styles/claim.css.ts'
import { ClaimTimeline } from './ClaimTimeline.tsx'
import { useI18n } from './i18n-context.ts'
import type { PreChatPrefill } from './PreChatForm.tsx'
import { useStyles } from './styles-context.ts'

export interface ClaimViewProps {
  claim: ClaimState
  /** What identify() said about the visitor; it wins over the name the claim was filed under. */
  prefill: PreChatPrefill
  busy: boolean
  error: string | null
  onAsk: () => void
  onOpen: (conversationId: string) => void
}

/**
 * What a claim link opens: the claim with its live timeline, then the visitor's conversation
 * about it, or one tap to start one.
 */
export function ClaimView({ claim, prefill, busy, error, onAsk, onOpen }: ClaimViewProps) {
  useStyles(CLAIM_CSS)
  const { t } = useI18n()
  const { conversationId, filedUnder } = claim
  // As the controller starts it: identify()'s details, else the claim's.
  const name = prefill.name || filedUnder?.name
  const email = prefill.email || filedUnder?.email
  const asker = name && email ? { name, email } : null
  return (
    <div class="claim-view">
      {claim.lost ? (
        <p class="problem" role="alert">
          {t('linkInvalid')}
        </p>
      ) : claim.status ? (
        <ClaimTimeline claimNumber={claim.number} status={claim.status} updates={claim.updates} openHistory />
      ) : (
        <p class="empty" role="status">
          {t('loading')}
        </p>
      )}
      <div class="ask">
        {conversationId ? (
          <button type="button" class="primary" data-autofocus onClick={() => onOpen(conversationId)}>
            {t('claimConversation')}
          </button>
        ) : (
          <>
            <button
              type="button"
              class="primary"
              data-autofocus
              disabled={busy}
              aria-describedby={asker ? 'parley-ask-note' : undefined}
              onClick={onAsk}
            >
              {busy ? t('starting') : t('askClaim')}
            </button>
            {asker && (
              <p id="parley-ask-note" class="note">
                {t('askClaimNote', { name: asker.name, email: asker.email })} {t('consent')}
              </p>
            )}
          </>
        )}
        {error && (
          <p class="problem" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  )
}
