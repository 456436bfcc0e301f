/** A tiny synchronous event emitter; listeners added during emit wait for the next one. */
export interface Signal<T> {
  listen(listener: (value: T) => void): () => void
  emit(value: T): void
}

export function createSignal<T>(): Signal<T> {
  const listeners = new Set<(value: T) => void>()
  return {
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit(value) {
      for (const listener of [...listeners]) listener(value)
    }
  }
}
