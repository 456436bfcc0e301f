import { describe, expect, it } from 'vitest'
import { CUSTOMER, fakeContext, recordingClient } from '../../test/fake-context.ts'
import { startConversation } from './start-conversation.ts'
import { updateCustomerDetails } from './update-customer-details.ts'

const org = '11111111-1111-4111-8111-111111111111'
const conversation = '66666666-6666-4666-8666-666666666601'
const signature = 'A'.repeat(32) + '0123456789abcdef'.repeat(2)

function setUp(data: unknown) {
  const server = fakeContext(CUSTOMER)
  const recorder = recordingClient(() => ({ data, error: null }))
  Object.assign(server.context, { supabase: () => recorder.client })
  return { context: server.context, calls: recorder.calls }
}

const input = { organization_id: org, customer_name: 'Ada', customer_email: 'ada@example.com' }
const details = { customer_name: 'Ada', customer_email: 'ada@example.com' }

describe('customer_signature', () => {
  it('is sent lower-cased to start_conversation and update_customer_details', async () => {
    const { context, calls } = setUp([{ conversation_id: 'c', access_token: 't' }])
    await startConversation(context, { ...input, customer_signature: ` ${signature} ` })
    await updateCustomerDetails(context, conversation, { ...details, customer_signature: signature })
    expect(calls.map((call) => [call.rpc, (call.args as Record<string, unknown>).customer_signature])).toEqual([
      ['start_conversation', signature.toLowerCase()],
      ['update_customer_details', signature.toLowerCase()]
    ])
  })

  it('is left out of the arguments when absent, null or empty', async () => {
    const { context, calls } = setUp([{ conversation_id: 'c', access_token: 't' }])
    await startConversation(context, input)
    await startConversation(context, { ...input, customer_signature: null })
    await updateCustomerDetails(context, conversation, { ...details, customer_signature: '' })
    for (const call of calls) expect(call.args).not.toHaveProperty('customer_signature')
  })

  it('refuses anything but 64 hex characters with INVALID_INPUT before the network', async () => {
    const { context, calls } = setUp([])
    for (const bad of ['abc', 'g'.repeat(64), `${signature}0`, 42, {}]) {
      await expect(startConversation(context, { ...input, customer_signature: bad as string })).rejects.toMatchObject({
        name: 'ParleyError',
        code: 'INVALID_INPUT',
        message: expect.stringContaining('customer_signature')
      })
      await expect(updateCustomerDetails(context, conversation, { ...details, customer_signature: bad as string })).rejects.toMatchObject({
        code: 'INVALID_INPUT'
      })
    }
    expect(calls).toEqual([])
  })
})
