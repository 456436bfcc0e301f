import type { IncomingMessage, ServerResponse } from 'node:http'

export const API_VERSION_HEADER = 'X-Supabase-Api-Version'
const API_VERSION_2024_01_01 = Date.UTC(2024, 0, 1)

/**
 * A GoTrue HTTP error. `code` is GoTrue's error code (what auth-js exposes as
 * AuthApiError.code); `extra` carries fields some errors add, e.g. weak_password.
 */
export class AuthHttpError extends Error {
  readonly status: number
  readonly code: string
  readonly extra: Record<string, unknown>

  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message)
    this.name = 'AuthHttpError'
    this.status = status
    this.code = code
    this.extra = extra
  }
}

/** OAuth2-style error GoTrue answers for a few token-endpoint mistakes: {error, error_description}. */
export class OAuthHttpError extends Error {
  readonly status = 400
  readonly error: string

  constructor(error: string, description: string) {
    super(description)
    this.name = 'OAuthHttpError'
    this.error = error
  }
}

export const badRequest = (code: string, message: string) => new AuthHttpError(400, code, message)
export const forbidden = (code: string, message: string) => new AuthHttpError(403, code, message)
export const notFound = (code: string, message: string) => new AuthHttpError(404, code, message)
export const unprocessable = (code: string, message: string) => new AuthHttpError(422, code, message)
export const invalidCredentials = () => badRequest('invalid_credentials', 'Invalid login credentials')
export const featureDisabled = (what: string) => unprocessable('feature_disabled', `${what} is not available on the Parley local stack`)

/**
 * GoTrue answers in the 2024-01-01 shape {code, message} when the client sends that API
 * version (auth-js always does), and in the initial shape {code: status, error_code, msg}
 * otherwise; auth-js reads either.
 */
export function usesVersion20240101(req: IncomingMessage): boolean {
  const raw = req.headers['x-supabase-api-version']
  const value = Array.isArray(raw) ? raw[0] : raw
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const time = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(time) && time >= API_VERSION_2024_01_01
}

export function sendAuthJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const all: Record<string, string> = { ...headers }
  if (usesVersion20240101(req)) all[API_VERSION_HEADER] = '2024-01-01'
  if (status === 204) {
    res.writeHead(204, all)
    res.end()
    return
  }
  res.writeHead(status, { 'content-type': 'application/json', ...all })
  res.end(JSON.stringify(body))
}

export function sendAuthError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (error instanceof OAuthHttpError) {
    sendAuthJson(req, res, error.status, { error: error.error, error_description: error.message })
    return
  }
  const failure = error instanceof AuthHttpError ? error : new AuthHttpError(500, 'unexpected_failure', 'Internal Server Error')
  const headers = { 'x-sb-error-code': failure.code }
  const body = usesVersion20240101(req)
    ? { code: failure.code, message: failure.message, ...failure.extra }
    : { code: failure.status, error_code: failure.code, msg: failure.message, ...failure.extra }
  sendAuthJson(req, res, failure.status, body, headers)
}
