import { atom, onMount } from 'nanostores'
import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { liveTopic } from '../client/live-topic.ts'
import { requireUuid } from '../errors/validate.ts'
import { compareCursor } from '../messages/compare.ts'
import type { ClaimStatus, ClaimStatusUpdate, ClaimTimelineStore } from '../types/api.ts'
import { parseClaimEvent } from './claim-events.ts'
import { loadClaimUpdates } from './load-claim-updates.ts'

/** A claim's live status timeline: loaded on open, merged with broadcasts, re-read on rejoin. */
export function createClaimTimeline(context: Context, claimId: string): ClaimTimelineStore {
  requireUuid(claimId, 'claimId')
  const $updates = atom<readonly ClaimStatusUpdate[]>([])
  const $status = atom<ClaimStatus | null>(null)

  function merge(rows: readonly ClaimStatusUpdate[]): void {
    const byId = new Map($updates.get().map((row) => [row.id, row]))
    for (const row of rows) byId.set(row.id, row)
    const sorted = [...byId.values()].sort(compareCursor)
    $updates.set(sorted)
    const last = sorted[sorted.length - 1]
    if (last) $status.set(last.new_status as ClaimStatus)
  }

  const { open, refresh, $loading, $error } = liveTopic(context, {
    topics: () => [`claim:${claimId}`],
    event(name, payload, session) {
      const event = parseClaimEvent(name, payload, claimId)
      // Customers share the claim topic, so it carries no staff notes: staff re-read the row.
      if (event?.type === 'claim_status') session.kind === 'staff' ? void refresh() : merge([event.update])
      else if (event?.type === 'claim') $status.set(event.status)
    },
    async refresh(session) {
      const [rows, claim] = await Promise.all([
        loadClaimUpdates(context, claimId, session.kind === 'staff'),
        call(context.supabase().from('claims').select('status').eq('id', claimId).maybeSingle()).catch(() => null)
      ])
      merge(rows)
      if (claim) $status.set(claim.status)
    }
  })

  for (const store of [$updates, $status, $loading, $error]) onMount(store, open)
  return { claimId, $updates, $status, $loading, $error, open, refresh }
}
