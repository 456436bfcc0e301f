import { describe, expect, it } from 'vitest'
import { parseClaimEvent } from './claim-events.ts'

describe('claim events', () => {
  it('parses claim_status history rows and claim status changes for this claim only', () => {
    expect(parseClaimEvent('claim_status', { id: 'u1', claim_id: 'k', new_status: 'approved' }, 'k')).toMatchObject({
      type: 'claim_status',
      update: { id: 'u1' }
    })
    expect(parseClaimEvent('claim_status', { id: 'u1', claim_id: 'other' }, 'k')).toBeNull()
    expect(parseClaimEvent('claim', { id: 'k', status: 'closed', updated_at: 't' }, 'k')).toEqual({
      type: 'claim',
      status: 'closed',
      updated_at: 't'
    })
    expect(parseClaimEvent('claim', { id: 'k' }, 'k')).toBeNull()
    expect(parseClaimEvent('message', { id: 'k' }, 'k')).toBeNull()
  })
})
