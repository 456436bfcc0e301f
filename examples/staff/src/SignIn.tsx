import type { Parley } from '@parley/core'
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { explain } from './explain.ts'
import type { Texts } from './texts.ts'

/** Not an error core throws: the password was right, but the account opens no organization here. */
const NOT_ON_A_TEAM = Symbol('not on a team')

/** Staff sign in with e-mail and password (Supabase Auth); `children` is the language switch. */
export function SignIn({ parley, text, children }: { parley: Parley; text: Texts; children?: ComponentChildren }) {
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      class="signin"
      onSubmit={async (event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        setBusy(true)
        setError(null)
        try {
          const session = await parley.signIn({ email: String(form.get('email')), password: String(form.get('password')) })
          if (session.kind !== 'staff') {
            await parley.signOut()
            setError(NOT_ON_A_TEAM)
          }
        } catch (caught) {
          setError(caught)
        } finally {
          setBusy(false)
        }
      }}
    >
      {children}
      <h1>{text.title}</h1>
      <label>
        {text.signIn.email} <input name="email" type="email" autocomplete="username" required />
      </label>
      <label>
        {text.signIn.password} <input name="password" type="password" autocomplete="current-password" required />
      </label>
      {error !== null && (
        // Said at render, so it follows the language switch.
        <p class="error" role="alert">
          {error === NOT_ON_A_TEAM ? text.signIn.notOnATeam : explain(error, text, text.signIn.refusals)}
        </p>
      )}
      <button class="primary" type="submit" disabled={busy}>
        {text.signIn.submit}
      </button>
    </form>
  )
}
