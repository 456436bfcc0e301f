import { describe, expect, it } from 'vitest'
import { CUSTOMER, fakeContext, recordingClient, STAFF } from '../../test/fake-context.ts'
import type { ParleySession } from '../types/api.ts'
import { resumeConversation } from './resume-conversation.ts'
import { startConversation } from './start-conversation.ts'

const org = '11111111-1111-4111-8111-111111111111'
const token = 'D8DFB96614622F3F7C88EC9045E42BBA15CA824D4A4C4F85682DC281E98BCB37'

function setUp(session: ParleySession, data: unknown) {
  const server = fakeContext(session)
  const recorder = recordingClient(() => ({ data, error: null }))
  Object.assign(server.context, { supabase: () => recorder.client })
  return { context: server.context, calls: recorder.calls }
}

describe('startConversation', () => {
  it('sends trimmed named arguments and returns the token once', async () => {
    const { context, calls } = setUp(CUSTOMER, [{ conversation_id: 'c', access_token: 't' }])
    const started = await startConversation(context, {
      organization_id: org,
      customer_name: '  Ada ',
      customer_email: ' ada@example.com ',
      subject: ''
    })
    expect(started).toEqual({ conversation_id: 'c', access_token: 't' })
    expect(calls[0]).toMatchObject({
      rpc: 'start_conversation',
      args: {
        organization_id: org,
        customer_name: 'Ada',
        customer_email: 'ada@example.com',
        customer_phone: null,
        subject: null,
        warranty_id: null,
        claim_id: null
      }
    })
  })

  it('sends the page it was started on, and refuses one longer than the column', async () => {
    const { context, calls } = setUp(CUSTOMER, [{ conversation_id: 'c', access_token: 't' }])
    const input = { organization_id: org, customer_name: 'Ada', customer_email: 'ada@example.com' }
    await startConversation(context, { ...input, page_url: 'https://lavoie.example/financement?x=1' })
    expect(calls[0]?.args).toMatchObject({ page_url: 'https://lavoie.example/financement?x=1' })
    await startConversation(context, input)
    expect(calls[1]?.args).not.toHaveProperty('page_url')
    await expect(startConversation(context, { ...input, page_url: `https://x.example/${'a'.repeat(2000)}` })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    expect(calls).toHaveLength(2)
  })

  it('says UNKNOWN when the database returns no row', async () => {
    const { context } = setUp(CUSTOMER, [])
    await expect(
      startConversation(context, { organization_id: org, customer_name: 'Ada', customer_email: 'ada@example.com' })
    ).rejects.toMatchObject({ code: 'UNKNOWN' })
  })
})

describe('resumeConversation', () => {
  it('redeems a lower-cased token as the anonymous customer', async () => {
    const { context, calls } = setUp(CUSTOMER, [{ conversation_id: 'c', claim_id: null }])
    expect(await resumeConversation(context, ` ${token} `)).toEqual({ conversation_id: 'c', claim_id: null })
    expect(calls[0]).toMatchObject({ rpc: 'redeem_access_token', args: { token: token.toLowerCase() } })
  })

  it('refuses staff sessions and malformed tokens before the network', async () => {
    const staff = setUp(STAFF, [])
    await expect(resumeConversation(staff.context, token)).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    expect(staff.calls).toEqual([])
    await expect(resumeConversation(staff.context, 'abc')).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
  })
})
