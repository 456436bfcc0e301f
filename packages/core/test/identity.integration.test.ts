// Identity verification through @parley/core over the local stack with unmodified supabase-js:
// the admin creates the secret, a "dealer server" signs the e-mail with node:crypto, the
// customer's conversation is marked verified, and wrong signatures are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
import { createParley, ParleyError, type Parley } from '../src/index.ts'
import { DEMO } from './helpers.ts'
import { signIdentity as sign } from '../../../supabase/tests/sign-identity.ts'

let stack: TestStack
let admin: Parley
let agent: Parley
let secret: string
const clients: Parley[] = []

function customer(): Parley {
  const parley = createParley({ supabase: stack.client() }, { storage: null })
  clients.push(parley)
  return parley
}

async function verifiedAt(conversationId: string): Promise<string | null> {
  const { data, error } = await agent.supabase.from('chat_conversations').select('customer_verified_at').eq('id', conversationId).single()
  if (error) throw error
  return data.customer_verified_at
}

async function refusal(work: Promise<unknown>): Promise<ParleyError> {
  const error = await work.then(
    () => undefined,
    (failure: unknown) => failure
  )
  if (!(error instanceof ParleyError)) throw new Error(`expected a ParleyError, got ${String(error)}`)
  return error
}

const hintOf = (error: ParleyError) => (error.cause as { hint?: string } | undefined)?.hint

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  admin = createParley({ supabase: stack.client() }, { storage: null })
  agent = createParley({ supabase: stack.client() }, { storage: null })
  await admin.signIn({ email: DEMO.admin.email, password: DEMO.admin.password })
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  const { data, error } = await admin.supabase.rpc('rotate_identity_secret', { organization_id: DEMO.organizationId })
  if (error) throw error
  secret = data
})

afterAll(async () => {
  for (const parley of [admin, agent, ...clients]) await parley?.destroy()
  await stack?.stop()
})

describe('identity verification through core', () => {
  it('a valid signature on startConversation marks the conversation verified for staff', async () => {
    const ada = customer()
    const { conversation_id } = await ada.startConversation({
      organization_id: DEMO.organizationId,
      customer_name: 'Ada Roy',
      customer_email: 'Ada@Example.com',
      customer_signature: sign(secret, 'Ada@Example.com')
    })
    expect(await verifiedAt(conversation_id)).toEqual(expect.any(String))
    const [mine] = await ada.listConversations()
    expect(mine).not.toHaveProperty('customer_verified_at')
  })

  it('a wrong signature is a ParleyError with status 403 and hint IDENTITY_INVALID', async () => {
    const eve = customer()
    const error = await refusal(
      eve.startConversation({
        organization_id: DEMO.organizationId,
        customer_name: 'Eve',
        customer_email: 'ada@example.com',
        customer_signature: sign(secret, 'eve@example.com')
      })
    )
    expect({ status: error.status, hint: hintOf(error), message: error.message }).toEqual({
      status: 403,
      hint: 'IDENTITY_INVALID',
      message: 'customer_signature does not match customer_email'
    })
    expect(await eve.listConversations()).toEqual([])
  })

  it('updateCustomerDetails verifies later, and a new e-mail without a signature clears the mark', async () => {
    const bo = customer()
    const { conversation_id } = await bo.startConversation({ organization_id: DEMO.organizationId, customer_name: 'Bo', customer_email: 'bo@example.com' })
    expect(await verifiedAt(conversation_id)).toBeNull()
    await bo.updateCustomerDetails(conversation_id, { customer_name: 'Bo', customer_email: 'bo@example.com', customer_signature: sign(secret, 'bo@example.com') })
    expect(await verifiedAt(conversation_id)).toEqual(expect.any(String))
    await bo.updateCustomerDetails(conversation_id, { customer_name: 'Bo', customer_email: 'bo.other@example.com' })
    expect(await verifiedAt(conversation_id)).toBeNull()
  })

  it('when required, an e-mail without a signature is refused; a rotation kills old signatures', async () => {
    const required = await admin.supabase.rpc('set_identity_verification_required', { organization_id: DEMO.organizationId, required: true })
    expect(required.error).toBeNull()
    try {
      const cy = customer()
      const input = { organization_id: DEMO.organizationId, customer_name: 'Cy', customer_email: 'cy@example.com' }
      expect(hintOf(await refusal(cy.startConversation(input)))).toBe('IDENTITY_INVALID')
      const oldSignature = sign(secret, 'cy@example.com')
      const rotated = await admin.supabase.rpc('rotate_identity_secret', { organization_id: DEMO.organizationId })
      expect(rotated.error).toBeNull()
      secret = rotated.data!
      expect(hintOf(await refusal(cy.startConversation({ ...input, customer_signature: oldSignature })))).toBe('IDENTITY_INVALID')
      const { conversation_id } = await cy.startConversation({ ...input, customer_signature: sign(secret, 'cy@example.com') })
      expect(await verifiedAt(conversation_id)).toEqual(expect.any(String))
    } finally {
      await admin.supabase.rpc('set_identity_verification_required', { organization_id: DEMO.organizationId, required: false })
    }
  })

  it('an agent cannot rotate the secret or change the requirement, and reads only the status', async () => {
    const rotate = await agent.supabase.rpc('rotate_identity_secret', { organization_id: DEMO.organizationId })
    expect({ status: rotate.status, hint: rotate.error?.hint }).toEqual({ status: 403, hint: 'NOT_AUTHORIZED' })
    const toggle = await agent.supabase.rpc('set_identity_verification_required', { organization_id: DEMO.organizationId, required: true })
    expect({ status: toggle.status, hint: toggle.error?.hint }).toEqual({ status: 403, hint: 'NOT_AUTHORIZED' })
    const status = await agent.supabase.rpc('identity_verification_status', { organization_id: DEMO.organizationId }).single()
    expect(status.data).toEqual({ configured: true, required: false, rotated_at: expect.any(String) })
    expect(JSON.stringify(status.data)).not.toContain(secret)
  })
})
