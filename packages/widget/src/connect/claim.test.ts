import { ParleyError } from '@parley/core'
import { describe, expect, it } from 'vitest'
import { fakeCore, fakeState } from '../../test/fake-core.ts'
import { createClaimSlice } from './claim.ts'

const CLAIM = '44444444-4444-4444-8444-444444444442'

function setUp() {
  const core = fakeCore({ claims: [] })
  const state = fakeState()
  const claims = createClaimSlice({ parley: core.parley, get: state.get, set: state.set, onError: state.fail })
  claims.show(CLAIM)
  return { claims, state, timeline: core.timelines.get(CLAIM)! }
}

describe('claim slice', () => {
  it('a claim the visitor may no longer follow (its link revoked) is marked lost and left', () => {
    const { claims, state, timeline } = setUp()
    timeline.$error.set(new ParleyError('NOT_FOUND', 'Topic not found'))
    expect(state.get().claim?.lost).toBe(true)
    // Released: showing it again opens it anew rather than keeping the refused one.
    claims.show(CLAIM)
    expect(timeline.open).toHaveBeenCalledTimes(2)
  })

  it('a network error is not a lost claim: the timeline keeps rejoining', () => {
    const { claims, state, timeline } = setUp()
    timeline.$error.set(new ParleyError('NETWORK', 'Failed to fetch'))
    expect(state.get().claim?.lost).toBeUndefined()
    claims.show(CLAIM)
    expect(timeline.open).toHaveBeenCalledTimes(1)
  })
})
