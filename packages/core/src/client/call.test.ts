import { describe, expect, it } from 'vitest'
import { call } from './call.ts'

describe('call', () => {
  it('returns data, and turns returned and thrown errors into ParleyError', async () => {
    expect(await call(Promise.resolve({ data: [1], error: null }))).toEqual([1])
    await expect(
      call(Promise.resolve({ data: null, error: { code: 'PT404', hint: 'NOT_FOUND', message: 'gone' }, status: 404 }))
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 })
    await expect(call(Promise.reject(new TypeError('fetch failed')))).rejects.toMatchObject({ code: 'NETWORK' })
  })
})
