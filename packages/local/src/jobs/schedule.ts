/** Raised for a schedule pg_cron would refuse; `code` is what callers switch on. */
export class ScheduleError extends Error {
  readonly code = 'INVALID_SCHEDULE'

  constructor(schedule: string, reason: string) {
    super(`invalid schedule: ${schedule} (${reason})`)
    this.name = 'ScheduleError'
  }
}

export type Schedule =
  | { kind: 'interval'; seconds: number }
  | {
      kind: 'cron'
      minute: Set<number>
      hour: Set<number>
      day: Set<number>
      month: Set<number>
      weekday: Set<number>
      dayAny: boolean
      weekdayAny: boolean
    }

const FIELDS = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7]
] as const

/**
 * The schedules pg_cron accepts that Parley uses: '[1-59] seconds' and five-field cron
 * (minute hour day-of-month month day-of-week) with `*`, numbers, ranges `a-b`, steps
 * `/n` and comma lists. Day of week 7 is Sunday, as 0 is.
 */
export function parseSchedule(schedule: string): Schedule {
  const text = schedule.trim()
  const interval = /^(\d+)\s+seconds?$/i.exec(text)
  if (interval) {
    const seconds = Number(interval[1])
    if (seconds < 1 || seconds > 59) throw new ScheduleError(schedule, 'seconds must be between 1 and 59')
    return { kind: 'interval', seconds }
  }
  const parts = text.split(/\s+/)
  if (parts.length !== 5) throw new ScheduleError(schedule, "expected '<n> seconds' or five cron fields")
  const sets = parts.map((part, index) => parseField(schedule, part, FIELDS[index] as (typeof FIELDS)[number]))
  const weekday = new Set([...(sets[4] as Set<number>)].map((value) => value % 7))
  return {
    kind: 'cron',
    minute: sets[0] as Set<number>,
    hour: sets[1] as Set<number>,
    day: sets[2] as Set<number>,
    month: sets[3] as Set<number>,
    weekday,
    dayAny: parts[2] === '*',
    weekdayAny: parts[4] === '*'
  }
}

function parseField(schedule: string, field: string, [name, min, max]: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>()
  for (const item of field.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item)
    if (!match) throw new ScheduleError(schedule, `cannot read ${name} field '${field}'`)
    const from = match[1] === '*' ? min : Number(match[2])
    const to = match[1] === '*' ? max : match[3] !== undefined ? Number(match[3]) : match[4] !== undefined ? max : from
    const step = match[4] !== undefined ? Number(match[4]) : 1
    if (from < min || to > max || from > to) throw new ScheduleError(schedule, `${name} must be within ${min}-${max}`)
    if (step < 1) throw new ScheduleError(schedule, `${name} step must be at least 1`)
    for (let value = from; value <= to; value += step) values.add(value)
  }
  return values
}

/** Whether a cron schedule fires in the minute holding `date` (UTC, pg_cron's default). */
export function cronMatches(schedule: Extract<Schedule, { kind: 'cron' }>, date: Date): boolean {
  if (!schedule.minute.has(date.getUTCMinutes()) || !schedule.hour.has(date.getUTCHours()) || !schedule.month.has(date.getUTCMonth() + 1)) {
    return false
  }
  const day = schedule.day.has(date.getUTCDate())
  const weekday = schedule.weekday.has(date.getUTCDay())
  // Classic cron: when both day fields are restricted, either one matching is enough.
  if (!schedule.dayAny && !schedule.weekdayAny) return day || weekday
  return day && weekday
}
