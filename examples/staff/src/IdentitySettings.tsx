import type { IdentityVerificationStatus, Parley } from '@parley/core'
import { useEffect, useState } from 'preact/hooks'
import { explain } from './explain.ts'

/**
 * An admin's identity verification settings: the secret the dealer's server signs customers'
 * e-mails with (shown once, when created or rotated) and whether unsigned visitors may chat.
 */
export function IdentitySettings({ parley, organizationId }: { parley: Parley; organizationId: string }) {
  const [status, setStatus] = useState<IdentityVerificationStatus | null>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const run = (work: () => Promise<void>) => {
    setBusy(true)
    setProblem(null)
    // The status is read again after every action, failed or not: it is what the database holds.
    work()
      .catch((error: unknown) => setProblem(explain(error)))
      .then(() => parley.identityVerificationStatus(organizationId))
      .then(setStatus, (error: unknown) => setProblem(explain(error)))
      .finally(() => setBusy(false))
  }
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
      <h2 id="identity-settings-heading">Identity verification</h2>
      <div role="status" aria-live="polite">
        <p>
          {!status
            ? 'Checking…'
            : status.configured
              ? `Secret created ${new Date(status.rotated_at!).toLocaleString()}. Your server signs each customer’s e-mail with it (HMAC-SHA256, hex) and the page passes it to identify().`
              : 'No secret yet: customers’ e-mails are not verified.'}
        </p>
      </div>
      {secret && (
        <label>
          New secret — copy it to your server now, it is not shown again
          <input readOnly value={secret} onFocus={(event) => event.currentTarget.select()} />
        </label>
      )}
      {confirming ? (
        <div class="actions" role="group" aria-label="Confirm rotation">
          <p>Signatures made with the current secret stop verifying at once.</p>
          <button type="button" class="primary" onClick={rotate}>
            Rotate now
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" disabled={busy || !status} onClick={() => (status?.configured ? setConfirming(true) : rotate())}>
          {status?.configured ? 'Rotate secret' : 'Create secret'}
        </button>
      )}
      <label>
        <input
          type="checkbox"
          checked={status?.required ?? false}
          disabled={busy || !status?.configured}
          onChange={(event) => setRequired(event.currentTarget.checked)}
        />{' '}
        Refuse customers without a valid signature
      </label>
      {problem && <p role="alert">{problem}</p>}
    </section>
  )
}
