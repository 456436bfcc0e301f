import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { invalid, optionalText, requireOneOf, requireUuid } from '../errors/validate.ts'
import type { ChangeClaimStatusInput, ClaimStatus, ClaimStatusUpdate } from '../types/api.ts'

export const CLAIM_STATUSES: readonly ClaimStatus[] = ['submitted', 'under_review', 'info_requested', 'approved', 'denied', 'in_repair', 'completed', 'closed']

/**
 * Staff: moves a claim to a new status. The database records the history row (old status,
 * who, when) and broadcasts it; reason and notes travel with it.
 */
export async function changeClaimStatus(context: Context, input: ChangeClaimStatusInput): Promise<ClaimStatusUpdate> {
  if (typeof input !== 'object' || input === null) throw invalid('changeClaimStatus expects an object')
  const args = {
    claim_id: requireUuid(input.claim_id, 'claim_id'),
    new_status: requireOneOf(input.new_status, 'new_status', CLAIM_STATUSES),
    reason: optionalText(input.reason, 'reason', 1000),
    notes: optionalText(input.notes, 'notes', 5000)
  }
  const session = await context.requireSession()
  if (session.kind !== 'staff') throw new ParleyError('NOT_AUTHORIZED', 'Only staff can change a claim status')
  return call(context.supabase().rpc('change_claim_status', args))
}
