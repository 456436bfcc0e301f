import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import { invalid, requireEmail, requireText } from '../errors/validate.ts'
import type { ParleySession, SignInInput } from '../types/api.ts'
import type { ParleySupabaseClient } from '../types/supabase-client.ts'

/** Staff sign-in with email and password; resolves with the session and profile. */
export async function signIn(context: Context, input: SignInInput): Promise<ParleySession> {
  const email = requireEmail(input?.email, 'email')
  const password = requireText(input?.password, 'password', 1000)
  const { auth }: ParleySupabaseClient = context.supabase()
  if (!auth.signInWithPassword) throw invalid('The Supabase client given to Parley cannot sign staff in (no signInWithPassword)')
  const { error } = await auth.signInWithPassword({ email, password })
  if (error) {
    const mapped = toParleyError(error)
    throw mapped.code === 'UNKNOWN' && error.status === 400
      ? new ParleyError('NOT_AUTHORIZED', error.message, { status: 400, cause: error })
      : mapped
  }
  const session = await context.reloadSession()
  if (!session) throw new ParleyError('NOT_AUTHORIZED', 'Sign-in gave no session')
  return session
}

/** Signs out (this device only) and forgets the session. */
export async function signOut(context: Context): Promise<void> {
  const { error } = await context.supabase().auth.signOut({ scope: 'local' })
  await context.reloadSession()
  if (error) throw toParleyError(error)
}
