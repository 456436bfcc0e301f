import type { Parley } from '@parley/core'
import { useState } from 'preact/hooks'

const NOT_ON_A_TEAM =
  'This account is not on a dealership’s team: it has been deactivated, or it has not accepted an invitation yet. Ask an admin of your dealership.'

/** Staff sign in with e-mail and password (Supabase Auth). */
export function SignIn({ parley }: { parley: Parley }) {
  const [error, setError] = useState<string | null>(null)
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
          // The password was right, but the account opens no organization here.
          if (session.kind !== 'staff') {
            await parley.signOut()
            setError(NOT_ON_A_TEAM)
          }
        } catch (caught) {
          setError(caught instanceof Error ? caught.message : String(caught))
        } finally {
          setBusy(false)
        }
      }}
    >
      <h1>Parley staff console</h1>
      <label>
        Email <input name="email" type="email" autocomplete="username" required />
      </label>
      <label>
        Password <input name="password" type="password" autocomplete="current-password" required />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button class="primary" type="submit" disabled={busy}>
        Sign in
      </button>
    </form>
  )
}
