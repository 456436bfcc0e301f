import { describe, expect, it } from 'vitest'
import { fakeContext, recordingClient, STAFF } from '../../test/fake-context.ts'
import type { Context } from '../client/context.ts'
import { changeClaimStatus } from './change-claim-status.ts'

const claim_id = '44444444-4444-4444-8444-444444444442'

function staffContext() {
  const { client, calls } = recordingClient(() => ({ data: { id: 'u1' }, error: null }))
  const context: Context = { ...fakeContext(STAFF).context, supabase: () => client as unknown as ReturnType<Context['supabase']> }
  return { context, calls }
}

describe('changeClaimStatus', () => {
  // The database keeps reason up to 2,000 and notes up to 10,000 characters; core used to
  // refuse past 1,000 and 5,000.
  it('accepts a reason and notes as long as the database keeps them', async () => {
    const { context, calls } = staffContext()
    const reason = 'r'.repeat(2000)
    const notes = 'n'.repeat(10_000)
    await changeClaimStatus(context, { claim_id, new_status: 'approved', reason, notes })
    expect(calls).toMatchObject([{ rpc: 'change_claim_status', args: { claim_id, new_status: 'approved', reason, notes } }])
  })

  it('refuses longer ones and unknown statuses before calling the database', async () => {
    const { context, calls } = staffContext()
    await expect(changeClaimStatus(context, { claim_id, new_status: 'approved', reason: 'r'.repeat(2001) })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: /at most 2000/
    })
    await expect(changeClaimStatus(context, { claim_id, new_status: 'approved', notes: 'n'.repeat(10_001) })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    await expect(changeClaimStatus(context, { claim_id, new_status: 'lost' as 'closed' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: /submitted, under_review/
    })
    expect(calls).toEqual([])
  })
})
