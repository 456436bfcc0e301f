import type { DatabaseError } from 'pg'

/** The JSON body PostgREST answers errors with; clients switch on `code`. */
export interface RestErrorBody {
  code: string
  message: string
  /** Text, or for PGRST201 the list of candidate relationships. */
  details: string | Array<Record<string, string>> | null
  hint: string | null
}

/** An error the REST API answers with PostgREST's status and body. */
export class RestError extends Error {
  readonly status: number
  readonly code: string
  readonly details: RestErrorBody['details']
  readonly hint: string | null
  readonly headers: Record<string, string>
  /** The name is unknown to the schema cache: a reload might find it. */
  readonly cacheMiss: boolean

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { details?: RestErrorBody['details']; hint?: string | null; headers?: Record<string, string>; cacheMiss?: boolean } = {}
  ) {
    super(message)
    this.name = 'RestError'
    this.status = status
    this.code = code
    this.details = extra.details ?? null
    this.hint = extra.hint ?? null
    this.headers = extra.headers ?? {}
    this.cacheMiss = extra.cacheMiss ?? false
  }

  toJSON(): RestErrorBody {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message }
  }
}

/** PGRST100: the query string does not follow PostgREST's grammar. */
export function parseError(message: string, details?: string): RestError {
  return new RestError(400, 'PGRST100', message, { details: details ?? null })
}

/** PGRST102: the body is not the JSON this request needs. */
export function invalidBody(details: string): RestError {
  return new RestError(400, 'PGRST102', 'Empty or invalid json', { details })
}

function isDatabaseError(error: unknown): error is DatabaseError {
  return error instanceof Error && typeof (error as DatabaseError).code === 'string' && 'severity' in error
}

/** PostgREST's SQLSTATE → HTTP status table (src/PostgREST/Error.hs), 400 by default. */
export function statusOfSqlState(code: string, message: string, authenticated: boolean): number {
  if (code === '42501') return authenticated ? 403 : 401
  if (code.startsWith('PT')) {
    const status = Number(code.slice(2))
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500
  }
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '53400': 500,
    '57P01': 503,
    P0001: 400,
    '42883': 404,
    '42P01': 404,
    '42P17': 500
  }
  if (code in exact) return exact[code] as number
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    '54': 500,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500
  }
  return byClass[code.slice(0, 2)] ?? 400
}

/** Turns whatever a request threw into PostgREST's answer. */
export function toRestError(error: unknown, authenticated: boolean): RestError {
  if (error instanceof RestError) return error
  if (isDatabaseError(error)) {
    const code = error.code ?? 'XX000'
    const status = statusOfSqlState(code, error.message, authenticated)
    const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {}
    return new RestError(status, code, error.message, { details: error.detail ?? null, hint: error.hint ?? null, headers })
  }
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'BODY_TOO_LARGE') return new RestError(413, 'PGRST413', (error as Error).message)
  return new RestError(500, 'PGRST000', 'Internal server error', { details: (error as Error)?.message ?? String(error) })
}
