/** Codes callers switch on; HTTP statuses follow the same mapping as the database's PTnnn errors. */
export type PushErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_AUTHORIZED'
  | 'NOT_FOUND'
  | 'CONFIG_MISSING'
  | 'DECRYPT_FAILED'
  | 'RATE_LIMITED'
  | 'UPSTREAM_FAILED'

const STATUS: Record<PushErrorCode, number> = {
  INVALID_INPUT: 400,
  NOT_AUTHORIZED: 403,
  NOT_FOUND: 404,
  CONFIG_MISSING: 500,
  DECRYPT_FAILED: 500,
  RATE_LIMITED: 429,
  UPSTREAM_FAILED: 502
}

export class PushError extends Error {
  readonly code: PushErrorCode
  readonly status: number

  constructor(code: PushErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PushError'
    this.code = code
    this.status = STATUS[code]
  }
}

/** A required secret is absent: the function answers 500 with a message naming it. */
export class PushConfigError extends PushError {
  constructor(name: string) {
    super('CONFIG_MISSING', `secret ${name} is not set`)
    this.name = 'PushConfigError'
  }
}
