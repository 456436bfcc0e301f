import { formatDateTime } from '@parley/widget/dates'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import { useStore } from '../base/use-store.ts'

/** A bell with the unread count; its panel lists the latest 20 and lets staff mark them read. */
export default function NotificationCenterView() {
  const { parley, t, locale, emit, fail } = useStaff()
  const center = useMemo(() => parley.notifications(), [parley])
  const items = useStore(center.$items)
  const unread = useStore(center.$unreadCount)
  const error = useStore(center.$error)
  const [open, setOpen] = useState(false)
  const bell = useRef<HTMLButtonElement>(null)
  useEffect(() => center.open(), [center])
  useEffect(() => {
    if (error) fail(error)
  }, [error])
  const act = (work: Promise<unknown>) => void work.catch((caught: unknown) => fail(caught))
  return (
    <div
      class="center"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false)
          bell.current?.focus()
        }
      }}
    >
      <button
        ref={bell}
        type="button"
        part="bell"
        class="bell"
        aria-expanded={open}
        aria-controls="panel"
        aria-label={t('notificationsCount', { count: unread })}
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5-6.7V3a2 2 0 0 0-4 0v1.3A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
        </svg>
        {unread > 0 && (
          <span part="count" class="count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <section id="panel" part="panel" class="panel" hidden={!open} aria-label={t('notifications')}>
        <header>
          <h2>{t('notifications')}</h2>
          <button type="button" part="mark-all" disabled={unread === 0} onClick={() => act(center.markAllRead())}>
            {t('markAllRead')}
          </button>
        </header>
        {items.length === 0 ? (
          <p class="muted">{t('noNotifications')}</p>
        ) : (
          <ul>
            {items.map((item) => (
              <li key={item.id} part={item.read_at ? 'item' : 'item item-unread'} class={item.read_at ? 'item' : 'item unread'}>
                <button
                  type="button"
                  class="open"
                  onClick={() => {
                    if (!item.read_at) act(center.markRead(item.id))
                    setOpen(false)
                    emit('parley-notification-select', { notification: item })
                  }}
                >
                  <strong>{item.title}</strong>
                  {item.body && <span>{item.body}</span>}
                  <time class="muted" dateTime={item.created_at}>
                    {formatDateTime(item.created_at, locale)}
                  </time>
                </button>
                {!item.read_at && (
                  <button type="button" class="mark" onClick={() => act(center.markRead(item.id))}>
                    {t('markRead')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
