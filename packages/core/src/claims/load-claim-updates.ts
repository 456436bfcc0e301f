import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import type { ClaimStatusUpdate } from '../types/api.ts'

/**
 * A claim's whole history, oldest first (claims have tens of entries, not thousands). Staff
 * read the table; customers their projection of it, whose staff notes are null.
 */
export async function loadClaimUpdates(context: Context, claimId: string, staff: boolean): Promise<ClaimStatusUpdate[]> {
  return call(
    context
      .supabase()
      // The view returns the table's columns, notes null.
      .from((staff ? 'claim_status_updates' : 'customer_claim_status_updates') as 'claim_status_updates')
      .select('*')
      .eq('claim_id', claimId)
      .order('created_at', { ascending: true })
      .order('id', { ascending: true })
      .limit(1000)
  )
}
