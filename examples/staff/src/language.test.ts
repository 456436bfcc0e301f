// Which language the staff app opens in: the invitation link's, else the one chosen on this
// browser, else the browser's; English otherwise.
import { afterEach, expect, it, vi } from 'vitest'
import { appLocale } from './language.tsx'

afterEach(() => {
  localStorage.clear()
  vi.restoreAllMocks()
})

const browserSays = (language: string) => vi.spyOn(navigator, 'language', 'get').mockReturnValue(language)

it('follows the browser when nothing else says', () => {
  browserSays('fr-FR')
  expect(appLocale('')).toBe('fr-CA')
  browserSays('en-CA')
  expect(appLocale('')).toBe('en')
  browserSays('de-DE')
  expect(appLocale('')).toBe('en')
})

it('prefers the choice made with the switch to the browser', () => {
  browserSays('fr-CA')
  localStorage.setItem('parley-staff-lang', 'en')
  expect(appLocale('')).toBe('en')
})

it('opens an invitation in its e-mail’s language, whatever was chosen before', () => {
  localStorage.setItem('parley-staff-lang', 'en')
  expect(appLocale('?invitation=abc&lang=fr-CA')).toBe('fr-CA')
  expect(appLocale('?invitation=abc&lang=en')).toBe('en')
})
