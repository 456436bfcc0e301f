import { ParleyError, type ParleyErrorCode } from './parley-error.ts'

const CODES = new Set<ParleyErrorCode>([
  'NOT_AUTHORIZED',
  'TOKEN_INVALID',
  'RATE_LIMITED',
  'INVALID_INPUT',
  'NOT_FOUND',
  'NETWORK',
  'CONFLICT',
  'IDENTITY_INVALID',
  'UNKNOWN'
])

/** PostgreSQL SQLSTATEs, PostgREST codes and Auth error codes (no prototype: `constructor` finds nothing). */
const BY_CODE: { [code: string]: ParleyErrorCode | null } = {
  __proto__: null,
  '42501': 'NOT_AUTHORIZED',
  invalid_credentials: 'NOT_AUTHORIZED',
  bad_jwt: 'NOT_AUTHORIZED',
  session_not_found: 'NOT_AUTHORIZED',
  '23505': 'CONFLICT',
  '23514': 'INVALID_INPUT',
  '23502': 'INVALID_INPUT',
  '23503': 'INVALID_INPUT',
  '22P02': 'INVALID_INPUT',
  '22001': 'INVALID_INPUT',
  '22023': 'INVALID_INPUT',
  validation_failed: 'INVALID_INPUT',
  anonymous_provider_disabled: 'INVALID_INPUT',
  PGRST116: 'NOT_FOUND',
  PGRST205: 'NOT_FOUND',
  PGRST202: 'NOT_FOUND',
  '42883': 'NOT_FOUND',
  '42P01': 'NOT_FOUND',
  over_request_rate_limit: 'RATE_LIMITED',
  over_email_send_rate_limit: 'RATE_LIMITED'
}

const BY_STATUS: { [status: string]: ParleyErrorCode | null } = {
  __proto__: null,
  400: 'INVALID_INPUT',
  401: 'NOT_AUTHORIZED',
  403: 'NOT_AUTHORIZED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'INVALID_INPUT',
  415: 'INVALID_INPUT',
  422: 'INVALID_INPUT',
  429: 'RATE_LIMITED'
}

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
  return /fetch failed|failed to fetch|dynamically imported module|networkerror|econnrefused|econnreset|socket hang up|network request failed|load failed/i.test(
    message
  )
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
  const message =
    text(like.message) ?? text(like.error) ?? (typeof error === 'string' ? error : undefined) ?? context?.message ?? 'Unknown error'
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
