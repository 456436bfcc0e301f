import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { requireToken } from '../errors/validate.ts'
import { invoke } from '../push/invoke.ts'
import type { UnsubscribePreview } from '../types/api.ts'

/**
 * Whose e-mails the code would stop, from the send-email function's preview door (the code is
 * the credential; no session); null when the code is wrong. Reading changes nothing.
 */
export async function peekUnsubscribe(context: Context, code: string): Promise<UnsubscribePreview | null> {
  const token = requireToken(code, 'An unsubscribe code')
  return invoke<UnsubscribePreview>(context, `send-email/unsubscribe/preview?token=${token}`, undefined, 'GET').catch((error: unknown) => {
    if (error instanceof ParleyError && error.code === 'NOT_FOUND') return null
    throw error
  })
}

/** The confirmation: a POST to the unsubscribe door, as a mail client's one-click (RFC 8058). */
export async function unsubscribeEmail(context: Context, code: string): Promise<void> {
  await invoke(context, `send-email/unsubscribe?token=${requireToken(code, 'An unsubscribe code')}`, {})
}
