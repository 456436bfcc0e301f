// The staff app: sign-in, then the @parley/staff elements on hash routes.
import { createParley, type Parley, type ParleyNotification } from '@parley/core'
import { type NotificationSelectDetail, ROLES } from '@parley/staff'
import type { Locale } from '@parley/widget/locale'
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { AcceptInvitation } from './AcceptInvitation.tsx'
import { Analytics, Inbox, NotificationCenter, PushSettings, ReplyTemplates, Team } from './elements.ts'
import { IdentitySettings } from './IdentitySettings.tsx'
import { LanguageSwitch, useLocale } from './language.tsx'
import { href, parseRoute, type Route } from './routes.ts'
import { SignIn } from './SignIn.tsx'
import { TEXTS } from './texts.ts'
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

function Console({ parley, locale, choose }: { parley: Parley; locale: Locale; choose: (next: Locale) => void }) {
  const text = TEXTS[locale].console
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
        <nav aria-label={text.pages}>
          {link('chat', text.chat)}
          {link('notifications', text.notifications)}
          {keepsReplies && link('replies', text.replies)}
          {reads && link('analytics', text.analytics)}
          {profile.role === 'admin' && link('team', text.team)}
        </nav>
        {notifies && <NotificationCenter parley={parley} lang={locale} />}
        <button type="button" aria-expanded={popup === 'push'} onClick={() => setPopup(popup === 'push' ? null : 'push')}>
          {text.pushSettings}
        </button>
        {profile.role === 'admin' && (
          <button type="button" onClick={() => go({ page: 'settings' })}>
            {text.identity}
          </button>
        )}
        <button type="button" onClick={() => void parley.signOut()}>
          {text.signOut}
        </button>
        <LanguageSwitch locale={locale} choose={choose} />
        {popup === 'push' && <PushSettings class="popover" parley={parley} lang={locale} vapidKey={vapidKey} />}
      </header>
      <main>
        {route.page === 'chat' && (
          <Inbox
            parley={parley}
            lang={locale}
            conversationId={route.conversationId}
            onOpen={({ conversationId }) => history.replaceState(null, '', href({ page: 'chat', conversationId }))}
          />
        )}
        {route.page === 'notifications' && (
          <section class="page" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">{text.notifications}</h2>
            <p>{notifies ? text.underTheBell : text.noNotifications}</p>
            <PushSettings parley={parley} lang={locale} vapidKey={vapidKey} />
          </section>
        )}
        {route.page === 'settings' && profile.role === 'admin' && (
          <IdentitySettings parley={parley} organizationId={profile.organization_id} text={TEXTS[locale]} />
        )}
        {/* Other roles get the element's own sentence: they cannot manage the team. */}
        {route.page === 'team' && (
          <div class="page wide">
            <Team parley={parley} lang={locale} />
          </div>
        )}
        {route.page === 'replies' && (
          <div class="page wide">
            <ReplyTemplates parley={parley} lang={locale} />
          </div>
        )}
        {route.page === 'analytics' && (
          <div class="page wide">
            <Analytics parley={parley} lang={locale} />
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
  const [locale, choose] = useLocale()
  const text = TEXTS[locale]
  useEffect(() => {
    parley.getSession().finally(() => setChecked(true))
  }, [])
  const languages = <LanguageSwitch locale={locale} choose={choose} />
  if (!checked) return <p class="empty">{text.loading}</p>
  if (invitation !== null) {
    // The language the invitee joined in stays theirs once the link's `lang` is gone.
    const onJoined = () => {
      choose(locale)
      joined()
    }
    return (
      <AcceptInvitation parley={parley} code={invitation} text={text} onJoined={onJoined}>
        {languages}
      </AcceptInvitation>
    )
  }
  return session?.kind === 'staff' ? (
    <Console parley={parley} locale={locale} choose={choose} />
  ) : (
    <SignIn parley={parley} text={text}>
      {languages}
    </SignIn>
  )
}

render(<App />, document.getElementById('app')!)
