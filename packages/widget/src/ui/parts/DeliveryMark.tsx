export type DeliveryMarkState = 'pending' | 'sent' | 'read' | 'failed'

/** The texts a delivery mark shows, from the widget's or the staff elements' catalog; `sent` and `read` name their states. */
export type DeliveryText = 'sending' | 'sent' | 'read' | 'failed' | 'retry'

export interface DeliveryMarkProps {
  state: DeliveryMarkState
  t: (key: DeliveryText) => string
  onRetry: () => void
}

/** Where a message one sent is: sending, delivered (one tick), read (two) or failed, with a retry. */
export function DeliveryMark({ state, t, onRetry }: DeliveryMarkProps) {
  if (state === 'pending') return <span class="tick">{t('sending')}</span>
  if (state === 'failed')
    return (
      <span class="failed">
        {t('failed')}{' '}
        <button type="button" class="link" onClick={onRetry}>
          {t('retry')}
        </button>
      </span>
    )
  return (
    <span class={`tick ${state}`} title={t(state)}>
      <svg viewBox="0 0 24 16" aria-hidden="true">
        <path d="M1 8l4 4 8-8" />
        {state === 'read' && <path d="M9 12l8-8" />}
      </svg>
      <span class="sr">{t(state)}</span>
    </span>
  )
}
