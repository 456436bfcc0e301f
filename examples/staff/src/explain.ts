import { ParleyError } from '@parley/core'
import type { Refusals, Texts } from './texts.ts'

/**
 * An error as staff read it: the screen's sentence for its code, else the app's, else core's
 * message with the code to look up.
 */
export function explain(error: unknown, text: Texts, own: Refusals = {}): string {
  if (error instanceof ParleyError) return own[error.code] ?? text.refusals[error.code] ?? `${error.message} (${error.code})`
  return error instanceof Error ? error.message : String(error)
}
