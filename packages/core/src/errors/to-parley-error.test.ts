import { describe, expect, it } from 'vitest'
import { ParleyError } from './parley-error.ts'
import { toParleyError } from './to-parley-error.ts'

describe('toParleyError', () => {
  it('takes the Parley code from the hint of PTnnn errors', () => {
    const error = toParleyError(
      { code: 'PT429', message: 'Too many messages, retry in 42 s', hint: 'RATE_LIMITED', details: null },
      { status: 429 }
    )
    expect(error).toBeInstanceOf(ParleyError)
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfter: 42, message: 'Too many messages, retry in 42 s' })
  })

  it('tells a refused dealer signature apart from other refusals', () => {
    const error = toParleyError(
      { code: 'PT403', message: 'customer_signature does not match customer_email', hint: 'IDENTITY_INVALID', details: null },
      { status: 403 }
    )
    expect(error.code).toBe('IDENTITY_INVALID')
    expect(error.status).toBe(403)
  })

  it('falls back to the PT status when the hint is not a Parley code', () => {
    expect(toParleyError({ code: 'PT404', message: 'gone', hint: 'something else' }).code).toBe('NOT_FOUND')
    expect(toParleyError({ code: 'PT401', message: 'bad' }).code).toBe('NOT_AUTHORIZED')
  })

  it.each([
    ['42501', 'NOT_AUTHORIZED'],
    ['23505', 'CONFLICT'],
    ['23514', 'INVALID_INPUT'],
    ['23502', 'INVALID_INPUT'],
    ['22P02', 'INVALID_INPUT'],
    ['22001', 'INVALID_INPUT'],
    ['PGRST116', 'NOT_FOUND']
  ])('maps SQLSTATE %s to %s', (code, expected) => {
    expect(toParleyError({ code, message: 'x' }).code).toBe(expected)
  })

  it('calls fetch failures NETWORK, whichever client reports them', () => {
    expect(toParleyError(new TypeError('fetch failed')).code).toBe('NETWORK')
    expect(toParleyError({ code: '', message: 'TypeError: fetch failed', details: '' }).code).toBe('NETWORK')
    expect(toParleyError({ name: 'FunctionsFetchError', message: 'Failed to send a request to the Edge Function' }).code).toBe('NETWORK')
    expect(toParleyError({ name: 'AuthRetryableFetchError', message: 'x', status: 0 }).code).toBe('NETWORK')
    // A chunk loaded on first use that cannot be fetched, as Chrome and Firefox word it.
    expect(toParleyError(new TypeError('Failed to fetch dynamically imported module: https://x/parley-push.js')).code).toBe('NETWORK')
    expect(toParleyError(new TypeError('error loading dynamically imported module: https://x/parley-push.js')).code).toBe('NETWORK')
  })

  it('maps Storage and Auth errors by status and code', () => {
    expect(
      toParleyError({ name: 'StorageApiError', message: 'new row violates row-level security policy', statusCode: '403', status: 403 }).code
    ).toBe('NOT_AUTHORIZED')
    expect(toParleyError({ name: 'StorageApiError', message: 'The resource already exists', status: 409 }).code).toBe('CONFLICT')
    expect(toParleyError({ name: 'StorageApiError', message: 'Payload too large', status: 413 }).code).toBe('INVALID_INPUT')
    expect(
      toParleyError({ name: 'AuthApiError', code: 'invalid_credentials', message: 'Invalid login credentials', status: 400 }).code
    ).toBe('NOT_AUTHORIZED')
    expect(toParleyError({ message: 'upstream', status: 503 }).code).toBe('NETWORK')
  })

  it('keeps the original as cause and passes ParleyErrors through', () => {
    const original = { code: '23505', message: 'duplicate key' }
    expect(toParleyError(original).cause).toBe(original)
    const parley = new ParleyError('CONFLICT', 'x')
    expect(toParleyError(parley)).toBe(parley)
    expect(toParleyError('boom')).toMatchObject({ code: 'UNKNOWN', message: 'boom' })
    expect(toParleyError(undefined)).toMatchObject({ code: 'UNKNOWN' })
    expect(toParleyError({ code: 'constructor', message: 'x' })).toMatchObject({ code: 'UNKNOWN' })
    expect(toParleyError({ code: 'toString', message: 'x', status: 404 })).toMatchObject({ code: 'NOT_FOUND' })
  })
})
