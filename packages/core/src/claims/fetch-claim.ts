import { call } from '../client/call.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { requireUuid } from '../errors/validate.ts'
import type { ClaimSummary, ParleyCustomer } from '../types/api.ts'

/**
 * One claim as its customer sees it: number, current status and the name and e-mail the
 * dealer filed it under. A customer reads a claim they follow (its claim link, or a
 * conversation linked to it); staff read their organization's. NOT_FOUND otherwise, so a
 * guessed id tells nothing.
 *
 * @example
 * ```ts
 * const { claim_id } = await parley.resumeConversation(tokenFromLink)
 * if (claim_id) {
 *   const claim = await fetchClaim(parley, claim_id)
 *   heading.textContent = `${claim.claim_number}: ${claim.status}`
 * }
 * ```
 */
export async function fetchClaim(parley: Pick<ParleyCustomer, 'supabase'>, claimId: string): Promise<ClaimSummary> {
  requireUuid(claimId, 'claimId')
  const row = await call(
    parley.supabase.from('claims').select('id, claim_number, status, customer_name, customer_email').eq('id', claimId).maybeSingle()
  )
  if (!row) throw new ParleyError('NOT_FOUND', `Claim ${claimId} does not exist or is not yours`)
  return row
}
