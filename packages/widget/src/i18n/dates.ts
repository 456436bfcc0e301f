import type { Locale } from '../loader/config.ts'
import type { Translate } from './messages.ts'

/** "14:05" / "14 h 05" in the visitor's locale. */
export function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso))
}

/** Local calendar day, to group messages. */
export function dayKey(iso: string): string {
  const date = new Date(iso)
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`
}

/** "Today", "Yesterday" or a full date, for day separators. */
export function formatDay(iso: string, locale: Locale, t: Translate, now = new Date()): string {
  const yesterday = new Date(now)
  yesterday.setDate(now.getDate() - 1)
  if (dayKey(iso) === dayKey(now.toISOString())) return t('today')
  if (dayKey(iso) === dayKey(yesterday.toISOString())) return t('yesterday')
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso))
}

/** Date and time for the claim history. */
export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}
