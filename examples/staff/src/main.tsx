// The staff console example: built only on @parley/core (and Preact for the view).
import { type ChatConversation, createParley, type Parley, type StaffMember } from '@parley/core'
import { render } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ConversationView } from './ConversationView.tsx'
import { IdentitySettings } from './IdentitySettings.tsx'
import { Inbox } from './Inbox.tsx'
import { Notifications } from './Notifications.tsx'
import { PushSettings, usableVapidKey } from './PushSettings.tsx'
import { SignIn } from './SignIn.tsx'
import { useStore } from './use-store.ts'

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? ''
const parley = createParley({ supabaseUrl: meta('parley-supabase-url'), supabaseKey: meta('parley-supabase-key') })
const vapidKey = usableVapidKey(document.querySelector<HTMLElement>('[data-vapid-key]')?.dataset.vapidKey)

function Console({ parley }: { parley: Parley }) {
  const session = useStore(parley.$session)!
  const inbox = useMemo(() => parley.inbox({ status: 'active' }), [])
  const center = useMemo(() => parley.notifications(), [])
  const conversations = useStore(inbox.$conversations)
  const unread = useStore(center.$unreadCount)
  const [selected, setSelected] = useState<string | null>(null)
  const [popup, setPopup] = useState<'notifications' | 'push' | 'identity' | null>(null)
  const [staff, setStaff] = useState<StaffMember[]>([])
  useEffect(() => inbox.open(), [inbox])
  useEffect(() => center.open(), [center])
  useEffect(() => {
    parley.listStaff().then(setStaff, () => setStaff([]))
  }, [])
  // Keep the open conversation on screen when it leaves the filtered list (resolved by a
  // colleague, a refresh in flight) instead of closing it under the agent's hands.
  const shown = useRef<ChatConversation | null>(null)
  const found = conversations.find((conversation) => conversation.id === selected)
  if (found) shown.current = found
  const current = found ?? (shown.current?.id === selected ? shown.current : null)
  return (
    <div class="console">
      <header class="top">
        <h1>Parley — {session.profile?.display_name}</h1>
        <button
          type="button"
          aria-expanded={popup === 'notifications'}
          onClick={() => setPopup(popup === 'notifications' ? null : 'notifications')}
        >
          Notifications ({unread})
        </button>
        <button type="button" aria-expanded={popup === 'push'} onClick={() => setPopup(popup === 'push' ? null : 'push')}>
          Push settings
        </button>
        {session.profile?.role === 'admin' && (
          <button type="button" aria-expanded={popup === 'identity'} onClick={() => setPopup(popup === 'identity' ? null : 'identity')}>
            Identity verification
          </button>
        )}
        <button type="button" onClick={() => void parley.signOut()}>
          Sign out
        </button>
        {popup === 'notifications' && <Notifications center={center} />}
        {popup === 'push' && session.profile && <PushSettings parley={parley} profile={session.profile} vapidKey={vapidKey} />}
        {popup === 'identity' && session.profile && <IdentitySettings parley={parley} organizationId={session.profile.organization_id} />}
      </header>
      <Inbox inbox={inbox} selected={selected} onSelect={setSelected} />
      {current ? <ConversationView parley={parley} conversation={current} staff={staff} /> : <p class="empty">Select a conversation.</p>}
    </div>
  )
}

function App() {
  const session = useStore(parley.$session)
  const [checked, setChecked] = useState(false)
  useEffect(() => {
    parley.getSession().finally(() => setChecked(true))
  }, [])
  if (!checked) return <p class="empty">Loading…</p>
  return session?.kind === 'staff' ? <Console parley={parley} /> : <SignIn parley={parley} />
}

render(<App />, document.getElementById('app')!)
