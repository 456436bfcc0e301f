import type { AccessLinkPreview } from '@parley/core'
import type { Locale } from '../loader/config.ts'
import { CLAIM_CSS } from '../styles/claim.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'

// Few visitors ever see this screen: its texts come with it rather than in every first open's catalog.
const TEXTS: Record<Locale, { title: string; from: string; why: string; open: string; keep: string }> = {
  en: {
    title: 'Open this link?',
    from: 'This link opens a conversation with {dealer}:',
    why: 'It may be someone else’s. If you open it, you will read and write in it as yourself; your own conversations stay in the list.',
    open: 'Open it',
    keep: 'Keep my conversations'
  },
  'fr-CA': {
    title: 'Ouvrir ce lien?',
    from: 'Ce lien ouvre une conversation avec {dealer} :',
    why: 'Elle appartient peut-être à quelqu’un d’autre. Si vous l’ouvrez, vous y lirez et écrirez en votre nom; vos propres conversations restent dans la liste.',
    open: 'L’ouvrir',
    keep: 'Garder mes conversations'
  }
}

export interface LinkConsentProps {
  link: AccessLinkPreview
  onOpen: () => void
  onKeep: () => void
}

/**
 * Asked before a conversation's access link moves a visitor who has conversations of their
 * own: whose it is (the dealer and subject only), then open it or keep theirs.
 */
export function LinkConsent({ link, onOpen, onKeep }: LinkConsentProps) {
  useStyles(CLAIM_CSS)
  const text = TEXTS[useI18n().locale]
  const subject = link.subject ?? link.claim_number
  return (
    <section class="ask" aria-labelledby="parley-link-title">
      <h2 id="parley-link-title">{text.title}</h2>
      <p>{text.from.replace('{dealer}', link.organization_name)}</p>
      {subject && (
        <p>
          <strong>{subject}</strong>
        </p>
      )}
      <p class="note">{text.why}</p>
      <button type="button" class="primary" onClick={onOpen}>
        {text.open}
      </button>
      <button type="button" class="link" data-autofocus onClick={onKeep}>
        {text.keep}
      </button>
    </section>
  )
}
