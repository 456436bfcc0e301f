import { beforeEach, describe, expect, it } from 'vitest'
import { titleBadge } from './attention.ts'
import { prefixedStorage, visitorStorage } from './visitor-storage.ts'

beforeEach(() => localStorage.clear())

describe('visitor storage', () => {
  it('writes nothing until asked, then keeps everything under the organization prefix', () => {
    const visitor = visitorStorage('org-1')
    expect(visitor.read()).toEqual({ tokens: {}, active: null, sound: false, pushDismissed: false, pushId: null })
    expect(localStorage.length).toBe(0)
    visitor.write({ sound: true })
    visitor.write({ tokens: { c1: 't1' } })
    expect(visitor.read()).toMatchObject({ sound: true, tokens: { c1: 't1' } })
    prefixedStorage(visitor.store, `${visitor.prefix}core:`)!.setItem('outbox', '[]')
    localStorage.setItem('parley:org-2', '{}')
    expect(Object.keys(localStorage).sort()).toEqual(['parley:org-1', 'parley:org-1:core:outbox', 'parley:org-2'])
  })

  it('clear forgets this organization only', () => {
    const visitor = visitorStorage('org-1')
    visitor.write({ sound: true })
    localStorage.setItem('parley:org-1:auth', '{}')
    localStorage.setItem('parley:org-10', '{}')
    visitor.clear()
    expect(Object.keys(localStorage)).toEqual(['parley:org-10'])
  })

  it('survives a corrupt record', () => {
    localStorage.setItem('parley:org-1', '{not json')
    expect(visitorStorage('org-1').read().tokens).toEqual({})
  })
})

describe('title badge', () => {
  it('prefixes the unread count and restores the page title', () => {
    document.title = 'Garantie'
    titleBadge(3)
    expect(document.title).toBe('(3) Garantie')
    titleBadge(120)
    expect(document.title).toBe('(99+) Garantie')
    titleBadge(0)
    expect(document.title).toBe('Garantie')
  })
})
