import { Constants, type ConversationPriority, type ConversationStatus, type InboxFilters, type InboxStore } from '@parley/core'
import { useStore } from './use-store.ts'

const STATUSES = Constants.public.Enums.conversation_status
// Most pressing first.
const PRIORITIES: ConversationPriority[] = [...Constants.public.Enums.conversation_priority].reverse()

/** The live inbox: filters, counts, and conversations newest activity first. */
export function Inbox({ inbox, selected, onSelect }: { inbox: InboxStore; selected: string | null; onSelect: (id: string) => void }) {
  const filters = useStore(inbox.$filters)
  const conversations = useStore(inbox.$conversations)
  const counts = useStore(inbox.$counts)
  const update = (change: Partial<InboxFilters>) => inbox.setFilters({ ...filters, ...change })
  return (
    <section class="inbox" aria-label="Inbox">
      <div class="filters">
        <label>
          Status{' '}
          <select
            value={String(filters.status ?? '')}
            onChange={(event) => update({ status: (event.currentTarget.value || undefined) as ConversationStatus | undefined })}
          >
            <option value="">All</option>
            {STATUSES.map((status) => (
              <option value={status}>
                {status} ({counts.byStatus[status] ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          Priority{' '}
          <select
            value={String(filters.priority ?? '')}
            onChange={(event) => update({ priority: (event.currentTarget.value || undefined) as ConversationPriority | undefined })}
          >
            <option value="">All</option>
            {PRIORITIES.map((priority) => (
              <option value={priority}>{priority}</option>
            ))}
          </select>
        </label>
        <label>
          Assignee{' '}
          <select value={filters.assignee ?? ''} onChange={(event) => update({ assignee: event.currentTarget.value || undefined })}>
            <option value="">Anyone</option>
            <option value="me">Me ({counts.mine})</option>
            <option value="unassigned">Unassigned ({counts.unassigned})</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={Boolean(filters.unread)}
            onChange={(event) => update({ unread: event.currentTarget.checked || undefined })}
          />{' '}
          Unread ({counts.unread})
        </label>
        <input
          class="wide"
          type="search"
          aria-label="Search conversations"
          placeholder="Search name, email, subject"
          value={filters.search ?? ''}
          onInput={(event) => update({ search: event.currentTarget.value || undefined })}
        />
        <input
          class="wide"
          type="text"
          aria-label="Tag filter"
          placeholder="Tag"
          value={filters.tag ?? ''}
          onInput={(event) => update({ tag: event.currentTarget.value || undefined })}
        />
      </div>
      <p class="counts">
        {conversations.length} of {counts.total} conversations
      </p>
      <ul>
        {conversations.map((conversation) => (
          <li key={conversation.id}>
            <button
              type="button"
              aria-current={conversation.id === selected ? 'true' : undefined}
              onClick={() => onSelect(conversation.id)}
            >
              <strong>{conversation.customer_name}</strong>
              <span class="sub">{conversation.subject ?? conversation.customer_email}</span>
              <span class="sub">
                {conversation.status} · {conversation.priority}
                {conversation.tags?.length ? ' · ' + conversation.tags.join(', ') : ''}
              </span>
              {conversation.unread_count_staff > 0 && <span class="badge">{conversation.unread_count_staff} unread</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
