import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import type { ClaimStatusUpdate } from '../types/api.ts'

/** A claim's whole history, oldest first (claims have tens of entries, not thousands). */
export async function loadClaimUpdates(context: Context, claimId: string): Promise<ClaimStatusUpdate[]> {
  return call(
    context
      .supabase()
      .from('claim_status_updates')
      .select('*')
      .eq('claim_id', claimId)
      .order('created_at', { ascending: true })
      .order('id', { ascending: true })
      .limit(1000)
  )
}
