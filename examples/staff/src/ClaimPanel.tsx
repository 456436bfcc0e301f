import { type ClaimStatus, Constants, type Parley } from '@parley/core'
import { useMemo, useState } from 'preact/hooks'
import { useStore } from './use-store.ts'

/** The linked claim: live history and a status change with reason and notes. */
export function ClaimPanel({ parley, claimId }: { parley: Parley; claimId: string }) {
  const timeline = useMemo(() => parley.claimTimeline(claimId), [claimId])
  const status = useStore(timeline.$status)
  const updates = useStore(timeline.$updates)
  const [error, setError] = useState<string | null>(null)
  return (
    <section aria-labelledby="claim-heading">
      <h2 id="claim-heading">Claim — {status ?? '…'}</h2>
      <ol class="timeline">
        {updates.map((update) => (
          <li key={update.id}>
            {update.new_status} · {new Date(update.created_at).toLocaleString()} ·{' '}
            {update.changed_by ? update.changed_by_name : 'automatic'}
            {update.reason && <div>Reason: {update.reason}</div>}
          </li>
        ))}
      </ol>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          const form = new FormData(event.currentTarget)
          setError(null)
          try {
            await parley.changeClaimStatus({
              claim_id: claimId,
              new_status: String(form.get('status')) as ClaimStatus,
              reason: String(form.get('reason') ?? '') || null,
              notes: String(form.get('notes') ?? '') || null
            })
            event.currentTarget.reset()
          } catch (caught) {
            setError(caught instanceof Error ? caught.message : String(caught))
          }
        }}
      >
        <label>
          New claim status
          <select name="status" defaultValue={status ?? 'submitted'}>
            {Constants.public.Enums.claim_status.map((value) => (
              <option value={value}>{value}</option>
            ))}
          </select>
        </label>
        <label>
          Reason <input name="reason" type="text" />
        </label>
        <label>
          Notes <input name="notes" type="text" />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary">
          Change claim status
        </button>
      </form>
    </section>
  )
}
