// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { databaseErrorCodes, parleyErrorCodes } from './error-codes.ts'

describe('error codes', () => {
  it('reads the ParleyErrorCode union from its declaration', () => {
    expect(parleyErrorCodes()).toContain('NETWORK')
    expect(parleyErrorCodes()).toContain('LAST_ADMIN')
  })

  it('every code the database refuses with is a ParleyErrorCode, so the UIs have a sentence for it', () => {
    expect(databaseErrorCodes().length).toBeGreaterThan(5)
    expect(databaseErrorCodes().filter((code) => !parleyErrorCodes().includes(code))).toEqual([])
  })
})
