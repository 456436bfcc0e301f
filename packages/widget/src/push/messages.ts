/** What parley-sw.js posts to open pages (navigator.serviceWorker 'message' events). */
export type ParleyWorkerMessage =
  | { type: 'parley:push'; payload: { title?: string; body?: string; data?: Record<string, unknown> } }
  | { type: 'parley:notificationclick'; data: Record<string, unknown> }
  | { type: 'parley:pushsubscriptionchange'; subscription: { endpoint: string; keys: { p256dh: string; auth: string } } | null }

/**
 * Listens to the Parley service worker: a tapped notification for a conversation this page
 * can show, a push that arrived while the page is open, or a subscription the browser
 * rotated (register the new one). Returns the unsubscribe function.
 */
export function onParleyWorkerMessage(listener: (message: ParleyWorkerMessage) => void): () => void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return () => undefined
  const handler = (event: MessageEvent) => {
    const data = event.data as { type?: unknown } | null
    if (data && typeof data.type === 'string' && data.type.startsWith('parley:')) listener(data as ParleyWorkerMessage)
  }
  navigator.serviceWorker.addEventListener('message', handler)
  return () => navigator.serviceWorker.removeEventListener('message', handler)
}

/** The ids a notification tap put in the URL when the worker had no page URL to open. */
export function parleyTargetFromUrl(href: string): { conversationId?: string; claimId?: string } {
  const url = new URL(href)
  const conversationId = url.searchParams.get('parley_conversation') ?? undefined
  const claimId = url.searchParams.get('parley_claim') ?? undefined
  return { ...(conversationId ? { conversationId } : {}), ...(claimId ? { claimId } : {}) }
}
