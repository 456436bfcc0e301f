import { describe, expect, it } from 'vitest'
import { translator, viewTranslator } from './i18n.ts'

describe('staff texts', () => {
  it('words a count by the language’s plural rules', () => {
    const fr = translator('fr-CA')
    const en = translator('en')
    expect(fr('shown', { shown: 1, total: 1 })).toBe('1 conversation sur 1')
    expect(fr('shown', { shown: 2, total: 5 })).toBe('2 conversations sur 5')
    expect(fr('unreadBadge', { count: 1 })).toBe('1 non lu')
    expect(fr('notificationsCount', { count: 0 })).toBe('Notifications, 0 non lue')
    expect(fr('notificationsCount', { count: 3 })).toBe('Notifications, 3 non lues')
    expect(en('shown', { shown: 1, total: 1 })).toBe('1 of 1 conversation')
    expect(en('shown', { shown: 0, total: 0 })).toBe('0 of 0 conversations')
    const own = viewTranslator('en', { en: { count: '{count} {count|time|times}' }, 'fr-CA': { count: '{count} fois' } })
    expect(own('count', { count: 1 })).toBe('1 time')
  })
})
