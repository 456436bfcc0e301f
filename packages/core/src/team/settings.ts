import { invalid, optionalText, requireOneOf, requireText } from '../errors/validate.ts'
import type { BusinessHours, OrganizationSettingsInput, Weekday } from '../types/api.ts'
import type { TablesUpdate } from '../types/database.ts'

const DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const OPEN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
const CLOSE = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/

/** The same rule as the database's business_hours_problem, so a bad schedule fails before the round trip. */
export function checkBusinessHours(hours: unknown): BusinessHours {
  if (typeof hours !== 'object' || hours === null || Array.isArray(hours))
    throw invalid('business_hours must be an object keyed by day (mon … sun)')
  for (const [day, ranges] of Object.entries(hours)) {
    if (!(DAYS as readonly string[]).includes(day)) throw invalid(`business_hours: unknown day ${day} (use ${DAYS.join(', ')})`)
    if (!Array.isArray(ranges) || ranges.length > 4)
      throw invalid(`business_hours.${day} must be an array of at most 4 [open, close] ranges`)
    let previous = ''
    for (const range of ranges as unknown[]) {
      if (
        !Array.isArray(range) ||
        range.length !== 2 ||
        typeof range[0] !== 'string' ||
        typeof range[1] !== 'string' ||
        !OPEN.test(range[0]) ||
        !CLOSE.test(range[1])
      ) {
        throw invalid(`business_hours.${day}: each range is ["HH:MM", "HH:MM"] on the 24-hour clock`)
      }
      if (range[0] >= range[1]) throw invalid(`business_hours.${day}: a range must close after it opens`)
      if (range[0] < previous) throw invalid(`business_hours.${day}: ranges must be in order and must not overlap`)
      previous = range[1]
    }
  }
  return hours as BusinessHours
}

function optionalUrl(value: unknown, name: string, pattern: RegExp, rule: string): string | null {
  const url = optionalText(value, name, 2000)
  if (url !== null && !pattern.test(url)) throw invalid(`${name} must be ${rule}`)
  return url
}

/** The columns to update, each checked; unknown keys are refused rather than ignored. */
export function checkSettings(settings: OrganizationSettingsInput): TablesUpdate<'organizations'> {
  if (typeof settings !== 'object' || settings === null) throw invalid('settings must be an object')
  const changes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue
    switch (key) {
      case 'name':
        changes[key] = requireText(value, key, 200)
        break
      case 'logo_url':
        changes[key] = optionalUrl(value, key, /^https:\/\//, 'an https URL')
        break
      case 'site_url':
        changes[key] = optionalUrl(value, key, /^https?:\/\//, 'an http(s) URL')
        break
      case 'widget_color':
        if (typeof value !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(value)) throw invalid('widget_color must be #rrggbb')
        changes[key] = value
        break
      case 'widget_greeting':
        changes[key] = optionalText(value, key, 500)
        break
      case 'locale':
        changes[key] = requireOneOf(value, key, ['fr-CA', 'en'] as const)
        break
      case 'time_zone':
        changes[key] = requireText(value, key, 64)
        break
      case 'business_hours':
        changes[key] = checkBusinessHours(value)
        break
      case 'email_missed_reply_minutes':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 10080)
          throw invalid('email_missed_reply_minutes must be a whole number from 0 to 10080')
        changes[key] = value
        break
      case 'email_claim_updates':
        if (typeof value !== 'boolean') throw invalid('email_claim_updates must be true or false')
        changes[key] = value
        break
      default:
        throw invalid(`${key} is not an organization setting`)
    }
  }
  if (Object.keys(changes).length === 0) throw invalid('settings must change at least one setting')
  return changes as TablesUpdate<'organizations'>
}
