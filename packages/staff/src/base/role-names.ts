import type { UserRole } from '@parley/core'
import type { Locale } from './i18n.ts'

const NAMES: Record<Locale, Record<UserRole, string>> = {
  en: {
    admin: 'administrator',
    operations: 'operations',
    f_and_i: 'F&I',
    agent: 'agent'
  },
  'fr-CA': {
    admin: 'administrateur',
    operations: 'opérations',
    f_and_i: 'F et A',
    agent: 'agent'
  }
}

/** A role as the team view and the element base name it, in the element's language. */
export function roleName(locale: Locale, role: UserRole): string {
  return NAMES[locale][role]
}
