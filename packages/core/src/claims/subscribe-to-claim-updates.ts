import type { Context } from '../client/context.ts'
import { liveTopic } from '../client/live-topic.ts'
import { requireUuid } from '../errors/validate.ts'
import type { ClaimStatusUpdate, Unsubscribe } from '../types/api.ts'
import { parseClaimEvent } from './claim-events.ts'
import { loadClaimUpdates } from './load-claim-updates.ts'

/**
 * A callback API over the same live lifecycle as the stores: each new status
 * change once, live, and after a rejoin or wake from the database for changes the socket
 * missed. It reports no errors.
 */
export function subscribeToClaimUpdates(context: Context, claimId: string, callback: (update: ClaimStatusUpdate) => void): Unsubscribe {
  requireUuid(claimId, 'claimId')
  const seen = new Set<string>()
  let baseline = false
  let stopped = false

  function deliver(update: ClaimStatusUpdate): void {
    if (stopped || seen.has(update.id)) return
    seen.add(update.id)
    callback(update)
  }

  const live = liveTopic(context, {
    topics: () => [`claim:${claimId}`],
    event(name, payload, session) {
      const event = parseClaimEvent(name, payload, claimId)
      // Customers share the claim topic, so it carries no staff notes: staff read the row.
      if (event?.type === 'claim_status') session.kind === 'staff' ? void live.refresh() : deliver(event.update)
    },
    async refresh(session) {
      const rows = await loadClaimUpdates(context, claimId, session.kind === 'staff')
      if (baseline) rows.forEach(deliver)
      else for (const row of rows) seen.add(row.id)
      baseline = true
    }
  })
  const release = live.open()

  return () => {
    stopped = true
    release()
  }
}
