import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../packages/local/test/stack.ts'
import { type Actor, anonymousCustomer, createStaff, JULIE, LAVOIE, LAVOIE_ADMIN, serviceClient, signIn } from './attack-fixtures.ts'
import { signIdentity as sign } from './sign-identity.ts'

// Identity verification over the wire with unmodified supabase-js: what a dealer's page and
// server do, and every way a customer or the wrong staff member might forge or steal it.

let stack: TestStack
let service: SupabaseClient
let admin: Actor
let agent: Actor
let operations: Actor
let org2: { id: string; admin: Actor }
let secret: string

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  service = serviceClient(stack)
  const inserted = await service
    .from('organizations')
    .insert({ name: 'Concession Rivière', slug: 'riviere-identity' })
    .select('id')
    .single()
  if (inserted.error) throw inserted.error
  const org2Id = inserted.data.id as string
  ;[admin, agent, operations] = await Promise.all([
    signIn(stack, LAVOIE_ADMIN.email),
    signIn(stack, JULIE.email),
    createStaff(stack, service, LAVOIE, 'operations', 'Olivier Opérations')
  ])
  org2 = { id: org2Id, admin: await createStaff(stack, service, org2Id, 'admin', 'Rita Rivière') }
  const rotated = await admin.client.rpc('rotate_identity_secret', { organization_id: LAVOIE })
  if (rotated.error) throw rotated.error
  secret = rotated.data as string
})
afterAll(() => stack?.stop())

async function start(customer: Actor, organizationId: string, email: string, signature?: string) {
  return customer.client
    .rpc('start_conversation', {
      organization_id: organizationId,
      customer_name: 'Ada Roy',
      customer_email: email,
      ...(signature === undefined ? {} : { customer_signature: signature })
    })
    .single<{ conversation_id: string; access_token: string }>()
}

async function row(id: string): Promise<Record<string, unknown>> {
  const { rows } = await stack.db.pool.query('select * from public.chat_conversations where id = $1', [id])
  return rows[0]
}

async function startVerified(email = 'ada@example.com'): Promise<{ customer: Actor; id: string }> {
  const customer = await anonymousCustomer(stack)
  const started = await start(customer, LAVOIE, email, sign(secret, email))
  if (started.error) throw started.error
  return { customer, id: started.data.conversation_id }
}

describe('identity verification over REST', () => {
  it('valid signature: verified, readable by staff, absent from the customer projection', async () => {
    const { customer, id } = await startVerified()
    const staffView = await agent.client.from('chat_conversations').select('customer_verified_at').eq('id', id).single()
    expect(staffView.data?.customer_verified_at).toEqual(expect.any(String))
    const own = await customer.client.from('customer_conversations').select('*').eq('id', id).single()
    expect(own.error).toBeNull()
    expect(own.data).not.toHaveProperty('customer_verified_at')
    const asked = await customer.client.from('customer_conversations').select('customer_verified_at')
    expect(asked.error?.code).toBe('42703')
  })

  it('wrong signature: HTTP 403, hint IDENTITY_INVALID, nothing created', async () => {
    const customer = await anonymousCustomer(stack)
    const refused = await start(customer, LAVOIE, 'ada@example.com', sign(secret, 'eve@example.com'))
    expect({ status: refused.status, code: refused.error?.code, hint: refused.error?.hint, message: refused.error?.message }).toEqual({
      status: 403,
      code: 'PT403',
      hint: 'IDENTITY_INVALID',
      message: 'customer_signature does not match customer_email'
    })
    const { rows } = await stack.db.pool.query('select count(*)::int as n from public.chat_conversations where created_by = $1', [
      customer.id
    ])
    expect(rows[0].n).toBe(0)
  })

  it('required and missing: refused in this organization, another organization unaffected', async () => {
    const on = await admin.client.rpc('set_identity_verification_required', { organization_id: LAVOIE, required: true })
    expect(on.error).toBeNull()
    try {
      const customer = await anonymousCustomer(stack)
      const refused = await start(customer, LAVOIE, 'ada@example.com')
      expect({ status: refused.status, hint: refused.error?.hint }).toEqual({ status: 403, hint: 'IDENTITY_INVALID' })
      const elsewhere = await start(customer, org2.id, 'ada@example.com')
      expect(elsewhere.error).toBeNull()
      expect((await row(elsewhere.data!.conversation_id)).customer_verified_at).toBeNull()
      // Lavoie's signature means nothing to Rivière, which has no secret.
      const crossed = await start(customer, org2.id, 'ada@example.com', sign(secret, 'ada@example.com'))
      expect(crossed.error?.hint).toBe('IDENTITY_INVALID')
    } finally {
      await admin.client.rpc('set_identity_verification_required', { organization_id: LAVOIE, required: false })
    }
  })

  it('rotation: the old secret’s signatures are refused, the new one’s accepted', async () => {
    const old = sign(secret, 'ada@example.com')
    const rotated = await admin.client.rpc('rotate_identity_secret', { organization_id: LAVOIE })
    expect(rotated.error).toBeNull()
    secret = rotated.data as string
    const customer = await anonymousCustomer(stack)
    expect((await start(customer, LAVOIE, 'ada@example.com', old)).error?.hint).toBe('IDENTITY_INVALID')
    expect((await start(customer, LAVOIE, 'ada@example.com', sign(secret, 'ada@example.com'))).error).toBeNull()
  })
})

