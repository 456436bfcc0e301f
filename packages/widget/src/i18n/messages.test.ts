import { describe, expect, it } from 'vitest'
import { pickLocale } from '../loader/config.ts'
import { formatDay } from './dates.ts'
import en from './en.ts'
import fr from './fr-CA.ts'
import { loadCatalog, translator } from './messages.ts'

describe('i18n', () => {
  it('fills placeholders', () => {
    expect(translator(fr)('typing', { name: 'Julie' })).toBe('Julie écrit…')
    expect(translator(en)('claim', { number: 'RC-1' })).toBe('Claim RC-1')
  })

  it('loads one catalog per locale, with the same keys', async () => {
    expect(await loadCatalog('fr-CA')).toBe(fr)
    expect(Object.keys(await loadCatalog('en')).sort()).toEqual(Object.keys(fr).sort())
  })

  it('detects French from the page, else English, and honours an override', () => {
    document.documentElement.lang = 'fr'
    expect(pickLocale()).toBe('fr-CA')
    expect(pickLocale('en-US')).toBe('en')
    document.documentElement.lang = 'de'
    expect(pickLocale()).toBe('en')
  })

  it('names today and yesterday for day separators', () => {
    const now = new Date(2026, 10, 24, 12)
    expect(formatDay(new Date(2026, 10, 24, 8).toISOString(), 'fr-CA', translator(fr), now)).toBe('Aujourd’hui')
    expect(formatDay(new Date(2026, 10, 23, 8).toISOString(), 'en', translator(en), now)).toBe('Yesterday')
  })
})
