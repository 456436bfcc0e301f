import { type ClaimStatus, Constants } from '@parley/core'
import { formatDateTime } from '@parley/widget/dates'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import type { ViewProps } from '../base/parley-element.tsx'
import { may } from '../base/roles.ts'
import { useStore } from '../base/use-store.ts'
import type { ParleyClaimTracker } from './element.ts'

/** The claim's live history, a cue when an update arrives, and the status change form. */
export default function ClaimTrackerView({ host }: ViewProps<ParleyClaimTracker>) {
  const claimId = host.claimId
  return claimId ? <Tracker key={claimId} host={host} claimId={claimId} /> : null
}

function Tracker({ host, claimId }: { host: ParleyClaimTracker; claimId: string }) {
  const { parley, profile, t, locale, fail, emit } = useStaff()
  const timeline = useMemo(() => parley.claimTimeline(claimId), [claimId])
  const status = useStore(timeline.$status)
  const updates = useStore(timeline.$updates)
  const loadError = useStore(timeline.$error)
  const loading = useStore(timeline.$loading)
  const [fresh, setFresh] = useState<string | null>(null)
  // How many updates the first load brought; those after it are news, highlighted and announced.
  const baseline = useRef<number | null>(null)
  const sawLoading = useRef(false)
  useEffect(() => timeline.open(), [timeline])
  useEffect(() => {
    if (loadError) fail(loadError)
  }, [loadError])
  useEffect(() => {
    if (loading) {
      sawLoading.current = true
      return
    }
    if (baseline.current === null) {
      if (sawLoading.current || updates.length > 0) baseline.current = updates.length
      return
    }
    const last = updates[updates.length - 1]
    if (updates.length > baseline.current && last) {
      baseline.current = updates.length
      setFresh(last.id)
      emit('parley-claim-update', { claimId, update: last })
    }
  }, [updates, loading])
  const number = host.getAttribute('claim-number') ?? ''
  const statusText = (value: ClaimStatus | null) => (value ? t(`claim.${value}`) : '…')
  const latest = updates.find((update) => update.id === fresh)
  return (
    <section part="tracker" class="tracker" aria-labelledby="claim-heading">
      <header part="header">
        <h2 id="claim-heading">{t('claim', { number })}</h2>
        <p part="status" class="status" data-status={status ?? ''}>
          {t('claimStatus', { status: statusText(status) })}
        </p>
      </header>
      <p class="sr" role="status" aria-live="polite">
        {latest ? t('newUpdate', { status: statusText(latest.new_status) }) : ''}
      </p>
      <h3 class="sr">{t('timeline')}</h3>
      {updates.length === 0 ? (
        <p class="muted">{t('noUpdates')}</p>
      ) : (
        <ol part="timeline" class="timeline" aria-label={t('timeline')}>
          {updates.map((update) => (
            <li
              key={update.id}
              part={update.id === fresh ? 'entry entry-new' : 'entry'}
              class={update.id === fresh ? 'entry new' : 'entry'}
            >
              <p class="change">
                {update.old_status && (
                  <>
                    <span class="old">{statusText(update.old_status)}</span> →{' '}
                  </>
                )}
                <strong>{statusText(update.new_status)}</strong>
              </p>
              <p class="muted">
                {update.changed_by ? update.changed_by_name : t('automatic')} ·{' '}
                <time dateTime={update.created_at}>{formatDateTime(update.created_at, locale)}</time>
              </p>
              {update.reason && (
                <p>
                  <span class="label">
                    {t('reason')}
                    {t('colon')}
                  </span>
                  {update.reason}
                </p>
              )}
              {update.notes && (
                <p>
                  <span class="label">
                    {t('notes')}
                    {t('colon')}
                  </span>
                  {update.notes}
                </p>
              )}
              <p class="muted notified">
                {update.notification_sent && update.notification_sent_at
                  ? t('notified', { date: formatDateTime(update.notification_sent_at, locale) })
                  : t('notNotified')}
              </p>
            </li>
          ))}
        </ol>
      )}
      {may(profile.role, 'claims') && status && <StatusForm key={status} claimId={claimId} current={status} />}
    </section>
  )
}

/** Starts on the current status, so submitting without a choice changes nothing by mistake. */
function StatusForm({ claimId, current }: { claimId: string; current: ClaimStatus }) {
  const { parley, t, fail } = useStaff()
  const [chosen, setChosen] = useState<ClaimStatus>(current)
  const [reason, setReason] = useState('')
  const [notes, setNotes] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <form
      part="form"
      class="change-form"
      onSubmit={(event) => {
        event.preventDefault()
        setBusy(true)
        setProblem(null)
        parley
          .changeClaimStatus({ claim_id: claimId, new_status: chosen, reason: reason.trim() || null, notes: notes.trim() || null })
          .then(
            () => {
              setReason('')
              setNotes('')
            },
            (error: unknown) => setProblem(fail(error))
          )
          .finally(() => setBusy(false))
      }}
    >
      <label>
        {t('newStatus')}
        <select name="status" value={chosen} onChange={(event) => setChosen(event.currentTarget.value as ClaimStatus)}>
          {Constants.public.Enums.claim_status.map((value) => (
            <option key={value} value={value}>
              {t(`claim.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('reason')} <input name="reason" type="text" value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
      </label>
      <label>
        {t('notes')} <input name="notes" type="text" value={notes} onInput={(event) => setNotes(event.currentTarget.value)} />
      </label>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" part="submit" class="primary" disabled={busy || chosen === current}>
        {t('changeStatus')}
      </button>
    </form>
  )
}
