import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import { translator as staffTexts } from '../../packages/staff/src/base/i18n.ts'
import widgetEn from '../../packages/widget/src/i18n/en.ts'
import widgetFr from '../../packages/widget/src/i18n/fr-CA.ts'
import { statusLabel } from '../functions/_shared/email/strings.ts'

// A customer reads a claim's status in the widget, in e-mails and in push notifications, and
// staff in the claim tracker: the same status must have the same name everywhere.
const STATUSES = ['submitted', 'under_review', 'info_requested', 'approved', 'denied', 'in_repair', 'completed', 'closed'] as const
const widget = { en: widgetEn, 'fr-CA': widgetFr } as const

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db?.drop())

describe.each(['fr-CA', 'en'] as const)('claim status names, %s', (locale) => {
  it.each(STATUSES)('%s reads the same in the widget, e-mails, pushes and the staff elements', async (status) => {
    const word = widget[locale][`status.${status}`]
    expect(statusLabel(locale, status)).toBe(word)
    const { rows } = await db.pool.query('select private.claim_status_label($1, $2) as label', [status, locale])
    expect(rows[0].label).toBe(word)
    expect(staffTexts(locale)(`claim.${status}`)).toBe(word.toLocaleLowerCase(locale))
  })
})
