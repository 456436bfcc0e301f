import { type Locale, pickLocale } from '@parley/widget/locale'
import { useLayoutEffect, useState } from 'preact/hooks'
import { TEXTS } from './texts.ts'

const KEY = 'parley-staff-lang'

function stored(): string | null {
  try {
    return localStorage.getItem(KEY)
  } catch {
    return null // storage blocked (sandboxed frame): the browser's language then
  }
}

/**
 * The app's one language, for its own screens and every element: an invitation link's
 * `lang` (the language its e-mail was written in), else the one chosen with the switch on
 * this browser, else the browser's; English unless one of them says French. Not the
 * organization's `locale`: that is the language the dealership writes to customers in, and
 * an English-speaking agent of a Quebec dealership still reads the console in English.
 */
export function appLocale(search: string = location.search): Locale {
  return pickLocale(new URLSearchParams(search).get('lang') || stored() || navigator.language)
}

/** `<html lang>` and the title follow the language (axe and screen readers read them). */
function apply(locale: Locale): void {
  document.documentElement.lang = locale
  document.title = TEXTS[locale].title
}

/** The app's language and the way to choose it, kept in localStorage for the next visit. */
export function useLocale(): [Locale, (next: Locale) => void] {
  const [locale, setLocale] = useState(appLocale)
  useLayoutEffect(() => apply(locale), [locale])
  const choose = (next: Locale) => {
    try {
      localStorage.setItem(KEY, next)
    } catch {
      // Not kept for the next visit; this one still switches.
    }
    setLocale(next)
  }
  return [locale, choose]
}

const NAMES: Record<Locale, string> = { 'fr-CA': 'Français', en: 'English' }

/** Two buttons, each language named in itself; the pressed one is the app's language. */
export function LanguageSwitch({ locale, choose }: { locale: Locale; choose: (next: Locale) => void }) {
  return (
    <div class="language" role="group" aria-label={TEXTS[locale].language}>
      {(['fr-CA', 'en'] as const).map((option) => (
        <button key={option} type="button" lang={option} aria-pressed={option === locale} onClick={() => choose(option)}>
          {NAMES[option]}
        </button>
      ))}
    </div>
  )
}
