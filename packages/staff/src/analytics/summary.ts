import type { OperationsReportRow } from '@parley/core'
import type { Locale } from '../base/i18n.ts'

/** Figures over a whole range that add up exactly from its periods (medians do not: they stay per period). */
export interface RangeSummary {
  opened: number
  resolved: number
  responses: number
  breaches: number
  ratings: number
  /** Null without ratings. */
  ratingAverage: number | null
  /** How many ratings gave 1, 2, 3, 4 and 5 stars. */
  distribution: [number, number, number, number, number]
  /** Null when nothing was opened. */
  repliesPerConversation: number | null
}

export function summarize(rows: readonly OperationsReportRow[]): RangeSummary {
  const sum = (pick: (row: OperationsReportRow) => number | null) => rows.reduce((total, row) => total + (pick(row) ?? 0), 0)
  const opened = sum((row) => row.conversations_opened)
  const ratings = sum((row) => row.ratings)
  const distribution = [
    sum((row) => row.rating_1),
    sum((row) => row.rating_2),
    sum((row) => row.rating_3),
    sum((row) => row.rating_4),
    sum((row) => row.rating_5)
  ] as RangeSummary['distribution']
  const stars = distribution.reduce((total, count, index) => total + count * (index + 1), 0)
  return {
    opened,
    resolved: sum((row) => row.conversations_resolved),
    responses: sum((row) => row.first_responses),
    breaches: sum((row) => row.first_response_breaches),
    ratings,
    ratingAverage: ratings ? stars / ratings : null,
    distribution,
    // Rounded per period by the server; weighting by conversations gives the range's average back.
    repliesPerConversation: opened ? sum((row) => (row.replies_per_conversation ?? 0) * row.conversations_opened) / opened : null
  }
}

const UNITS: Record<Locale, { d: string; h: string; min: string; s: string }> = {
  en: { d: 'd', h: 'h', min: 'min', s: 's' },
  'fr-CA': { d: 'j', h: 'h', min: 'min', s: 's' }
}

/** `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h` (`2 j 4 h`); a dash when there is nothing to measure. */
export function formatDuration(seconds: number | null, locale: Locale): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—'
  const unit = UNITS[locale]
  const whole = Math.round(seconds)
  if (whole < 60) return `${whole} ${unit.s}`
  const minutes = Math.round(whole / 60)
  if (minutes < 60) return `${minutes} ${unit.min}`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return minutes % 60 ? `${hours} ${unit.h} ${minutes % 60} ${unit.min}` : `${hours} ${unit.h}`
  const days = Math.floor(hours / 24)
  return hours % 24 ? `${days} ${unit.d} ${hours % 24} ${unit.h}` : `${days} ${unit.d}`
}

/** A report day (`YYYY-MM-DD`, already the organization's) as `Nov 2` / `2 nov.`. */
export function formatPeriod(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`))
}

export function formatNumber(value: number | null, locale: Locale, digits = 0): string {
  return value === null
    ? '—'
    : new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)
}

/** `YYYY-MM-DD` of a date in the browser's calendar, for the date fields. */
export function isoDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}
