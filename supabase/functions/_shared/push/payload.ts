import type { PushMessage } from './types.ts'

/** Web Push records are 4096 bytes; leave room for encryption overhead and the JSON wrapping. */
const MAX_BODY_CHARS = 600
const MAX_TITLE_CHARS = 120

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/**
 * The JSON the service worker (packages/widget/public/parley-sw.js) reads from a push event:
 * `{title, body, tag, data: {type, url, ...}}`.
 */
export function webPushPayload(message: PushMessage): string {
  return JSON.stringify({
    title: clip(message.title, MAX_TITLE_CHARS),
    body: clip(message.body, MAX_BODY_CHARS),
    tag: message.tag,
    data: { ...message.data, type: message.type, url: message.url }
  })
}

/** FCM and APNs carry data as flat string maps. */
export function flatData(message: PushMessage): Record<string, string> {
  const out: Record<string, string> = { type: message.type }
  if (message.url) out.url = message.url
  for (const [key, value] of Object.entries(message.data)) {
    if (value === null || value === undefined) continue
    out[key] = typeof value === 'string' ? value : JSON.stringify(value)
  }
  return out
}

export function clippedTitle(message: PushMessage): string {
  return clip(message.title, MAX_TITLE_CHARS)
}

export function clippedBody(message: PushMessage): string {
  return clip(message.body, MAX_BODY_CHARS)
}
