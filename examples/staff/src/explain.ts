import { ParleyError } from '@parley/core'
import type { Refusals, Texts } from './texts.ts'

/**
 * An error as staff read it, in the app's language: the screen's sentence for its code, else
 * the app's. Core's messages are English and for developers, so they are never shown.
 */
export function explain(error: unknown, text: Texts, own: Refusals = {}): string {
  const code = error instanceof ParleyError ? error.code : 'UNKNOWN'
  return own[code] ?? text.refusals[code]
}
