import { describe, expect, it } from 'vitest'
import type { ReplyTemplate } from '../types/api.ts'
import { matchReplyTemplates } from './match-reply-templates.ts'

function template(shortcut: string, title: string, owner_id: string | null = null): ReplyTemplate {
  return {
    id: shortcut,
    organization_id: 'org',
    owner_id,
    title,
    shortcut,
    body_fr: 'x',
    body_en: '',
    created_at: '2026-11-24T00:00:00Z',
    updated_at: '2026-11-24T00:00:00Z'
  }
}

const templates = [
  template('/rdv', 'Prendre un rendez-vous'),
  template('/garantie', 'Garantie prolongée'),
  template('/suivi', 'Suivi de réclamation de garantie'),
  template('/garantie', 'Ma garantie', 'me'),
  template('/merci', 'Remerciements')
]

describe('matchReplyTemplates', () => {
  it('puts shortcut prefixes first, personal before shared, then title words, then anywhere', () => {
    expect(matchReplyTemplates(templates, '/gar').map((t) => [t.shortcut, t.owner_id])).toEqual([
      ['/garantie', 'me'],
      ['/garantie', null],
      ['/suivi', null]
    ])
  })

  it('ignores accents and case, with or without the slash', () => {
    expect(matchReplyTemplates(templates, 'RECLAMATION').map((t) => t.shortcut)).toEqual(['/suivi'])
    expect(matchReplyTemplates(templates, 'rdv').map((t) => t.shortcut)).toEqual(['/rdv'])
    expect(matchReplyTemplates(templates, 'endez').map((t) => t.shortcut)).toEqual(['/rdv'])
  })

  it('returns everything for an empty query or a lone slash, nothing for no match', () => {
    expect(matchReplyTemplates(templates, '')).toHaveLength(5)
    expect(matchReplyTemplates(templates, ' / ')).toHaveLength(5)
    expect(matchReplyTemplates(templates, '/zzz')).toEqual([])
  })
})
