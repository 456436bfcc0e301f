import { invalid } from '../errors/validate.ts'
import type { PushPreferences } from '../types/api.ts'

const KEYS: readonly (keyof PushPreferences)[] = ['new_messages', 'claim_updates', 'warranty_expiring', 'system_alerts']

/** The database's rule (push_preferences_problem): only the four kinds, each true or false. */
export function validatePreferences(preferences: unknown): Partial<PushPreferences> {
  if (typeof preferences !== 'object' || preferences === null || Array.isArray(preferences)) throw invalid('preferences must be an object')
  const result: Partial<PushPreferences> = {}
  for (const [key, value] of Object.entries(preferences)) {
    if (!(KEYS as readonly string[]).includes(key)) throw invalid(`Unknown preference ${key} (known: ${KEYS.join(', ')})`)
    if (typeof value !== 'boolean') throw invalid(`Preference ${key} must be true or false`)
    result[key as keyof PushPreferences] = value
  }
  return result
}
