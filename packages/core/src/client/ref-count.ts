/**
 * Runs `start` on the first open and `stop` on the last release, so every UI bound to a
 * live store shares one channel; releasing twice is harmless.
 */
export function refCounted(start: () => void, stop: () => void): () => () => void {
  let refs = 0
  return () => {
    if (++refs === 1) start()
    let released = false
    return () => {
      if (released) return
      released = true
      if (--refs === 0) stop()
    }
  }
}
