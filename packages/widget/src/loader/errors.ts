/** Stable codes to `switch` on. */
export type ParleyErrorCode = 'INVALID_CONFIG' | 'UNKNOWN_COMMAND' | 'LOAD_FAILED'

/**
 * Every error the loader raises: a bad option (INVALID_CONFIG), `Parley('nope')`
 * (UNKNOWN_COMMAND), or an app chunk that could not be fetched (LOAD_FAILED: offline,
 * blocked by CSP, wrong appSrc).
 */
export class ParleyError extends Error {
  code: ParleyErrorCode
  constructor(code: ParleyErrorCode, message: string) {
    super('Parley: ' + message)
    this.name = 'ParleyError'
    this.code = code
  }
}
