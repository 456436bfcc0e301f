import type { Locale } from '../loader/config.ts'
import type en from './en.ts'

export type MessageKey = keyof typeof en
export type Catalog = Record<MessageKey, string>
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

/** Each locale is its own file: a visitor downloads only the texts of the language shown. */
const CATALOGS: Record<Locale, () => Promise<{ default: Catalog }>> = { en: () => import('./en.ts'), 'fr-CA': () => import('./fr-CA.ts') }

export const loadCatalog = (locale: Locale): Promise<Catalog> => CATALOGS[locale]().then((module) => module.default)

/** A translator for one catalog; `{name}` placeholders are filled from `vars`. */
export function translator(catalog: Catalog): Translate {
  return (key, vars) => catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''))
}
