import type { ClaimState } from '../connect/state.ts'
import { formatDay } from '../i18n/dates.ts'
import { CONVERSATIONS_CSS } from '../styles/conversations.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'
import type { ConversationSummary } from './types.ts'

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
              <span class="name">{conversation.title || t('untitled')}</span>
              <span class="when">
                {conversation.status && conversation.status !== 'active' && `${t(`conversation.${conversation.status}`)} · `}
                {conversation.lastMessageAt && formatDay(conversation.lastMessageAt, locale, t)}
              </span>
              {conversation.unread > 0 && (
                <>
                  <span class="count" aria-hidden="true">
                    {conversation.unread}
                  </span>
                  <span class="sr">{t('unread', { count: conversation.unread })}</span>
                </>
              )}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="primary" onClick={onNew}>
        {t('newConversation')}
      </button>
    </nav>
  )
}
