import type { ReadableAtom } from 'nanostores'
import { useEffect, useState } from 'preact/hooks'

/** The current value of a nanostore; re-renders on change (what @nanostores/preact does). */
export function useStore<T>(store: ReadableAtom<T>): T {
  const [value, setValue] = useState(store.get())
  useEffect(() => store.subscribe(setValue), [store])
  return value
}
