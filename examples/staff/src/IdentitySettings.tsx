import type { IdentityVerificationStatus, Parley } from '@parley/core'
import { useEffect, useState } from 'preact/hooks'
import { explain } from './explain.ts'
import type { Texts } from './texts.ts'

/**
 * An admin's identity verification settings: the secret the dealer's server signs customers'
 * e-mails with (shown once, when created or rotated) and whether unsigned visitors may chat.
 */
export function IdentitySettings({ parley, organizationId, text }: { parley: Parley; organizationId: string; text: Texts }) {
  const own = text.identity
  const [status, setStatus] = useState<IdentityVerificationStatus | null>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<unknown>(null)

  const run = (work: () => Promise<void>) => {
    setBusy(true)
    setProblem(null)
    // The status is read again after every action, failed or not: it is what the database holds.
    work()
      .catch(setProblem)
      .then(() => parley.identityVerificationStatus(organizationId))
      .then(setStatus, setProblem)
      .finally(() => setBusy(false))
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the status when the organization changes, not on every render's new `run`.
  useEffect(() => run(async () => undefined), [organizationId])

  const rotate = () => {
    setConfirming(false)
    run(async () => setSecret(await parley.rotateIdentitySecret(organizationId)))
  }
  // Shown at once; the status read after the call puts it back if the database said no.
  const setRequired = (required: boolean) => {
    if (status) setStatus({ ...status, required })
    run(() => parley.setIdentityVerificationRequired(organizationId, required))
  }

  return (
    <section class="identity-settings" aria-labelledby="identity-settings-heading">
      <h2 id="identity-settings-heading">{own.heading}</h2>
      <div role="status" aria-live="polite">
        <p>{!status ? own.checking : status.configured ? own.created(new Date(status.rotated_at!)) : own.noSecret}</p>
      </div>
      {secret && (
        <label>
          {own.newSecret}
          <input readOnly value={secret} onFocus={(event) => event.currentTarget.select()} />
        </label>
      )}
      {confirming ? (
        <div class="actions" role="group" aria-label={own.confirmRotation}>
          <p>{own.rotationWarning}</p>
          <button type="button" class="primary" onClick={rotate}>
            {own.rotateNow}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {own.cancel}
          </button>
        </div>
      ) : (
        <button type="button" disabled={busy || !status} onClick={() => (status?.configured ? setConfirming(true) : rotate())}>
          {status?.configured ? own.rotate : own.create}
        </button>
      )}
      <label>
        <input
          type="checkbox"
          checked={status?.required ?? false}
          disabled={busy || !status?.configured}
          onChange={(event) => setRequired(event.currentTarget.checked)}
        />{' '}
        {own.required}
      </label>
      {problem !== null && <p role="alert">{explain(problem, text)}</p>}
    </section>
  )
}
