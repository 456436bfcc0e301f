import { ParleyError, type ParleyErrorCode } from '@parley/core'
import type { Locale } from '../i18n.ts'

type ErrorTexts = Record<ParleyErrorCode, string>

const loaded: Partial<Record<Locale, ErrorTexts>> = {}

/**
 * The refusal sentences of one language, each in its own chunk: a page pays for them with its
 * first view, not with the element classes every page loads.
 */
export function loadErrorTexts(locale: Locale): Promise<unknown> {
  if (loaded[locale]) return Promise.resolve()
  return (locale === 'fr-CA' ? import('./fr-CA.ts') : import('./en.ts')).then((module) => (loaded[locale] = module.default))
}

/** The sentence for a failure in `locale`, once loaded: never core's English message. */
export function errorText(locale: Locale, error: unknown): string | undefined {
  return loaded[locale]?.[error instanceof ParleyError ? error.code : 'UNKNOWN']
}
