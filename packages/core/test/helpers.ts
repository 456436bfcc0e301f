import type { ReadableAtom } from 'nanostores'
import { WAIT } from '../../local/test/wait.ts'

/** Polls until check() returns a truthy value (or stops throwing) and returns it. */
export async function until<T>(check: () => T | Promise<T>, what = 'condition', timeoutMs = WAIT.timeout): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, WAIT.interval))
  }
}

/** Keeps a store mounted (as a UI would) and returns its unsubscribe. */
export function keep<T>(store: ReadableAtom<T>): () => void {
  return store.listen(() => undefined)
}

/** The demo data's ids, kept under this name for the tests that import it from here. */
export { DEMO } from '../../../supabase/tests/kit/demo.ts'
