import { type ClaimTimelineStore, fetchClaim, type ParleyCustomer } from '@parley/core'
import { toClaimUpdateView } from './map-claim-update.ts'
import type { ClaimState, WidgetState } from './state.ts'

export interface ClaimSliceOptions {
  parley: Pick<ParleyCustomer, 'supabase' | 'claimTimeline'>
  get(): WidgetState
  set(change: Partial<WidgetState>): void
  onError(error: unknown): void
}

/**
 * The claim the visitor follows, in `WidgetState.claim`: its heading (number, status, the
 * name and e-mail the dealer filed it under) from core's fetchClaim, its live timeline, and
 * the visitor's conversation about it once one is known. One claim at a time.
 */
export function createClaimSlice({ parley, get, set, onError }: ClaimSliceOptions) {
  let timeline: ClaimTimelineStore | undefined
  let stop: (() => void) | undefined
  /** Changes the shown claim, unless another claim took its place meanwhile. */
  const patch = (claimId: string, change: Partial<ClaimState>) => {
    const claim = get().claim
    if (claim?.id === claimId) set({ claim: { ...claim, ...change } })
  }
  function release(): void {
    stop?.()
    stop = timeline = undefined
  }
  return {
    show(claimId: string): void {
      if (timeline?.claimId === claimId) return
      stop?.()
      const current = parley.claimTimeline(claimId)
      timeline = current
      set({ claim: { id: claimId, number: null, status: null, updates: [], conversationId: null, filedUnder: null } })
      const publish = () =>
        patch(claimId, {
          status: current.$status.get() ?? get().claim?.status ?? null,
          updates: current.$updates.get().map(toClaimUpdateView)
        })
      const stops = [
        current.$status.subscribe(publish),
        current.$updates.subscribe(publish),
        current.open(),
        // Access withdrawn (the link revoked or replaced) is final: say so rather than rejoin
        // for ever behind a "Reconnecting…" banner.
        current.$error.listen((error) => {
          if (error?.code !== 'NOT_FOUND' && error?.code !== 'NOT_AUTHORIZED') return
          patch(claimId, { lost: true })
          release()
        })
      ]
      stop = () => {
        for (const unsubscribe of stops) unsubscribe()
      }
      fetchClaim(parley, claimId).then(
        (claim) =>
          patch(claimId, {
            number: claim.claim_number,
            // The timeline is live and wins; the row's status only fills in until it loads.
            status: current.$status.get() ?? claim.status,
            filedUnder: { name: claim.customer_name, email: claim.customer_email }
          }),
        onError
      )
    },
    /** The visitor's conversation about `claimId`, when they have one. */
    link(claimId: string, conversationId: string): void {
      patch(claimId, { conversationId })
    },
    release
  }
}

export type ClaimSlice = ReturnType<typeof createClaimSlice>
