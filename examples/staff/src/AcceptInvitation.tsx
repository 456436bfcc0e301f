import { type Parley, ParleyError } from '@parley/core'
import { createTeam } from '@parley/core/team'
import { useState } from 'preact/hooks'

/** What each refusal of an invitation link tells the person who opened it. */
const REFUSALS: Record<string, string> = {
  // Revoking deletes the code, so a revoked link reads as invalid too.
  INVITATION_INVALID:
    'This invitation link no longer works: it was already used, cancelled, or replaced by a newer invitation. Ask your administrator for a new one.',
  INVITATION_EXPIRED: 'This invitation has expired. Ask your administrator to send it again.',
  INVITATION_REVOKED: 'This invitation was cancelled by an administrator.',
  INVITATION_EMAIL_MISMATCH: 'This invitation was sent to another e-mail address: sign in or sign up with the address that received it.',
  ALREADY_MEMBER: 'This account already belongs to a team: sign in from the staff console instead.',
  INVALID_INPUT: 'This invitation link is incomplete: open it again from the e-mail.'
}

function explain(error: unknown): string {
  if (error instanceof ParleyError) return REFUSALS[error.code] ?? `${error.message} (${error.code})`
  return error instanceof Error ? error.message : String(error)
}

/**
 * The page an invitation e-mail's link opens (`?invitation=<code>`): create an account with a
 * password (or sign in to an existing one) with the invited address, then accept and go to
 * the inbox.
 */
export function AcceptInvitation({ parley, code, onJoined }: { parley: Parley; code: string; onJoined: () => void }) {
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const email = String(form.get('email'))
    const password = String(form.get('password'))
    setBusy(true)
    setError(null)
    try {
      if (mode === 'sign-up') {
        const { data, error: refused } = await parley.supabase.auth.signUp({ email, password })
        if (refused) throw refused
        if (!data.session)
          throw new Error('Confirm your e-mail address with the message just sent to you, then open the invitation link again and sign in.')
      } else {
        // An account with no team yet signs in as a plain user; a wrong password is refused here.
        await parley.signIn({ email, password })
      }
      await createTeam(parley).acceptInvitation(code, String(form.get('name') || '') || undefined)
      // The profile exists now: signing in again makes this session a staff one.
      await parley.signIn({ email, password })
      onJoined()
    } catch (caught) {
      setError(explain(caught))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="signin" onSubmit={submit}>
      <h1>Join your team on Parley</h1>
      <p>
        {mode === 'sign-up'
          ? 'Create your account with the address that received the invitation.'
          : 'Sign in with the address that received the invitation.'}
      </p>
      <label>
        Email <input name="email" type="email" autocomplete="username" required />
      </label>
      {mode === 'sign-up' && (
        <label>
          Your name <input name="name" autocomplete="name" />
        </label>
      )}
      <label>
        Password{' '}
        <input
          name="password"
          type="password"
          autocomplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
          minLength={mode === 'sign-up' ? 8 : undefined}
          required
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button class="primary" type="submit" disabled={busy}>
        {mode === 'sign-up' ? 'Create my account and join' : 'Sign in and join'}
      </button>
      <button
        type="button"
        class="link"
        onClick={() => {
          setMode(mode === 'sign-up' ? 'sign-in' : 'sign-up')
          setError(null)
        }}
      >
        {mode === 'sign-up' ? 'I already have an account' : 'I need to create an account'}
      </button>
    </form>
  )
}
