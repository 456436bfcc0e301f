import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import type { ClaimStatusUpdate } from '../types/api.ts'

/**
 * A claim's whole history, oldest first (claims have tens of entries, not thousands). Staff
 * read the table; customers their projection of it, whose staff notes are null.
 */
export async function loadClaimUpdates(context: Context, claimId: string): Promise<ClaimStatusUpdate[]> {
  const db = context.supabase()
  const history =
    (await context.session())?.kind === 'staff'
      ? db.from('claim_status_updates').select('*')
      : db.from('customer_claim_status_updates').select('*')
  return call(history.eq('claim_id', claimId).order('created_at', { ascending: true }).order('id', { ascending: true }).limit(1000))
}
