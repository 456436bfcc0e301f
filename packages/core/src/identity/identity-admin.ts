import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { invalid, requireUuid } from '../errors/validate.ts'
import type { IdentityVerificationStatus } from '../types/api.ts'

/** Staff: whether the organization has an identity secret, requires it, and since when. */
export async function identityVerificationStatus(context: Context, organizationId: string): Promise<IdentityVerificationStatus> {
  const rows = await call(
    context.supabase().rpc('identity_verification_status', { organization_id: requireUuid(organizationId, 'organizationId') })
  )
  return rows[0] ?? { configured: false, required: false, rotated_at: null }
}

/** Admin: a new identity secret, returned this once; signatures made with the old one stop verifying. */
export async function rotateIdentitySecret(context: Context, organizationId: string): Promise<string> {
  return call(context.supabase().rpc('rotate_identity_secret', { organization_id: requireUuid(organizationId, 'organizationId') }))
}

/** Admin: whether a conversation may start without the dealer's signature. */
export async function setIdentityVerificationRequired(context: Context, organizationId: string, required: boolean): Promise<void> {
  if (typeof required !== 'boolean') throw invalid('required must be true or false')
  await call(
    context
      .supabase()
      .rpc('set_identity_verification_required', { organization_id: requireUuid(organizationId, 'organizationId'), required })
  )
}
