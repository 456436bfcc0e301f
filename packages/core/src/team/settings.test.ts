import { describe, expect, it } from 'vitest'
import { ParleyError } from '../errors/parley-error.ts'
import { checkBusinessHours, checkSettings } from './settings.ts'

describe('organization settings checks', () => {
  it('accepts a weekly schedule and refuses what the database refuses', () => {
    expect(
      checkBusinessHours({
        mon: [
          ['09:00', '12:00'],
          ['13:00', '24:00']
        ],
        sun: []
      })
    ).toBeTruthy()
    for (const bad of [
      [],
      { funday: [] },
      { mon: [['9:00', '12:00']] },
      { mon: [['12:00', '09:00']] },
      {
        mon: [
          ['09:00', '12:00'],
          ['11:00', '13:00']
        ]
      },
      { mon: [['a', 'b', 'c']] }
    ]) {
      expect(() => checkBusinessHours(bad)).toThrow(ParleyError)
    }
  })

  it('checks each setting and refuses unknown keys and empty changes', () => {
    expect(checkSettings({ widget_color: '#AABBCC', logo_url: null, email_claim_updates: true })).toEqual({
      widget_color: '#AABBCC',
      logo_url: null,
      email_claim_updates: true
    })
    expect(() => checkSettings({ widget_color: 'red' })).toThrow(/#rrggbb/)
    expect(() => checkSettings({ logo_url: 'http://insecure.test/logo.png' })).toThrow(/https/)
    expect(() => checkSettings({ slug: 'x' } as never)).toThrow(/not an organization setting/)
    expect(() => checkSettings({})).toThrow(/at least one/)
    expect(() => checkSettings({ email_missed_reply_minutes: -1 })).toThrow(/0 to 10080/)
  })
})
