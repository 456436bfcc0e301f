import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Translate } from '../i18n/messages.ts'
import type { Locale } from '../loader/config.ts'

export interface I18n {
  locale: Locale
  t: Translate
}

/** Provided by the app once the visitor's catalog has loaded; the default shows keys. */
export const I18nContext = createContext<I18n>({ locale: 'en', t: (key) => key })

export const useI18n = (): I18n => useContext(I18nContext)
