import type { ClaimStatus, ClaimStatusUpdate } from '../types/api.ts'

export type ClaimEvent =
  | { type: 'claim_status'; update: ClaimStatusUpdate }
  | { type: 'claim'; status: ClaimStatus; updated_at: string | null }

/** A `claim_status` or `claim` broadcast about this claim, or null. */
export function parseClaimEvent(name: string, record: Record<string, unknown>, claimId: string): ClaimEvent | null {
  if (name === 'claim_status' && record.claim_id === claimId && typeof record.id === 'string') {
    return { type: 'claim_status', update: record as unknown as ClaimStatusUpdate }
  }
  if (name === 'claim' && record.id === claimId && typeof record.status === 'string') {
    return {
      type: 'claim',
      status: record.status as ClaimStatus,
      updated_at: typeof record.updated_at === 'string' ? record.updated_at : null
    }
  }
  return null
}
