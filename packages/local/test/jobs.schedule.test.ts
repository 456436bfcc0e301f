import { describe, expect, it } from 'vitest'
import { cronMatches, parseSchedule, type Schedule, ScheduleError } from '../src/jobs/schedule.ts'

type Cron = Extract<Schedule, { kind: 'cron' }>
const at = (iso: string) => new Date(`${iso}Z`)

describe('parseSchedule', () => {
  it('reads pg_cron intervals', () => {
    expect(parseSchedule('30 seconds')).toEqual({ kind: 'interval', seconds: 30 })
    expect(parseSchedule(' 1 second ')).toEqual({ kind: 'interval', seconds: 1 })
  })

  it('reads five-field cron with steps, ranges and lists', () => {
    const schedule = parseSchedule('*/15 0-6,22 * * 1-5') as Cron
    expect([...schedule.minute]).toEqual([0, 15, 30, 45])
    expect([...schedule.hour]).toEqual([0, 1, 2, 3, 4, 5, 6, 22])
    expect([...schedule.weekday]).toEqual([1, 2, 3, 4, 5])
    expect([...(parseSchedule('5/20 * * * 7') as Cron).minute]).toEqual([5, 25, 45])
    expect([...(parseSchedule('0 0 * * 7') as Cron).weekday]).toEqual([0])
  })

  it('refuses what pg_cron refuses, with a typed error', () => {
    for (const bad of [
      '',
      'hourly',
      '0 seconds',
      '60 seconds',
      '* * * *',
      '60 * * * *',
      '* 24 * * *',
      '5-1 * * * *',
      '*/0 * * * *',
      '* * * 13 *'
    ]) {
      expect(() => parseSchedule(bad)).toThrow(ScheduleError)
    }
    try {
      parseSchedule('61 seconds')
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_SCHEDULE', message: expect.stringContaining('invalid schedule: 61 seconds') })
    }
  })
})

describe('cronMatches', () => {
  it('matches minutes and hours in UTC', () => {
    const daily = parseSchedule('0 8 * * *') as Cron
    expect(cronMatches(daily, at('2026-11-24T08:00:30'))).toBe(true)
    expect(cronMatches(daily, at('2026-11-24T08:01:00'))).toBe(false)
    expect(cronMatches(daily, at('2026-11-24T09:00:00'))).toBe(false)
  })

  it('ORs day of month and day of week when both are restricted, as cron does', () => {
    const schedule = parseSchedule('0 0 1 * 1') as Cron
    expect(cronMatches(schedule, at('2026-12-01T00:00:00'))).toBe(true)
    expect(cronMatches(schedule, at('2026-11-30T00:00:00'))).toBe(true)
    expect(cronMatches(schedule, at('2026-11-24T00:00:00'))).toBe(false)
    const mondays = parseSchedule('0 0 * * 1') as Cron
    expect(cronMatches(mondays, at('2026-12-01T00:00:00'))).toBe(false)
  })
})
