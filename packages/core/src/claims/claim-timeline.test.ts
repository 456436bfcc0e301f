import { describe, expect, it, vi } from 'vitest'
import { CUSTOMER, fakeContext, STAFF, settle } from '../../test/fake-context.ts'
import type { ClaimStatus, ClaimStatusUpdate } from '../types/api.ts'
import { createClaimTimeline } from './claim-timeline.ts'
import { subscribeToClaimUpdates } from './subscribe-to-claim-updates.ts'

const history: ClaimStatusUpdate[] = []
vi.mock('./load-claim-updates.ts', () => ({ loadClaimUpdates: async () => history.map((row) => ({ ...row })) }))
vi.mock('../client/call.ts', () => ({ call: async () => null }))

const claimId = '44444444-4444-4444-8444-444444444442'
function update(n: number, status: ClaimStatus): ClaimStatusUpdate {
  return {
    id: `u${n}`,
    organization_id: 'org',
    claim_id: claimId,
    old_status: null,
    new_status: status,
    changed_by: null,
    changed_by_name: 'Julie',
    reason: null,
    notes: null,
    notification_sent: false,
    notification_sent_at: null,
    metadata: {},
    created_at: `2026-11-24T07:0${n}:00Z`
  }
}

describe('claim timeline', () => {
  it('loads on join, merges broadcasts in time order, and re-reads on rejoin', async () => {
    history.splice(0, history.length, update(1, 'submitted'), update(2, 'under_review'))
    const server = fakeContext(CUSTOMER)
    Object.assign(server.context, { supabase: () => ({ from: () => ({ select: () => ({ eq: () => ({ maybeSingle: () => null }) }) }) }) })
    const timeline = createClaimTimeline(server.context, claimId)
    const stop = timeline.$updates.listen(() => undefined)
    await settle()
    server.status(`claim:${claimId}`, 'SUBSCRIBED')
    await settle()
    expect(timeline.$updates.get().map((row) => row.id)).toEqual(['u1', 'u2'])
    expect(timeline.$status.get()).toBe('under_review')
    server.broadcast(`claim:${claimId}`, 'claim_status', update(4, 'in_repair'))
    server.broadcast(`claim:${claimId}`, 'claim', { id: claimId, status: 'in_repair', updated_at: 'x' })
    history.push(update(3, 'approved'), update(4, 'in_repair'))
    server.status(`claim:${claimId}`, 'SUBSCRIBED')
    await settle()
    expect(timeline.$updates.get().map((row) => row.id)).toEqual(['u1', 'u2', 'u3', 'u4'])
    expect(timeline.$status.get()).toBe('in_repair')
    stop()
  })

  it('subscribeToClaimUpdates delivers each new change once, from the socket or a rejoin', async () => {
    history.splice(0, history.length, update(1, 'submitted'))
    const server = fakeContext(CUSTOMER)
    const heard: string[] = []
    const stop = subscribeToClaimUpdates(server.context, claimId, (row) => heard.push(row.id))
    await settle()
    server.status(`claim:${claimId}`, 'SUBSCRIBED')
    await settle()
    server.broadcast(`claim:${claimId}`, 'claim_status', update(2, 'under_review'))
    history.push(update(2, 'under_review'), update(3, 'approved'))
    server.status(`claim:${claimId}`, 'SUBSCRIBED')
    await settle()
    server.broadcast(`claim:${claimId}`, 'claim_status', update(3, 'approved'))
    expect(heard).toEqual(['u2', 'u3'])
    stop()
    expect(server.topics()).toEqual([])
  })

  it('staff take a change heard on the claim topic, which carries no notes, from the table with its notes', async () => {
    history.splice(0, history.length, update(1, 'submitted'))
    const server = fakeContext(STAFF)
    Object.assign(server.context, { supabase: () => ({ from: () => ({ select: () => ({ eq: () => ({ maybeSingle: () => null }) }) }) }) })
    const timeline = createClaimTimeline(server.context, claimId)
    const stop = timeline.$updates.listen(() => undefined)
    const heard: Array<string | null> = []
    const stopCallback = subscribeToClaimUpdates(server.context, claimId, (row) => heard.push(row.notes))
    await settle()
    server.status(`claim:${claimId}`, 'SUBSCRIBED')
    await settle()
    history.push({ ...update(2, 'denied'), notes: 'Staff only' })
    server.broadcast(`claim:${claimId}`, 'claim_status', update(2, 'denied'))
    await settle()
    expect(timeline.$updates.get().map((row) => row.notes)).toEqual([null, 'Staff only'])
    expect(heard).toEqual(['Staff only'])
    stopCallback()
    stop()
  })
})
