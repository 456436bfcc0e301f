import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { invalid, optionalText, requireOneOf, requireUuid } from '../errors/validate.ts'
import type { ChangeClaimStatusInput, ClaimStatusUpdate } from '../types/api.ts'
import { Constants } from '../types/database.ts'
import { CLAIM_STATUS_UPDATES_NOTES_MAX_LENGTH, CLAIM_STATUS_UPDATES_REASON_MAX_LENGTH } from '../types/limits.ts'

/**
 * Staff: moves a claim to a new status. The database records the history row (old status,
 * who, when) and broadcasts it; reason and notes travel with it.
 */
export async function changeClaimStatus(context: Context, input: ChangeClaimStatusInput): Promise<ClaimStatusUpdate> {
  if (typeof input !== 'object' || input === null) throw invalid('changeClaimStatus expects an object')
  const args = {
    claim_id: requireUuid(input.claim_id, 'claim_id'),
    new_status: requireOneOf(input.new_status, 'new_status', Constants.public.Enums.claim_status),
    reason: optionalText(input.reason, 'reason', CLAIM_STATUS_UPDATES_REASON_MAX_LENGTH),
    notes: optionalText(input.notes, 'notes', CLAIM_STATUS_UPDATES_NOTES_MAX_LENGTH)
  }
  const session = await context.requireSession()
  if (session.kind !== 'staff') throw new ParleyError('NOT_AUTHORIZED', 'Only staff can change a claim status')
  return call(context.supabase().rpc('change_claim_status', args))
}
