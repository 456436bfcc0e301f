import type { Parley } from '@parley/core'
import { createTeam } from '@parley/core/team'
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { explain } from './explain.ts'
import type { Texts } from './texts.ts'

/** Not an error core throws: the account needs its e-mail address confirmed first. */
const CONFIRM_EMAIL = Symbol('confirm e-mail')

/**
 * The page an invitation e-mail's link opens (`?invitation=<code>`): create an account with a
 * password (or sign in to an existing one) with the invited address, then accept and go to
 * the inbox. `children` is the language switch.
 */
export function AcceptInvitation({
  parley,
  code,
  text,
  onJoined,
  children
}: {
  parley: Parley
  code: string
  text: Texts
  onJoined: () => void
  children?: ComponentChildren
}) {
  const own = text.invitation
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up')
  const [error, setError] = useState<unknown>(null)
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
        if (!data.session) throw CONFIRM_EMAIL
      } else {
        // An account with no team yet signs in as a plain user; a wrong password is refused here.
        await parley.signIn({ email, password })
      }
      await createTeam(parley).acceptInvitation(code, String(form.get('name') || '') || undefined)
      // The profile exists now: signing in again makes this session a staff one.
      await parley.signIn({ email, password })
      onJoined()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="signin" onSubmit={submit}>
      {children}
      <h1>{own.title}</h1>
      <p>{mode === 'sign-up' ? own.signUpIntro : own.signInIntro}</p>
      <label>
        {text.signIn.email} <input name="email" type="email" autocomplete="username" required />
      </label>
      {mode === 'sign-up' && (
        <label>
          {own.name} <input name="name" autocomplete="name" />
        </label>
      )}
      <label>
        {text.signIn.password}{' '}
        <input
          name="password"
          type="password"
          autocomplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
          minLength={mode === 'sign-up' ? 8 : undefined}
          required
        />
      </label>
      {error !== null && (
        <p class="error" role="alert">
          {error === CONFIRM_EMAIL ? own.confirmEmail : explain(error, text, own.refusals)}
        </p>
      )}
      <button class="primary" type="submit" disabled={busy}>
        {mode === 'sign-up' ? own.signUp : own.signIn}
      </button>
      <button
        type="button"
        class="link"
        onClick={() => {
          setMode(mode === 'sign-up' ? 'sign-in' : 'sign-up')
          setError(null)
        }}
      >
        {mode === 'sign-up' ? own.toSignIn : own.toSignUp}
      </button>
    </form>
  )
}
