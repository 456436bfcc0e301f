// Identity verification through @parley/core over the local stack with unmodified supabase-js:
// the admin creates the secret, a "dealer server" signs the e-mail with node:crypto, the
// customer's conversation is marked verified, and wrong signatures are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIdentity as sign } from '../../../supabase/tests/sign-identity.ts'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
import { createParley, type Parley, ParleyError } from '../src/index.ts'
import { DEMO } from './helpers.ts'

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
    const { conversation_id } = await bo.startConversation({
      organization_id: DEMO.organizationId,
      customer_name: 'Bo',
      customer_email: 'bo@example.com'
    })
    expect(await verifiedAt(conversation_id)).toBeNull()
    await bo.updateCustomerDetails(conversation_id, {
      customer_name: 'Bo',
      customer_email: 'bo@example.com',
      customer_signature: sign(secret, 'bo@example.com')
    })
    expect(await verifiedAt(conversation_id)).toEqual(expect.any(String))
    await bo.updateCustomerDetails(conversation_id, { customer_name: 'Bo', customer_email: 'bo.other@example.com' })
    expect(await verifiedAt(conversation_id)).toBeNull()
  })

  it('when required, an e-mail without a signature is refused; a rotation kills old signatures', async () => {
    await admin.setIdentityVerificationRequired(DEMO.organizationId, true)
    expect(await admin.identityVerificationStatus(DEMO.organizationId)).toMatchObject({ configured: true, required: true })
    try {
      const cy = customer()
      const input = { organization_id: DEMO.organizationId, customer_name: 'Cy', customer_email: 'cy@example.com' }
      expect(hintOf(await refusal(cy.startConversation(input)))).toBe('IDENTITY_INVALID')
      const oldSignature = sign(secret, 'cy@example.com')
      const before = await admin.identityVerificationStatus(DEMO.organizationId)
      const rotated = await admin.rotateIdentitySecret(DEMO.organizationId)
      expect(rotated).toMatch(/^[0-9a-f]{64}$/)
      expect(rotated).not.toBe(secret)
      secret = rotated
      expect(Date.parse((await admin.identityVerificationStatus(DEMO.organizationId)).rotated_at!)).toBeGreaterThan(
        Date.parse(before.rotated_at!)
      )
      expect(hintOf(await refusal(cy.startConversation({ ...input, customer_signature: oldSignature })))).toBe('IDENTITY_INVALID')
      const { conversation_id } = await cy.startConversation({ ...input, customer_signature: sign(secret, 'cy@example.com') })
      expect(await verifiedAt(conversation_id)).toEqual(expect.any(String))
    } finally {
      await admin.setIdentityVerificationRequired(DEMO.organizationId, false)
    }
  })

  it('an agent cannot rotate the secret or change the requirement, and reads only the status', async () => {
    expect(await refusal(agent.rotateIdentitySecret(DEMO.organizationId))).toMatchObject({ code: 'NOT_AUTHORIZED', status: 403 })
    expect(await refusal(agent.setIdentityVerificationRequired(DEMO.organizationId, true))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      status: 403
    })
    const status = await agent.identityVerificationStatus(DEMO.organizationId)
    expect(status).toEqual({ configured: true, required: false, rotated_at: expect.any(String) })
    expect(JSON.stringify(status)).not.toContain(secret)
  })

  it('outsiders learn nothing, and bad input fails before any request', async () => {
    const stranger = customer()
    await stranger.startConversation({ organization_id: DEMO.organizationId, customer_name: 'Sam', customer_email: 'sam@example.com' })
    expect(await refusal(stranger.identityVerificationStatus(DEMO.organizationId))).toMatchObject({ code: 'NOT_FOUND' })
    expect(await refusal(stranger.rotateIdentitySecret(DEMO.organizationId))).toMatchObject({ code: 'NOT_FOUND' })
    expect(await refusal(admin.rotateIdentitySecret('lavoie'))).toMatchObject({ code: 'INVALID_INPUT', status: undefined })
    expect(await refusal(admin.setIdentityVerificationRequired(DEMO.organizationId, 'yes' as never))).toMatchObject({
      code: 'INVALID_INPUT',
      status: undefined
    })
  })
})
