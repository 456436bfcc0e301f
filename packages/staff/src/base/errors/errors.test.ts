import { ParleyError, type ParleyErrorCode } from '@parley/core'
import { describe, expect, it } from 'vitest'
import { parleyErrorCodes } from '../../../../core/test/error-codes.ts'
import en from './en.ts'
import frCA from './fr-CA.ts'
import { errorText, loadErrorTexts } from './index.ts'

describe('staff refusal sentences', () => {
  it.each(parleyErrorCodes())('%s has a sentence in English and in French', (code) => {
    expect(en[code as ParleyErrorCode]).toMatch(/\S/)
    expect(frCA[code as ParleyErrorCode]).toMatch(/\S/)
    expect(frCA[code as ParleyErrorCode]).not.toBe(en[code as ParleyErrorCode])
  })

  it('words a failure in the element’s language, never with core’s message', async () => {
    await Promise.all([loadErrorTexts('en'), loadErrorTexts('fr-CA')])
    const error = new ParleyError('LAST_ADMIN', 'Cannot remove the last active admin')
    expect(errorText('fr-CA', error)).toBe('L’équipe doit garder au moins un administrateur actif.')
    expect(errorText('en', new Error('chunk failed'))).toBe('Something went wrong: try again.')
  })
})
