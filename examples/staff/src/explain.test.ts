import { ParleyError, type ParleyErrorCode } from '@parley/core'
import { describe, expect, it } from 'vitest'
import { parleyErrorCodes } from '../../../packages/core/test/error-codes.ts'
import { explain } from './explain.ts'
import { TEXTS } from './texts.ts'

describe('the staff app’s refusals', () => {
  it.each(parleyErrorCodes())('%s has a sentence in English and in French', (code) => {
    expect(TEXTS.en.refusals[code as ParleyErrorCode]).toMatch(/\S/)
    expect(TEXTS['fr-CA'].refusals[code as ParleyErrorCode]).toMatch(/\S/)
    expect(TEXTS['fr-CA'].refusals[code as ParleyErrorCode]).not.toBe(TEXTS.en.refusals[code as ParleyErrorCode])
  })

  it('never shows core’s English message, and prefers the screen’s own sentence', () => {
    const fr = TEXTS['fr-CA']
    expect(explain(new ParleyError('LAST_ADMIN', 'Cannot remove the last active admin'), fr)).toBe(fr.refusals.LAST_ADMIN)
    expect(explain(new TypeError('x is undefined'), fr)).toBe(fr.refusals.UNKNOWN)
    expect(explain(new ParleyError('NOT_AUTHORIZED', 'Invalid login credentials'), fr, fr.signIn.refusals)).toBe(
      'Courriel ou mot de passe incorrect.'
    )
  })
})
