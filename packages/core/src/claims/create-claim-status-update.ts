import type { Context } from '../client/context.ts'
import type { ClaimStatusUpdate, CreateClaimStatusUpdateInput } from '../types/api.ts'
import { changeClaimStatus } from './change-claim-status.ts'

/**
 * The seed's name for a status change. History rows are written only by the database, so
 * old_status, changed_by and changed_by_name are taken from the server, not this input.
 */
export async function createClaimStatusUpdate(context: Context, input: CreateClaimStatusUpdateInput): Promise<ClaimStatusUpdate> {
  return changeClaimStatus(context, {
    claim_id: input?.claim_id,
    new_status: input?.new_status,
    reason: input?.reason,
    notes: input?.notes
  })
}
