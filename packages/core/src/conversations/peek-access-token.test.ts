import { describe, expect, it } from 'vitest'
import { CUSTOMER, fakeContext, recordingClient, STAFF } from '../../test/fake-context.ts'
import type { ParleySession } from '../types/api.ts'
import { peekAccessToken } from './peek-access-token.ts'

const token = 'D8DFB96614622F3F7C88EC9045E42BBA15CA824D4A4C4F85682DC281E98BCB37'

function setUp(session: ParleySession, data: unknown) {
  const server = fakeContext(session)
  const recorder = recordingClient(() => ({ data, error: null }))
  Object.assign(server.context, { supabase: () => recorder.client })
  return { context: server.context, calls: recorder.calls }
}

describe('peekAccessToken', () => {
  it('reads what a lower-cased token opens, without redeeming it', async () => {
    const row = { kind: 'conversation', organization_name: 'Garage Tremblay', subject: 'Brakes', claim_number: null }
    const { context, calls } = setUp(CUSTOMER, [row])
    expect(await peekAccessToken(context, ` ${token} `)).toEqual(row)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ rpc: 'peek_access_token', args: { token: token.toLowerCase() } })
  })

  it('is null for a wrong or revoked token (the database returns no row)', async () => {
    const { context } = setUp(CUSTOMER, [])
    expect(await peekAccessToken(context, token)).toBeNull()
  })

  it('refuses staff sessions and malformed tokens before the network', async () => {
    const staff = setUp(STAFF, [])
    await expect(peekAccessToken(staff.context, token)).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    await expect(peekAccessToken(staff.context, 'abc')).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
    expect(staff.calls).toEqual([])
  })
})
