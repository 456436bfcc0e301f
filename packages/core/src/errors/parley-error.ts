/**
 * The stable codes a caller can switch on.
 * @example `const retryable = (code: ParleyErrorCode) => code === 'NETWORK' || code === 'RATE_LIMITED'`
 */
export type ParleyErrorCode =
  | 'NOT_AUTHORIZED'
  | 'TOKEN_INVALID'
  | 'RATE_LIMITED'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'NETWORK'
  | 'CONFLICT'
  /** A dealer-signed identity (`customer_signature`) did not match, or was required and missing. */
  | 'IDENTITY_INVALID'
  /** Invitations: a link that never existed or was replaced by a resend; expired; revoked; already accepted; for another address. */
  | 'INVITATION_INVALID'
  | 'INVITATION_EXPIRED'
  | 'INVITATION_REVOKED'
  | 'INVITATION_USED'
  | 'INVITATION_EMAIL_MISMATCH'
  /** The account or address already belongs to an organization. */
  | 'ALREADY_MEMBER'
  /** The change would leave the organization without an active admin. */
  | 'LAST_ADMIN'
  /** The address bounced, complained or unsubscribed: it is not mailed. */
  | 'EMAIL_SUPPRESSED'
  | 'UNKNOWN'

/** @example `new ParleyError('RATE_LIMITED', 'Slow down', { status: 429, retryAfter: 30 })` */
export interface ParleyErrorOptions {
  status?: number
  cause?: unknown
  /** Seconds to wait before retrying, when the server said so. */
  retryAfter?: number
}

/**
 * Every failure core reports: a stable `code`, the HTTP `status` when there was one, the
 * original error as `cause`, and `retryAfter` (seconds) for RATE_LIMITED when known.
 *
 * @example
 * ```ts
 * try {
 *   await parley.sendMessage({ conversation_id, content })
 * } catch (error) {
 *   if (error instanceof ParleyError && error.code === 'RATE_LIMITED') wait(error.retryAfter)
 * }
 * ```
 */
export class ParleyError extends Error {
  readonly code: ParleyErrorCode
  readonly status: number | undefined
  readonly retryAfter: number | undefined
  override readonly cause: unknown

  constructor(code: ParleyErrorCode, message: string, options: ParleyErrorOptions = {}) {
    super(message)
    this.name = 'ParleyError'
    this.code = code
    this.status = options.status
    this.cause = options.cause
    this.retryAfter = options.retryAfter
  }
}

/** True for errors worth retrying later without the user changing anything. */
export function isTransient(error: unknown): boolean {
  return error instanceof ParleyError && error.code === 'NETWORK'
}
