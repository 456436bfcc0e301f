import { type Parley, ParleyError, type ParleyErrorCode } from '@parley/core'
import { createTeam } from '@parley/core/team'
import { type Locale, pickLocale } from '@parley/widget/locale'
import { useState } from 'preact/hooks'

interface Texts {
  title: string
  signUpIntro: string
  signInIntro: string
  email: string
  name: string
  password: string
  signUp: string
  signIn: string
  toSignIn: string
  toSignUp: string
  confirmEmail: string
  /** What each refusal of an invitation link tells the person who opened it. */
  refusals: Partial<Record<ParleyErrorCode, string>>
}

const TEXTS: Record<Locale, Texts> = {
  en: {
    title: 'Join your team on Parley',
    signUpIntro: 'Create your account with the address that received the invitation.',
    signInIntro: 'Sign in with the address that received the invitation.',
    email: 'Email',
    name: 'Your name',
    password: 'Password',
    signUp: 'Create my account and join',
    signIn: 'Sign in and join',
    toSignIn: 'I already have an account',
    toSignUp: 'I need to create an account',
    confirmEmail: 'Confirm your e-mail address with the message just sent to you, then open the invitation link again and sign in.',
    refusals: {
      // Revoking deletes the code, so a revoked link reads as invalid too.
      INVITATION_INVALID:
        'This invitation link no longer works: it was already used, cancelled, or replaced by a newer invitation. Ask your administrator for a new one.',
      INVITATION_EXPIRED: 'This invitation has expired. Ask your administrator to send it again.',
      INVITATION_REVOKED: 'This invitation was cancelled by an administrator.',
      INVITATION_EMAIL_MISMATCH:
        'This invitation was sent to another e-mail address: sign in or sign up with the address that received it.',
      ALREADY_MEMBER: 'This account already belongs to a team: sign in from the staff console instead.',
      INVALID_INPUT: 'This invitation link is incomplete: open it again from the e-mail.'
    }
  },
  'fr-CA': {
    title: 'Joignez-vous à votre équipe sur Parley',
    signUpIntro: 'Créez votre compte avec l’adresse qui a reçu l’invitation.',
    signInIntro: 'Connectez-vous avec l’adresse qui a reçu l’invitation.',
    email: 'Courriel',
    name: 'Votre nom',
    password: 'Mot de passe',
    signUp: 'Créer mon compte et me joindre à l’équipe',
    signIn: 'Me connecter et me joindre à l’équipe',
    toSignIn: 'J’ai déjà un compte',
    toSignUp: 'Je dois créer un compte',
    confirmEmail:
      'Confirmez votre adresse courriel avec le message qui vient de vous être envoyé, puis ouvrez de nouveau le lien d’invitation et connectez-vous.',
    refusals: {
      INVITATION_INVALID:
        'Ce lien d’invitation ne fonctionne plus : il a déjà servi, a été annulé ou remplacé par une invitation plus récente. Demandez-en une nouvelle à votre administrateur.',
      INVITATION_EXPIRED: 'Cette invitation est expirée. Demandez à votre administrateur de vous la renvoyer.',
      INVITATION_REVOKED: 'Cette invitation a été annulée par un administrateur.',
      INVITATION_EMAIL_MISMATCH:
        'Cette invitation a été envoyée à une autre adresse courriel : inscrivez-vous ou connectez-vous avec l’adresse qui l’a reçue.',
      ALREADY_MEMBER: 'Ce compte fait déjà partie d’une équipe : connectez-vous plutôt à la console du personnel.',
      INVALID_INPUT: 'Ce lien d’invitation est incomplet : ouvrez-le de nouveau à partir du courriel.'
    }
  }
}

/**
 * The page's language: the invitation e-mail's (its link carries `&lang=`, the dealer's
 * language), else the console's own rule, the document's `lang` as the staff elements use.
 */
export function invitationLocale(search: string = location.search): Locale {
  return pickLocale(new URLSearchParams(search).get('lang') || document.documentElement.lang || undefined)
}

function explain(error: unknown, text: Texts): string {
  if (error instanceof ParleyError) return text.refusals[error.code] ?? `${error.message} (${error.code})`
  return error instanceof Error ? error.message : String(error)
}

/**
 * The page an invitation e-mail's link opens (`?invitation=<code>`): create an account with a
 * password (or sign in to an existing one) with the invited address, then accept and go to
 * the inbox.
 */
export function AcceptInvitation({ parley, code, onJoined }: { parley: Parley; code: string; onJoined: () => void }) {
  const [locale] = useState(() => invitationLocale())
  const text = TEXTS[locale]
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
        if (!data.session) throw new Error(text.confirmEmail)
      } else {
        // An account with no team yet signs in as a plain user; a wrong password is refused here.
        await parley.signIn({ email, password })
      }
      await createTeam(parley).acceptInvitation(code, String(form.get('name') || '') || undefined)
      // The profile exists now: signing in again makes this session a staff one.
      await parley.signIn({ email, password })
      onJoined()
    } catch (caught) {
      setError(explain(caught, text))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="signin" lang={locale} onSubmit={submit}>
      <h1>{text.title}</h1>
      <p>{mode === 'sign-up' ? text.signUpIntro : text.signInIntro}</p>
      <label>
        {text.email} <input name="email" type="email" autocomplete="username" required />
      </label>
      {mode === 'sign-up' && (
        <label>
          {text.name} <input name="name" autocomplete="name" />
        </label>
      )}
      <label>
        {text.password}{' '}
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
        {mode === 'sign-up' ? text.signUp : text.signIn}
      </button>
      <button
        type="button"
        class="link"
        onClick={() => {
          setMode(mode === 'sign-up' ? 'sign-in' : 'sign-up')
          setError(null)
        }}
      >
        {mode === 'sign-up' ? text.toSignIn : text.toSignUp}
      </button>
    </form>
  )
}
