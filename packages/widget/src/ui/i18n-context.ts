import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Locale } from '../loader/config.ts'
import { translator, type Translate } from '../i18n/messages.ts'

export interface I18n {
  locale: Locale
  t: Translate
}

export const I18nContext = createContext<I18n>({ locale: 'en', t: translator('en') })

export const useI18n = (): I18n => useContext(I18nContext)
