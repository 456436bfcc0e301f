import { ParleyError, type ParleyErrorCode } from './parley-error.ts'

const CODES = new Set<ParleyErrorCode>(['NOT_AUTHORIZED', 'TOKEN_INVALID', 'RATE_LIMITED', 'INVALID_INPUT', 'NOT_FOUND', 'NETWORK', 'CONFLICT', 'UNKNOWN'])

// Listed as `CODE:key key …` and split once: terser cannot shorten object keys, the text is shorter.
function table(spec: string): Record<string, ParleyErrorCode | undefined> {
  const result: Record<string, ParleyErrorCode | undefined> = Object.create(null)
  for (const group of spec.split(';')) {
    const [code, keys] = group.split(':') as [ParleyErrorCode, string]
    for (const key of keys.split(' ')) result[key] = code
  }
  return result
}

/** PostgreSQL SQLSTATEs, PostgREST codes and Auth error codes. */
const BY_CODE = table(
  'NOT_AUTHORIZED:42501 invalid_credentials bad_jwt session_not_found;CONFLICT:23505;' +
    'INVALID_INPUT:23514 23502 23503 22P02 22001 22023 validation_failed anonymous_provider_disabled;' +
    'NOT_FOUND:PGRST116 PGRST205 PGRST202 42883 42P01;RATE_LIMITED:over_request_rate_limit over_email_send_rate_limit'
)

const BY_STATUS = table('INVALID_INPUT:400 413 415 422;NOT_AUTHORIZED:401 403;NOT_FOUND:404;CONFLICT:409;RATE_LIMITED:429')

interface ErrorLike {
  code?: unknown
  hint?: unknown
  message?: unknown
  status?: unknown
  statusCode?: unknown
  name?: unknown
  error?: unknown
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function statusOf(error: ErrorLike, status: number | undefined): number | undefined {
  if (status !== undefined) return status
  if (typeof error.status === 'number') return error.status
  const code = Number(error.statusCode)
  return Number.isInteger(code) && code > 0 ? code : undefined
}

function isNetworkFailure(error: ErrorLike, message: string): boolean {
  if (/^(AbortError|AuthRetryableFetchError|StorageUnknownError|FunctionsFetchError)$/.test(String(error.name))) return true
  if (error.name === 'TypeError' && /fetch|network|socket|connect/i.test(message)) return true
  return /fetch failed|failed to fetch|networkerror|econnrefused|econnreset|socket hang up|network request failed|load failed/i.test(message)
}

/** Seconds from a message like "retry in 42 s", or undefined. */
function retryAfterOf(message: string): number | undefined {
  const match = /(\d+(?:\.\d+)?)\s*(?:s\b|sec|second)/i.exec(message)
  return match ? Number(match[1]) : undefined
}

/**
 * Maps anything a Supabase call can fail with (PostgREST, Auth, Storage, Functions, Realtime,
 * fetch) to a ParleyError. PostgREST's PTnnn errors carry the Parley code in `hint`.
 *
 * @example
 * ```ts
 * const { error } = await parley.supabase.rpc('mark_read', { conversation_id })
 * if (error) throw toParleyError(error) // e.g. code NOT_FOUND, status 404
 * ```
 */
export function toParleyError(error: unknown, context?: { status?: number; message?: string }): ParleyError {
  if (error instanceof ParleyError) return error
  const like: ErrorLike = typeof error === 'object' && error !== null ? (error as ErrorLike) : {}
  const message = text(like.message) ?? text(like.error) ?? (typeof error === 'string' ? error : undefined) ?? context?.message ?? 'Unknown error'
  const status = statusOf(like, context?.status)
  const sqlstate = text(like.code)
  const hint = text(like.hint)

  let code: ParleyErrorCode = 'UNKNOWN'
  if (hint && CODES.has(hint as ParleyErrorCode)) code = hint as ParleyErrorCode
  else if (sqlstate && /^PT\d{3}$/.test(sqlstate)) code = BY_STATUS[sqlstate.slice(2)] ?? 'UNKNOWN'
  else if (sqlstate && BY_CODE[sqlstate]) code = BY_CODE[sqlstate]
  else if (isNetworkFailure(like, message)) code = 'NETWORK'
  else if (status !== undefined && BY_STATUS[status]) code = BY_STATUS[status]
  else if (status !== undefined && status >= 500) code = 'NETWORK'

  const retryAfter = code === 'RATE_LIMITED' ? retryAfterOf(message) : undefined
  return new ParleyError(code, message, { status, cause: error, retryAfter })
}
