import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { requireToken } from '../errors/validate.ts'
import type { ResumedAccess } from '../types/api.ts'

/**
 * Binds this browser (signing in anonymously if needed) to the conversation or claim the
 * access token belongs to: how a customer comes back on this or another device.
 */
export async function resumeConversation(context: Context, accessToken: string): Promise<ResumedAccess> {
  const token = requireToken(accessToken, 'An access token')
  const session = await context.customerSession()
  if (session.kind === 'staff') throw new ParleyError('NOT_AUTHORIZED', 'Staff sessions cannot redeem customer access tokens')
  const rows = await call(context.supabase().rpc('redeem_access_token', { token }))
  const row = Array.isArray(rows) ? rows[0] : (rows as ResumedAccess | null)
  if (!row) throw new ParleyError('TOKEN_INVALID', 'The access token is not valid')
  context.joined.emit()
  return { conversation_id: row.conversation_id ?? null, claim_id: row.claim_id ?? null }
}
