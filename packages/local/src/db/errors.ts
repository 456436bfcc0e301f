/** Codes a caller of the local stack can switch on when start-up fails. */
export type LocalStackErrorCode =
  | 'PORT_IN_USE'
  | 'DATA_DIR_VERSION'
  | 'MIGRATION_FAILED'
  | 'POSTGRES_START_FAILED'
  | 'INVALID_CONFIG'
  | 'INSECURE_JWT_SECRET'
  | 'DENO_NOT_FOUND'

export class LocalStackError extends Error {
  readonly code: LocalStackErrorCode

  constructor(code: LocalStackErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'LocalStackError'
    this.code = code
  }
}
