import { describe, expect, it } from 'vitest'
import { optionalText, requireEmail, requireOneOf, requireText, requireUuid } from './validate.ts'

describe('input validation', () => {
  it('accepts and refuses UUIDs with INVALID_INPUT', () => {
    expect(requireUuid('11111111-1111-4111-8111-111111111111', 'id')).toBe('11111111-1111-4111-8111-111111111111')
    expect(() => requireUuid('nope', 'conversation_id')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('conversation_id') })
    )
    expect(() => requireUuid(undefined, 'id')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })

  it('checks text presence and length', () => {
    expect(requireText('hi', 'content', 10)).toBe('hi')
    expect(() => requireText('   ', 'content', 10)).toThrow(/must not be empty/)
    expect(() => requireText('x'.repeat(11), 'content', 10)).toThrow(/at most 10/)
    expect(() => requireText(5, 'content', 10)).toThrow(/must be a string/)
    expect(optionalText(undefined, 'x', 5)).toBeNull()
    expect(optionalText('', 'x', 5)).toBeNull()
  })

  it('checks enums and emails', () => {
    expect(requireOneOf('web', 'platform', ['web', 'ios'])).toBe('web')
    expect(() => requireOneOf('fax', 'platform', ['web', 'ios'])).toThrow(/one of web, ios/)
    expect(requireEmail(' ada@example.com ', 'email')).toBe('ada@example.com')
    expect(() => requireEmail('ada', 'email')).toThrow(/email address/)
  })
})
