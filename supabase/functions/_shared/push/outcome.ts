import type { SendResult } from './types.ts'

/** Maps an HTTP answer from any push service to an outcome; `gone` codes differ per service. */
export function outcomeOf(response: Response, gone: (status: number, reason: string) => boolean, reason = ''): SendResult {
  const status = response.status
  if (status >= 200 && status < 300) return { outcome: 'sent', status }
  const error = reason || `HTTP ${status}`
  if (gone(status, reason)) return { outcome: 'gone', status, error }
  if (status === 429 || status >= 500 || status === 408) {
    const retryAfterSeconds = retryAfter(response.headers.get('retry-after'))
    return retryAfterSeconds === undefined ? { outcome: 'retry', status, error } : { outcome: 'retry', status, error, retryAfterSeconds }
  }
  return { outcome: 'failed', status, error }
}

/** A network error (DNS, reset, timeout) is transient. */
export function networkFailure(error: unknown): SendResult {
  return { outcome: 'retry', status: 0, error: error instanceof Error ? error.message : String(error) }
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}
