import { formatDay } from '../i18n/dates.ts'
import { CONVERSATIONS_CSS } from '../styles/conversations.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'
import type { ConversationSummary } from './types.ts'

export interface ConversationListProps {
  conversations: readonly ConversationSummary[]
  onSelect: (id: string) => void
  onNew: () => void
}

/** Shown when the visitor has more than one conversation on this site. */
export function ConversationList({ conversations, onSelect, onNew }: ConversationListProps) {
  useStyles(CONVERSATIONS_CSS)
  const { t, locale } = useI18n()
  return (
    <nav class="conversations" aria-label={t('conversations')}>
      <ul>
        {conversations.map((conversation) => (
          <li key={conversation.id}>
            <button type="button" onClick={() => onSelect(conversation.id)}>
              <span class="name">{conversation.title || t('untitled')}</span>
              {conversation.lastMessageAt && <span class="when">{formatDay(conversation.lastMessageAt, locale, t)}</span>}
              {conversation.unread > 0 && <span class="count">{conversation.unread}</span>}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="primary" onClick={onNew}>{t('newConversation')}</button>
    </nav>
  )
}
