import { backoffSeconds } from '../push/backoff.ts'
import type { Rpc } from '../push/rpc.ts'
import { renderEmail } from './templates.ts'
import type { ClaimedEmail, EmailProvider } from './types.ts'

export interface EmailDispatchConfig {
  provider: EmailProvider
  /** `Name <address>` or an address on a domain the provider has verified. */
  from: string
  /** Public base of the functions, for unsubscribe links: `<SUPABASE_URL>/functions/v1/send-email`. */
  functionUrl: string
  staffUrl?: string
  batchSize?: number
  maxAttempts?: number
}

export interface EmailDispatchReport {
  claimed: number
  sent: number
  retried: number
  failed: number
}

/**
 * Drains the e-mail outbox once: claim_email_batch picks due rows (SKIP LOCKED, with a lease),
 * each is rendered and sent on its own, and complete_email records the outcome. A row that
 * throws (a template bug, a provider answer that cannot be read) is recorded as failed and
 * the others still go.
 */
export async function dispatchEmails(rpc: Rpc, config: EmailDispatchConfig): Promise<EmailDispatchReport> {
  const batch = await rpc<ClaimedEmail[]>('claim_email_batch', { p_limit: config.batchSize ?? 50 })
  const report: EmailDispatchReport = { claimed: batch.length, sent: 0, retried: 0, failed: 0 }
  for (const mail of batch) {
    let result: { outcome: 'sent' | 'retry' | 'failed'; error?: string; id?: string | null; retryAfterSeconds?: number }
    try {
      const unsubscribe = `${config.functionUrl}/unsubscribe?token=${mail.content.unsubscribe_token}`
      const rendered = renderEmail(mail, { unsubscribe, staffUrl: config.staffUrl })
      result = await config.provider.send({ ...rendered, from: config.from, to: mail.to, unsubscribeUrl: unsubscribe })
    } catch (error) {
      result = { outcome: 'failed', error: `could not send: ${error instanceof Error ? error.message : String(error)}` }
    }
    const retryAt =
      result.outcome === 'retry'
        ? new Date(Date.now() + backoffSeconds(mail.attempts, result.retryAfterSeconds ?? 0) * 1000).toISOString()
        : null
    const state = await rpc<string>('complete_email', {
      p_id: mail.id,
      p_locked_at: mail.locked_at,
      p_outcome: result.outcome,
      p_error: result.error ?? null,
      p_provider_message_id: result.id ?? null,
      p_retry_at: retryAt,
      p_max_attempts: config.maxAttempts ?? 6
    }).catch(() => 'failed')
    if (state === 'sent') report.sent += 1
    else if (state === 'pending') report.retried += 1
    else report.failed += 1
  }
  return report
}
