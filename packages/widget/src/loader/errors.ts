/** Stable codes to `switch` on. */
export type WidgetErrorCode = 'INVALID_CONFIG' | 'UNKNOWN_COMMAND' | 'LOAD_FAILED'

/**
 * Every error the loader raises: a bad option (INVALID_CONFIG), `Parley('nope')`
 * (UNKNOWN_COMMAND), or an app chunk that could not be fetched (LOAD_FAILED: offline,
 * blocked by CSP, wrong appSrc).
 */
export class WidgetError extends Error {
  declare readonly code: WidgetErrorCode
  constructor(code: WidgetErrorCode, message: string) {
    super(message)
    this.name = 'WidgetError'
    this.code = code
  }
}
