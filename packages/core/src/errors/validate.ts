import { ParleyError } from './parley-error.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An INVALID_INPUT error: what every check here throws. */
export function invalid(message: string): ParleyError {
  return new ParleyError('INVALID_INPUT', message)
}

export function requireUuid(value: unknown, name: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw invalid(`${name} must be a UUID, got ${JSON.stringify(value)}`)
  return value
}

export function requireText(value: unknown, name: string, max: number, options: { min?: number } = {}): string {
  if (typeof value !== 'string') throw invalid(`${name} must be a string`)
  const trimmed = value.trim()
  if (trimmed.length < (options.min ?? 1)) throw invalid(`${name} must not be empty`)
  if (value.length > max) throw invalid(`${name} must be at most ${max} characters (got ${value.length})`)
  return value
}

export function optionalText(value: unknown, name: string, max: number): string | null {
  if (value === undefined || value === null || value === '') return null
  return requireText(value, name, max)
}

export function requireOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`)
  }
  return value as T
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function requireEmail(value: unknown, name: string): string {
  const email = requireText(value, name, 320)
  if (!EMAIL.test(email.trim())) throw invalid(`${name} must be an email address, got ${JSON.stringify(value)}`)
  return email.trim()
}

/** A 64-hex token from a link, trimmed and lower-cased; TOKEN_INVALID otherwise. */
export function requireToken(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/i.test(value.trim())) {
    throw new ParleyError('TOKEN_INVALID', `${what} is 64 hexadecimal characters`)
  }
  return value.trim().toLowerCase()
}
