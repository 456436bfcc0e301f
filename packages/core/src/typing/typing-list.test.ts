import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TypingIndicator } from '../types/api.ts'
import { createTypingList } from './typing-list.ts'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function indicator(overrides: Partial<TypingIndicator>): TypingIndicator {
  return {
    conversation_id: 'c',
    user_type: 'staff',
    user_name: 'Julie',
    is_typing: true,
    expires_at: new Date(Date.now() + 8000).toISOString(),
    ...overrides
  }
}

describe('typing list', () => {
  it('adds, replaces and removes typists', () => {
    let current: readonly TypingIndicator[] = []
    const list = createTypingList((typing) => (current = typing))
    list.apply(indicator({}))
    list.apply(indicator({ user_name: 'Marc' }))
    list.apply(indicator({}))
    expect(current.map((item) => item.user_name)).toEqual(['Marc', 'Julie'])
    list.apply(indicator({ user_name: 'Marc', is_typing: false }))
    expect(current.map((item) => item.user_name)).toEqual(['Julie'])
    list.clear()
    expect(current).toEqual([])
  })

  it('expires an entry at expires_at when the stop never comes, bounded for skewed clocks', () => {
    let current: readonly TypingIndicator[] = []
    const list = createTypingList((typing) => (current = typing))
    list.apply(indicator({ expires_at: new Date(Date.now() + 2000).toISOString() }))
    list.apply(indicator({ user_name: 'Skewed', expires_at: new Date(Date.now() - 60_000).toISOString() }))
    vi.advanceTimersByTime(2001)
    expect(current.map((item) => item.user_name)).toEqual(['Skewed'])
    vi.advanceTimersByTime(8000)
    expect(current).toEqual([])
  })
})