describe('the secret', () => {
  it('non-admin staff cannot rotate it or change the requirement; other organizations and customers learn nothing', async () => {
    const customer = await anonymousCustomer(stack)
    const before = await stack.db.pool.query('select * from private.identity_verification order by organization_id')
    for (const [who, actor, status, hint] of [
      ['agent', agent, 403, 'NOT_AUTHORIZED'],
      ['operations', operations, 403, 'NOT_AUTHORIZED'],
      ['org 2 admin', org2.admin, 404, 'NOT_FOUND'],
      ['customer', customer, 404, 'NOT_FOUND']
    ] as const) {
      const rotate = await actor.client.rpc('rotate_identity_secret', { organization_id: LAVOIE })
      expect({ who, status: rotate.status, hint: rotate.error?.hint, data: rotate.data }).toEqual({ who, status, hint, data: null })
      const toggle = await actor.client.rpc('set_identity_verification_required', { organization_id: LAVOIE, required: true })
      expect({ who, status: toggle.status, hint: toggle.error?.hint }).toEqual({ who, status, hint })
    }
    const after = await stack.db.pool.query('select * from private.identity_verification order by organization_id')
    expect(after.rows).toEqual(before.rows)
  })

  it('the anon key alone executes none of the identity RPCs', async () => {
    const anon = stack.client()
    for (const [name, args] of [
      ['rotate_identity_secret', { organization_id: LAVOIE }],
      ['set_identity_verification_required', { organization_id: LAVOIE, required: false }],
      ['identity_verification_status', { organization_id: LAVOIE }],
      ['update_customer_details', { conversation_id: LAVOIE, customer_signature: '0'.repeat(64) }]
    ] as const) {
      const result = await anon.rpc(name, args)
      expect({ name, code: result.error?.code, status: result.status }).toEqual({ name, code: '42501', status: 401 })
    }
  })

  it('no API role reads it through REST, service_role included', async () => {
    for (const client of [admin.client, service]) {
      const direct = await client.schema('private').from('identity_verification').select('*')
      expect(direct.data).toBeNull()
      expect(direct.error).not.toBeNull()
      const status = await client.rpc('identity_verification_status', { organization_id: LAVOIE })
      expect(JSON.stringify(status.data ?? null)).not.toContain(secret)
    }
  })
})

describe('customers cannot forge verification', () => {
  it('not by a direct write to the table or the view', async () => {
    const customer = await anonymousCustomer(stack)
    const started = await start(customer, LAVOIE, 'ada@example.com')
    const id = started.data!.conversation_id
    const before = await row(id)
    const patched = await customer.client
      .from('chat_conversations')
      .update({ customer_verified_at: new Date().toISOString() })
      .eq('id', id)
      .select('id')
    expect(patched.data ?? []).toEqual([])
    // The projection has no such column and is not writable at all.
    const viaView = await customer.client
      .from('customer_conversations')
      .update({ customer_verified_at: new Date().toISOString() })
      .eq('id', id)
    expect(viaView.error).not.toBeNull()
    const inserted = await customer.client
      .from('chat_conversations')
      .insert({
        organization_id: LAVOIE,
        customer_name: 'Ada',
        customer_email: 'ada@example.com',
        customer_verified_at: new Date().toISOString()
      })
    expect(inserted.error?.code).toBe('42501')
    expect(await row(id)).toEqual(before)
  })

  it('not through an RPC: no such argument, a wrong signature, or a signature for another e-mail', async () => {
    const { customer, id } = await startVerified()
    const before = await row(id)
    const extra = await customer.client.rpc('update_customer_details', {
      conversation_id: id,
      customer_verified_at: new Date().toISOString()
    })
    expect(extra.error).not.toBeNull()
    const wrong = await customer.client.rpc('update_customer_details', {
      conversation_id: id,
      customer_email: 'eve@example.com',
      customer_signature: sign(secret, 'ada@example.com')
    })
    expect({ status: wrong.status, hint: wrong.error?.hint }).toEqual({ status: 403, hint: 'IDENTITY_INVALID' })
    expect(await row(id)).toEqual(before)
    // Switching to another e-mail without its signature drops the mark.
    const switched = await customer.client.rpc('update_customer_details', { conversation_id: id, customer_email: 'eve@example.com' })
    expect(switched.error).toBeNull()
    expect((await row(id)).customer_verified_at).toBeNull()
  })

  it('staff cannot set it either; a staff e-mail change clears it', async () => {
    const { id } = await startVerified()
    const forged = await agent.client.from('chat_conversations').update({ customer_verified_at: null }).eq('id', id)
    expect({ status: forged.status, hint: forged.error?.hint }).toEqual({ status: 403, hint: 'NOT_AUTHORIZED' })
    expect((await row(id)).customer_verified_at).not.toBeNull()
    const changed = await agent.client.from('chat_conversations').update({ customer_email: 'ada.roy@example.com' }).eq('id', id)
    expect(changed.error).toBeNull()
    expect((await row(id)).customer_verified_at).toBeNull()
  })
})
