import type { NotificationCenter } from '@parley/core'
import { useStore } from './use-store.ts'

/** The notification centre: latest 20, live, mark read. */
export function Notifications({ center }: { center: NotificationCenter }) {
  const items = useStore(center.$items)
  return (
    <section class="notifications" aria-label="Notifications">
      <button type="button" onClick={() => void center.markAllRead()}>
        Mark all read
      </button>
      <ul>
        {items.length === 0 && <li>No notifications.</li>}
        {items.map((item) => (
          <li key={item.id} class={item.read_at ? undefined : 'unread'}>
            <div>{item.title}</div>
            {item.body && <div>{item.body}</div>}
            {!item.read_at && (
              <button type="button" onClick={() => void center.markRead(item.id)}>
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
