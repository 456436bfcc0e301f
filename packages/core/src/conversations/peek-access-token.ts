import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { requireToken } from '../errors/validate.ts'
import type { AccessLinkPreview } from '../types/api.ts'

/**
 * What an access token opens, read without redeeming it: the widget asks a visitor who
 * already has conversations before moving them into someone else's. Null when the token is
 * wrong or revoked.
 */
export async function peekAccessToken(context: Context, accessToken: string): Promise<AccessLinkPreview | null> {
  const token = requireToken(accessToken, 'An access token')
  const session = await context.customerSession()
  if (session.kind === 'staff') throw new ParleyError('NOT_AUTHORIZED', 'Staff sessions cannot read customer access tokens')
  const rows = await call(context.supabase().rpc('peek_access_token', { token }))
  const row = Array.isArray(rows) ? rows[0] : null
  if (!row) return null
  return {
    kind: row.kind === 'claim' ? 'claim' : 'conversation',
    organization_name: row.organization_name,
    subject: row.subject ?? null,
    claim_number: row.claim_number ?? null
  }
}
