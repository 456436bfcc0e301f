import { ParleyError } from '@parley/core'

/** An error as staff read it: the message, with the code to look up when it has one. */
export function explain(error: unknown): string {
  if (error instanceof ParleyError) return `${error.message} (${error.code})`
  return error instanceof Error ? error.message : String(error)
}
