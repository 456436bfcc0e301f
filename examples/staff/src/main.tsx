// The staff app: sign-in, then the @parley/staff elements on hash routes.
import { createParley, type Parley, type ParleyNotification } from '@parley/core'
import { type NotificationSelectDetail, ROLES } from '@parley/staff'
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { AcceptInvitation } from './AcceptInvitation.tsx'
import { Analytics, Inbox, NotificationCenter, PushSettings, ReplyTemplates, Team } from './elements.ts'
import { IdentitySettings } from './IdentitySettings.tsx'
import { href, parseRoute, type Route } from './routes.ts'
import { SignIn } from './SignIn.tsx'
import { useStore } from './use-store.ts'

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? ''
const parley = createParley({ supabaseUrl: meta('parley-supabase-url'), supabaseKey: meta('parley-supabase-key') })
const vapidKey = document.querySelector<HTMLElement>('[data-vapid-key]')?.dataset.vapidKey ?? ''

function useRoute(fallback: Route): Route {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const follow = () => setHash(location.hash)
    addEventListener('hashchange', follow)
    return () => removeEventListener('hashchange', follow)
  }, [])
  return parseRoute(hash) ?? fallback
}

/** Where a notification leads: its conversation, else the notifications page. */
function target(notification: ParleyNotification): Route {
  const data = notification.data
  const id = data && typeof data === 'object' && !Array.isArray(data) ? data.conversation_id : undefined
  return typeof id === 'string' ? { page: 'chat', conversationId: id } : { page: 'notifications' }
}

function Console({ parley }: { parley: Parley }) {
  const profile = useStore(parley.$session)!.profile!
  const chats = (ROLES.chat as readonly string[]).includes(profile.role)
  const notifies = (ROLES.notifications as readonly string[]).includes(profile.role)
  const keepsReplies = (ROLES.replies as readonly string[]).includes(profile.role)
  const reads = (ROLES.analytics as readonly string[]).includes(profile.role)
  const route = useRoute(chats ? { page: 'chat', conversationId: null } : { page: 'notifications' })
  const [popup, setPopup] = useState<'push' | null>(null)
  const go = (next: Route) => (location.hash = href(next))
  // biome-ignore lint/correctness/useExhaustiveDependencies: one listener for the app's life; `go` only sets location.hash.
  useEffect(() => {
    // The bell's choice bubbles out of the element (composed): the app navigates.
    const select = (event: Event) => go(target((event as CustomEvent<NotificationSelectDetail>).detail.notification))
    document.addEventListener('parley-notification-select', select)
    return () => document.removeEventListener('parley-notification-select', select)
  }, [])
  const link = (page: Route['page'], label: string) => (
    <a href={`#/${page}`} aria-current={route.page === page ? 'page' : undefined}>
      {label}
    </a>
  )
  return (
    <div class="console">
      <header class="top">
        <h1>Parley — {profile.display_name}</h1>
        <nav aria-label="Pages">
          {link('chat', 'Chat')}
          {link('notifications', 'Notifications')}
          {keepsReplies && link('replies', 'Quick replies')}
          {reads && link('analytics', 'Analytics')}
          {profile.role === 'admin' && link('team', 'Team')}
        </nav>
        {notifies && <NotificationCenter parley={parley} />}
        <button type="button" aria-expanded={popup === 'push'} onClick={() => setPopup(popup === 'push' ? null : 'push')}>
          Push settings
        </button>
        {profile.role === 'admin' && (
          <button type="button" onClick={() => go({ page: 'settings' })}>
            Identity verification
          </button>
        )}
        <button type="button" onClick={() => void parley.signOut()}>
          Sign out
        </button>
        {popup === 'push' && <PushSettings class="popover" parley={parley} vapidKey={vapidKey} />}
      </header>
      <main>
        {route.page === 'chat' && (
          <Inbox
            parley={parley}
            conversationId={route.conversationId}
            onOpen={({ conversationId }) => history.replaceState(null, '', href({ page: 'chat', conversationId }))}
          />
        )}
        {route.page === 'notifications' && (
          <section class="page" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">Notifications</h2>
            {notifies ? (
              <p>Your latest notifications are under the bell; choosing one opens what it is about.</p>
            ) : (
              <p>Your role receives no notifications in the notification centre.</p>
            )}
            <PushSettings parley={parley} vapidKey={vapidKey} />
          </section>
        )}
        {route.page === 'settings' && profile.role === 'admin' && (
          <IdentitySettings parley={parley} organizationId={profile.organization_id} />
        )}
        {/* Other roles get the element's own sentence: they cannot manage the team. */}
        {route.page === 'team' && (
          <div class="page wide">
            <Team parley={parley} />
          </div>
        )}
        {route.page === 'replies' && (
          <div class="page wide">
            <ReplyTemplates parley={parley} />
          </div>
        )}
        {route.page === 'analytics' && (
          <div class="page wide">
            <Analytics parley={parley} />
          </div>
        )}
      </main>
    </div>
  )
}

/** The code of the invitation e-mail's link (`?invitation=…`), until it has been accepted. */
function useInvitation(): [string | null, () => void] {
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('invitation'))
  const done = () => {
    history.replaceState(null, '', `${location.pathname}#/chat`)
    setCode(null)
  }
  return [code, done]
}

function App() {
  const session = useStore(parley.$session)
  const [checked, setChecked] = useState(false)
  const [invitation, joined] = useInvitation()
  useEffect(() => {
    parley.getSession().finally(() => setChecked(true))
  }, [])
  if (!checked) return <p class="empty">Loading…</p>
  if (invitation !== null) return <AcceptInvitation parley={parley} code={invitation} onJoined={joined} />
  return session?.kind === 'staff' ? <Console parley={parley} /> : <SignIn parley={parley} />
}

render(<App />, document.getElementById('app')!)
