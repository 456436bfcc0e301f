import type { ClaimState } from '../connect/state.ts'
import { formatDay } from '../i18n/dates.ts'
import type { Locale } from '../loader/config.ts'
import { CONVERSATIONS_CSS } from '../styles/conversations.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'
import type { ConversationSummary } from './types.ts'

// Home is drawn only for a visitor with several conversations: its texts come with it.
const TEXTS: Record<Locale, { untitled: string; unread: string; resolved: string; archived: string; new: string }> = {
  en: { untitled: 'Conversation', unread: '{count} unread', resolved: 'Resolved', archived: 'Archived', new: 'New conversation' },
  'fr-CA': { untitled: 'Conversation', unread: '{count} non lus', resolved: 'Résolue', archived: 'Archivée', new: 'Nouvelle conversation' }
}

export interface ConversationListProps {
  conversations: readonly ConversationSummary[]
  /** The claim the visitor follows through its link, listed first. */
  claim?: ClaimState | null
  onSelect: (id: string) => void
  onClaim: () => void
  onNew: () => void
}

/**
 * The visitor's home: their conversations with status and unread count, the claim they
 * follow, and a new conversation.
 */
export function ConversationList({ conversations, claim, onSelect, onClaim, onNew }: ConversationListProps) {
  useStyles(CONVERSATIONS_CSS)
  const { t, locale } = useI18n()
  const text = TEXTS[locale]
  return (
    <nav class="conversations" aria-label={t('conversations')}>
      <ul>
        {claim?.number && (
          <li>
            <button type="button" onClick={onClaim}>
              <span class="name">{t('claim', { number: claim.number })}</span>
              {claim.status && <span class="when">{t(`status.${claim.status}`)}</span>}
            </button>
          </li>
        )}
        {conversations.map((conversation) => (
          <li key={conversation.id}>
            <button type="button" onClick={() => onSelect(conversation.id)}>
              <span class="name">{conversation.title || text.untitled}</span>
              <span class="when">
                {conversation.status && conversation.status !== 'active' && `${text[conversation.status]} · `}
                {conversation.lastMessageAt && formatDay(conversation.lastMessageAt, locale, t)}
              </span>
              {conversation.unread > 0 && (
                <>
                  <span class="count" aria-hidden="true">
                    {conversation.unread}
                  </span>
                  <span class="sr">{text.unread.replace('{count}', String(conversation.unread))}</span>
                </>
              )}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="primary" onClick={onNew}>
        {text.new}
      </button>
    </nav>
  )
}
