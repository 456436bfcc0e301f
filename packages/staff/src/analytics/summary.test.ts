import type { OperationsReportRow } from '@parley/core'
import { describe, expect, it } from 'vitest'
import { formatDuration, formatPeriod, summarize } from './summary.ts'

const row = (fields: Partial<OperationsReportRow>) =>
  ({
    conversations_opened: 0,
    conversations_resolved: 0,
    first_responses: 0,
    first_response_breaches: 0,
    ratings: 0,
    rating_1: 0,
    rating_2: 0,
    rating_3: 0,
    rating_4: 0,
    rating_5: 0,
    replies_per_conversation: null,
    ...fields
  }) as OperationsReportRow

describe('analytics summary', () => {
  it('adds up counts and rating distributions exactly, weighting averages by their counts', () => {
    const summary = summarize([
      row({
        conversations_opened: 4,
        first_responses: 3,
        first_response_breaches: 1,
        replies_per_conversation: 1.5,
        ratings: 2,
        rating_5: 1,
        rating_3: 1
      }),
      row({ conversations_opened: 1, conversations_resolved: 2, replies_per_conversation: 4, ratings: 1, rating_1: 1 }),
      row({})
    ])
    expect(summary).toEqual({
      opened: 5,
      resolved: 2,
      responses: 3,
      breaches: 1,
      ratings: 3,
      ratingAverage: 3,
      distribution: [1, 0, 1, 0, 1],
      repliesPerConversation: 2
    })
    expect(summarize([]).ratingAverage).toBeNull()
    expect(summarize([]).repliesPerConversation).toBeNull()
  })

  it('writes durations and report days for each language', () => {
    expect(formatDuration(null, 'en')).toBe('—')
    expect(formatDuration(42.4, 'en')).toBe('42 s')
    expect(formatDuration(300, 'en')).toBe('5 min')
    expect(formatDuration(3 * 3600 + 20 * 60, 'fr-CA')).toBe('3 h 20 min')
    expect(formatDuration(7200, 'en')).toBe('2 h')
    expect(formatDuration(2 * 86400 + 4 * 3600, 'fr-CA')).toBe('2 j 4 h')
    expect(formatDuration(2 * 86400 + 4 * 3600, 'en')).toBe('2 d 4 h')
    // The report's days are already the organization's: no shift by the browser's zone.
    expect(formatPeriod('2026-11-01', 'en')).toBe('Nov 1')
    expect(formatPeriod('2026-11-01', 'fr-CA')).toMatch(/^1 nov/)
  })
})
