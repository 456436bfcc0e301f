/** @jsxImportSource react */
// A dealer's own React page using Parley's staff elements beside its content: the bell, the
// claim tracker and the inbox.
import { createParley, type ParleySession } from '@parley/core'
import '@parley/staff'
import { type NotificationSelectDetail, ROLES } from '@parley/staff'
import { createElement, useEffect, useRef, useState } from 'react'
import { createRoot } from 'react-dom/client'

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? ''
// One client for the page: the elements share its session (and so the sign-in below).
const parley = createParley({ supabaseUrl: meta('parley-supabase-url'), supabaseKey: meta('parley-supabase-key') })
const DEMO_CLAIM = { id: '44444444-4444-4444-8444-444444444442', number: 'RC-2026-0042' }

function App() {
  // The staff member's role once signed in: the bell is drawn only for roles it serves.
  const [role, setRole] = useState<string | null>(null)
  const [chosen, setChosen] = useState<string | null>(null)
  // The inbox's open conversation: a notification about one opens it (the deep link).
  const [conversation, setConversation] = useState<string | null>(null)
  const header = useRef<HTMLElement>(null)
  useEffect(() => {
    const follow = (session: ParleySession | null) => setRole(session?.kind === 'staff' ? (session.profile?.role ?? null) : null)
    void parley.getSession().then(follow)
    return parley.$session.listen(follow)
  }, [])
  // biome-ignore lint/correctness/useExhaustiveDependencies: the header is rendered once signed in, so the listener goes on then.
  useEffect(() => {
    // Element events bubble and cross shadow roots: one listener on the page's own header.
    const node = header.current
    const select = (event: Event) => {
      const { notification } = (event as CustomEvent<NotificationSelectDetail>).detail
      setChosen(notification.title)
      const data = notification.data
      const id = data && typeof data === 'object' && !Array.isArray(data) ? data.conversation_id : undefined
      if (typeof id === 'string') setConversation(id)
    }
    node?.addEventListener('parley-notification-select', select)
    return () => node?.removeEventListener('parley-notification-select', select)
  }, [role])
  if (!role) return <SignIn />
  return (
    <>
      <header ref={header}>
        <h1>Garage Lavoie — warranty desk</h1>
        {/* React 19 sets `parley` as a property on custom elements. */}
        {(ROLES.notifications as readonly string[]).includes(role) && createElement('parley-notification-center', { parley })}
        <button type="button" onClick={() => void parley.signOut()}>
          Sign out
        </button>
      </header>
      <main>
        <section aria-labelledby="claim-heading">
          <h2 id="claim-heading">Claim {DEMO_CLAIM.number}</h2>
          <p>Transmission slipping at highway speed; covered by the extended warranty GL-EXT-2023-0117.</p>
          {chosen && <p role="status">Opened from a notification: {chosen}</p>}
        </section>
        {createElement('parley-claim-tracker', { parley, 'claim-id': DEMO_CLAIM.id, 'claim-number': DEMO_CLAIM.number })}
        {(ROLES.chat as readonly string[]).includes(role) && (
          <section aria-labelledby="messages-heading">
            <h2 id="messages-heading">Customer messages</h2>
            {createElement('parley-inbox', { parley, 'conversation-id': conversation })}
          </section>
        )}
      </main>
    </>
  )
}

function SignIn() {
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      style={{ maxWidth: 320, margin: '10vh auto' }}
      onSubmit={(event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        parley
          .signIn({ email: String(form.get('email')), password: String(form.get('password')) })
          .catch((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)))
      }}
    >
      <h1>Warranty desk</h1>
      <label>
        Email <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">Sign in</button>
    </form>
  )
}

createRoot(document.getElementById('root')!).render(<App />)
