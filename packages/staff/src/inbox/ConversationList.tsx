import { Constants, type ConversationPriority, type ConversationStatus, type InboxFilters, type InboxStore } from '@parley/core'
import type { RefObject } from 'preact'
import { useStaff } from '../base/context.ts'
import { useStore } from '../base/use-store.ts'

const STATUSES = Constants.public.Enums.conversation_status
// Most pressing first.
const PRIORITIES: ConversationPriority[] = [...Constants.public.Enums.conversation_priority].reverse()

interface Props {
  inbox: InboxStore
  selected: string | null
  onSelect: (id: string) => void
  searchRef: RefObject<HTMLInputElement | null>
}

/** Filters, counts, and the conversations newest activity first, with unread badges. */
export function ConversationList({ inbox, selected, onSelect, searchRef }: Props) {
  const { t } = useStaff()
  const filters = useStore(inbox.$filters)
  const conversations = useStore(inbox.$conversations)
  const counts = useStore(inbox.$counts)
  const update = (change: Partial<InboxFilters>) => inbox.setFilters({ ...filters, ...change })
  return (
    <section part="list" class="list" aria-label={t('inbox')}>
      <div class="filters" part="filters">
        <input
          ref={searchRef}
          class="wide"
          type="search"
          aria-label={t('search')}
          placeholder={t('searchPlaceholder')}
          value={filters.search ?? ''}
          onInput={(event) => update({ search: event.currentTarget.value || undefined })}
          onKeyDown={(event) => {
            // Escape leaves the field for the shortcuts, keeping the search (a search field would clear it).
            if (event.key !== 'Escape') return
            event.preventDefault()
            event.currentTarget.blur()
          }}
        />
        <label>
          {t('status')}
          <select
            value={String(filters.status ?? '')}
            onChange={(event) => update({ status: (event.currentTarget.value || undefined) as ConversationStatus | undefined })}
          >
            <option value="">{t('all')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)} ({counts.byStatus[status] ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('priority')}
          <select
            value={String(filters.priority ?? '')}
            onChange={(event) => update({ priority: (event.currentTarget.value || undefined) as ConversationPriority | undefined })}
          >
            <option value="">{t('all')}</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`priority.${priority}`)} ({counts.byPriority[priority] ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('assignee')}
          <select value={filters.assignee ?? ''} onChange={(event) => update({ assignee: event.currentTarget.value || undefined })}>
            <option value="">{t('anyone')}</option>
            <option value="me">
              {t('me')} ({counts.mine})
            </option>
            <option value="unassigned">
              {t('unassigned')} ({counts.unassigned})
            </option>
          </select>
        </label>
        <label>
          {t('tag')}
          <input
            type="text"
            placeholder={t('tagPlaceholder')}
            value={filters.tag ?? ''}
            onInput={(event) => update({ tag: event.currentTarget.value || undefined })}
          />
        </label>
        <label class="inline wide">
          <input
            type="checkbox"
            checked={Boolean(filters.unread)}
            onChange={(event) => update({ unread: event.currentTarget.checked || undefined })}
          />{' '}
          {t('unreadOnly')} ({counts.unread})
        </label>
      </div>
      <p class="muted counts" part="counts" role="status">
        {t('shown', { shown: conversations.length, total: counts.total })}
      </p>
      {conversations.length === 0 && <p class="notice">{t('noConversations')}</p>}
      <ul>
        {conversations.map((conversation) => (
          <li key={conversation.id}>
            <button
              id={`row-${conversation.id}`}
              type="button"
              part={conversation.id === selected ? 'row row-selected' : 'row'}
              class="row"
              aria-current={conversation.id === selected ? 'true' : undefined}
              onClick={() => onSelect(conversation.id)}
            >
              <span class="name">{conversation.customer_name}</span>
              <span class="sub">
                <span>{conversation.subject ?? conversation.customer_email}</span>
                <span>
                  {t(`status.${conversation.status}`)} · {t(`priority.${conversation.priority}`)}
                  {conversation.tags.length ? ` · ${conversation.tags.join(', ')}` : ''}
                </span>
                {conversation.unread_count_staff > 0 && (
                  <span part="badge" class="badge">
                    {t('unreadBadge', { count: conversation.unread_count_staff })}
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
