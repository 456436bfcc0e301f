import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'
import type { ClaimStatusUpdate, Unsubscribe } from '../types/api.ts'
import { parseClaimEvent } from './claim-events.ts'
import { loadClaimUpdates } from './load-claim-updates.ts'

/**
 * The seed's callback API: each new status change once, live, and after a rejoin or wake
 * from the database for changes the socket missed.
 */
export function subscribeToClaimUpdates(context: Context, claimId: string, callback: (update: ClaimStatusUpdate) => void): Unsubscribe {
  requireUuid(claimId, 'claimId')
  const seen = new Set<string>()
  let baseline = false
  let stopped = false
  const cleanups: Array<() => void> = []

  function deliver(update: ClaimStatusUpdate): void {
    if (seen.has(update.id)) return
    seen.add(update.id)
    callback(update)
  }

  async function catchUp(): Promise<void> {
    const rows = await loadClaimUpdates(context, claimId).catch(() => [])
    if (stopped) return
    if (!baseline) {
      baseline = true
      for (const row of rows) seen.add(row.id)
    } else for (const row of rows) deliver(row)
  }

  context
    .requireSession()
    .then(() => {
      if (stopped) return
      context.watch()
      cleanups.push(
        context.wake.listen((reason) => {
          if (reason !== 'offline' && baseline) void catchUp()
        }),
        context.topics.listen(`claim:${claimId}`, {
          event(name, payload) {
            const event = parseClaimEvent(name, payload, claimId)
            if (event?.type === 'claim_status') deliver(event.update)
          },
          status(status) {
            if (status === 'SUBSCRIBED') void catchUp()
          }
        })
      )
      if (stopped) for (const cleanup of cleanups.splice(0)) cleanup()
    })
    .catch(() => undefined)

  return () => {
    stopped = true
    for (const cleanup of cleanups.splice(0)) cleanup()
  }
}
