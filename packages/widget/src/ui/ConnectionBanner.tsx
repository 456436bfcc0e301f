import { useI18n } from './i18n-context.ts'
import type { Connection } from './types.ts'

/** Tells the visitor when sends are queued rather than delivered. */
export function ConnectionBanner({ state }: { state: Connection }) {
  const { t } = useI18n()
  if (state !== 'offline' && state !== 'reconnecting') return null
  return (
    <p class="banner" role="status">
      {t(state === 'offline' ? 'offline' : 'reconnecting')}
    </p>
  )
}
