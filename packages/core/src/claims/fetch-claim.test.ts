import { describe, expect, it } from 'vitest'
import type { ParleyCustomer } from '../types/api.ts'
import { fetchClaim } from './fetch-claim.ts'

const CLAIM = '6f1c1a52-4a5e-4c55-9b8e-1f6f0e0c2a01'

/** A supabase-js stand-in answering `from(table).select(columns).eq(column, value).maybeSingle()`. */
function fakeParley(result: { data: unknown; error: unknown }) {
  const asked: unknown[] = []
  const supabase = {
    from: (table: string) => ({
      select: (columns: string) => ({
        eq: (column: string, value: string) => ({
          maybeSingle: () => {
            asked.push({ table, columns, column, value })
            return Promise.resolve(result)
          }
        })
      })
    })
  }
  return { parley: { supabase } as unknown as Pick<ParleyCustomer, 'supabase'>, asked }
}

describe('fetchClaim', () => {
  it('reads the claim row with only the columns its customer is shown', async () => {
    const row = {
      id: CLAIM,
      claim_number: 'RC-2026-0042',
      status: 'under_review',
      customer_name: 'Ada Roy',
      customer_email: 'ada@example.com'
    }
    const { parley, asked } = fakeParley({ data: row, error: null })
    expect(await fetchClaim(parley, CLAIM)).toEqual(row)
    expect(asked).toEqual([
      { table: 'claims', columns: 'id, claim_number, status, customer_name, customer_email', column: 'id', value: CLAIM }
    ])
  })

  it('a claim the caller may not read is NOT_FOUND, a malformed id INVALID_INPUT before any request', async () => {
    const { parley, asked } = fakeParley({ data: null, error: null })
    await expect(fetchClaim(parley, CLAIM)).rejects.toMatchObject({ name: 'ParleyError', code: 'NOT_FOUND' })
    await expect(fetchClaim(parley, 'RC-2026-0042')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(asked).toHaveLength(1)
  })

  it('a failed request is a ParleyError, not a raw PostgREST error', async () => {
    const { parley } = fakeParley({ data: null, error: { message: 'JWT expired', code: 'PGRST301' } })
    await expect(fetchClaim(parley, CLAIM)).rejects.toMatchObject({ name: 'ParleyError' })
  })
})
