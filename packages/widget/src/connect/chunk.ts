import { WidgetError } from '../loader/errors.ts'

/**
 * A part of the widget that ships in its own file, fetched the first time it is needed.
 * A failed fetch (offline) rejects with WidgetError LOAD_FAILED and is tried again on the
 * next call: browsers do not keep a failed dynamic import.
 */
export function chunk<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () =>
    (pending ||= load().catch((cause: unknown) => {
      pending = undefined
      throw new WidgetError('LOAD_FAILED', cause instanceof Error ? cause.message : String(cause))
    }))
}
