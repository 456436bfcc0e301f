import { type BackoffOptions, backoffSeconds, DEFAULT_BACKOFF } from './backoff.ts'
import type { Rpc } from './rpc.ts'
import { openTarget, type SealedSubscription } from './secrets.ts'
import type { NotificationType, PushMessage, Senders, SendOutcome, SendResult } from './types.ts'
import type { Vault } from './vault.ts'

/** A notification_outbox row as claim_push_batch hands it out: status 'sending', leased. */
export interface ClaimedPush {
  id: string
  organization_id: string
  user_id: string
  type: NotificationType
  title: string
  body: string
  data: Record<string, unknown>
  attempts: number
  locked_at: string
  /** The recipient's enabled subscriptions that want this type and have not received it yet. */
  targets: Array<SealedSubscription & { id: string }>
}

export interface DeliveryResult extends SendResult {
  subscription_id: string
}

export interface DispatchOptions {
  /** Rows per claim. */
  batchSize?: number
  /** Stop after this many claims in one invocation (keeps an Edge Function call short). */
  maxBatches?: number
  /** A row left in 'sending' longer than this is reclaimed (its dispatcher crashed). */
  leaseSeconds?: number
  /** Attempts before a row is marked failed. */
  maxAttempts?: number
  /** Pushes per recipient per minute; the excess is skipped (the notification centre still has it). */
  ratePerMinute?: number
  /** Rows sent in parallel. */
  concurrency?: number
  backoff?: BackoffOptions
}

export interface DispatchReport {
  claimed: number
  sent: number
  retried: number
  failed: number
  /**
   * Rows whose completion could not be recorded (the database call itself failed). They stay
   * leased and are retried once the lease has passed; the run goes on with the other rows.
   */
  errors: number
  /** Deliveries per outcome, over every subscription tried. */
  deliveries: Record<SendOutcome, number>
}

export interface DispatchDeps {
  /** Calls SQL functions as service_role. */
  rpc: Rpc
  vault: Vault
  senders: Senders
}

export const DISPATCH_DEFAULTS = {
  batchSize: 50,
  maxBatches: 20,
  leaseSeconds: 120,
  maxAttempts: 8,
  ratePerMinute: 10,
  concurrency: 8
} as const

/** The message one outbox row becomes; `data` carries ids the service worker routes on. */
export function messageOf(row: Pick<ClaimedPush, 'id' | 'type' | 'title' | 'body' | 'data'>): PushMessage {
  const data = row.data ?? {}
  const conversationId = typeof data.conversation_id === 'string' ? data.conversation_id : undefined
  const claimId = typeof data.claim_id === 'string' ? data.claim_id : undefined
  const collapseKey = conversationId ?? claimId
  const message: PushMessage = {
    type: row.type,
    title: row.title,
    body: row.body,
    data: { ...data, outbox_id: row.id }
  }
  delete message.data.url
  if (typeof data.url === 'string') message.url = data.url
  if (collapseKey) {
    message.collapseKey = collapseKey
    message.tag = `parley:${conversationId ? 'conversation' : 'claim'}:${collapseKey}`
  }
  return message
}

/** Sends one message to one sealed subscription; secrets are decrypted only here. */
export async function deliver(
  deps: Pick<DispatchDeps, 'vault' | 'senders'>,
  owner: string,
  target: SealedSubscription & { id: string },
  message: PushMessage
): Promise<DeliveryResult> {
  const sender = deps.senders[target.platform]
  if (!sender) {
    return { subscription_id: target.id, outcome: 'failed', status: 0, error: `no ${target.platform} sender configured` }
  }
  try {
    const opened = await openTarget(deps.vault, target, owner)
    return { subscription_id: target.id, ...(await sender.send(opened, message)) }
  } catch (error) {
    return { subscription_id: target.id, outcome: 'failed', status: 0, error: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * Drains notification_outbox: claim a batch (FOR UPDATE SKIP LOCKED, leased), send each row
 * to its recipient's subscriptions, then complete it — sent, retried later with exponential
 * backoff, or failed. A crash after claiming leaves rows in 'sending'; once the lease runs
 * out the next run reclaims them, and subscriptions already recorded as delivered are not
 * sent to again.
 */
export async function dispatch(deps: DispatchDeps, options: DispatchOptions = {}): Promise<DispatchReport> {
  const settings = { ...DISPATCH_DEFAULTS, ...definedOf(options) }
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const report: DispatchReport = {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    errors: 0,
    deliveries: { sent: 0, gone: 0, retry: 0, failed: 0 }
  }

  for (let batch = 0; batch < settings.maxBatches; batch += 1) {
    const rows = await deps.rpc<ClaimedPush[]>('claim_push_batch', {
      p_limit: settings.batchSize,
      p_lease_seconds: settings.leaseSeconds,
      p_rate_per_minute: settings.ratePerMinute,
      p_max_attempts: settings.maxAttempts
    })
    if (!rows?.length) break
    report.claimed += rows.length
    await eachLimited(rows, settings.concurrency, async (row) => {
      try {
        const status = await send(deps, row, settings.maxAttempts, backoff, report)
        if (status === 'sent') report.sent += 1
        else if (status === 'pending') report.retried += 1
        else if (status === 'failed') report.failed += 1
      } catch (error) {
        // One row must not end the run for everyone: its lease brings it back later.
        report.errors += 1
        console.error(`push-dispatch: outbox row ${row.id} could not be completed`, error)
      }
    })
    if (rows.length < settings.batchSize) break
  }
  return report
}

/** Sends one claimed row to its targets and records the outcome; answers complete_push's status. */
async function send(
  deps: DispatchDeps,
  row: ClaimedPush,
  maxAttempts: number,
  backoff: BackoffOptions,
  report: DispatchReport
): Promise<string> {
  const message = messageOf(row)
  const results = await Promise.all(row.targets.map((target) => deliver(deps, row.user_id, target, message)))
  for (const result of results) report.deliveries[result.outcome] += 1
  const retryAfter = Math.max(0, ...results.map((result) => result.retryAfterSeconds ?? 0))
  const retryAt = new Date(Date.now() + backoffSeconds(row.attempts, retryAfter, backoff) * 1000).toISOString()
  return deps.rpc<string>('complete_push', {
    p_id: row.id,
    p_locked_at: row.locked_at,
    p_results: results,
    p_retry_at: retryAt,
    p_max_attempts: maxAttempts
  })
}

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next]
      next += 1
      if (item !== undefined) await work(item)
    }
  })
  await Promise.all(lanes)
}

function definedOf(options: DispatchOptions): Partial<typeof DISPATCH_DEFAULTS> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<typeof DISPATCH_DEFAULTS>
}
