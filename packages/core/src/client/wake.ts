import type { Signal } from './signal.ts'

export type WakeReason = 'online' | 'offline' | 'visible'

/**
 * Hears the browser say the network is back or the tab woke up: both are moments the socket
 * may have missed events. Returns the matching removal.
 */
export function listenForWake(target: EventTarget | null, signal: Signal<WakeReason>): () => void {
  if (!target || typeof target.addEventListener !== 'function') return () => undefined
  const doc = (target as { document?: Document }).document ?? globalThis.document
  const online = () => signal.emit('online')
  const offline = () => signal.emit('offline')
  const visible = () => {
    if (doc?.visibilityState === 'visible') signal.emit('visible')
  }
  target.addEventListener('online', online)
  target.addEventListener('offline', offline)
  doc?.addEventListener('visibilitychange', visible)
  return () => {
    target.removeEventListener('online', online)
    target.removeEventListener('offline', offline)
    doc?.removeEventListener('visibilitychange', visible)
  }
}
