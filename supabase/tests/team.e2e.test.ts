import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../packages/local/test/stack.ts'

// Attacks on the team tables and RPCs over REST with unmodified supabase-js: anonymous
// customers, agents and other dealers' admins against the seeded dealer.
const ORG = '11111111-1111-4111-8111-111111111111'
const JULIE = '22222222-2222-4222-8222-222222222202'

let stack: TestStack
let nathalie: SupabaseClient
let julie: SupabaseClient
let customer: SupabaseClient
let rival: SupabaseClient

async function signIn(email: string): Promise<SupabaseClient> {
  const client = stack.client()
  expect((await client.auth.signInWithPassword({ email, password: 'parley-demo' })).error).toBeNull()
  return client
}

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  nathalie = await signIn('admin@lavoie.demo')
  julie = await signIn('julie@lavoie.demo')
  customer = stack.client()
  expect((await customer.auth.signInAnonymously()).error).toBeNull()
  rival = stack.client()
  expect((await rival.auth.signUp({ email: `${randomUUID()}@rival.test`, password: 'a-long-password-1' })).error).toBeNull()
  const created = await rival.rpc('create_organization', { name: 'Rival Motors', slug: `rival-${randomUUID().slice(0, 8)}` })
  expect(created.error).toBeNull()
  expect(
    (await nathalie.rpc('invite_member', { organization_id: ORG, email: `${randomUUID()}@invitee.test`, role: 'admin' })).error
  ).toBeNull()
})
afterAll(() => stack?.stop())

describe('team attacks over REST', () => {
  it('nobody but the organization’s admins reads its invitations, outbox or suppressions', async () => {
    expect((await nathalie.from('invitations').select('id').eq('organization_id', ORG)).data).toHaveLength(1)
    expect((await nathalie.from('email_outbox').select('id, kind').eq('organization_id', ORG)).data!.length).toBeGreaterThan(0)
    for (const client of [julie, customer, rival]) {
      for (const table of ['invitations', 'email_outbox', 'email_suppressions'] as const) {
        const { data } = await client.from(table).select('id').eq('organization_id', ORG)
        expect(data ?? []).toEqual([])
      }
    }
    const anon = stack.client()
    expect((await anon.from('invitations').select('id')).error?.code).toBe('42501')
  })

  it('nobody writes invitations or profiles directly, and a member cannot reactivate themself', async () => {
    const forged = await rival.from('invitations').insert({ organization_id: ORG, email: 'me@rival.test', role: 'admin' })
    expect(forged.error?.code).toBe('42501')
    const rivalId = (await rival.auth.getUser()).data.user!.id
    const enrol = await nathalie.from('profiles').insert({ id: rivalId, organization_id: ORG, role: 'agent', display_name: 'Hostage' })
    expect(enrol.error?.code).toBe('42501')
    const invite = await rival.rpc('invite_member', { organization_id: ORG, email: 'spy@rival.test', role: 'admin' })
    expect(invite.error?.hint).toBe('NOT_AUTHORIZED')
    const fromCustomer = await customer.rpc('create_organization', { name: 'Anon Motors', slug: `anon-${randomUUID().slice(0, 8)}` })
    expect(fromCustomer.error?.hint).toBe('NOT_AUTHORIZED')

    expect((await nathalie.rpc('deactivate_member', { member_id: JULIE })).error).toBeNull()
    const self = await julie.from('profiles').update({ is_active: true }).eq('id', JULIE).select('id')
    expect(self.data ?? []).toEqual([])
    expect((await julie.from('chat_conversations').select('id')).data).toEqual([])
    const viaAdmin = await nathalie.from('profiles').update({ is_active: true }).eq('id', JULIE)
    expect(viaAdmin.error?.hint).toBe('NOT_AUTHORIZED')
    expect((await nathalie.rpc('reactivate_member', { member_id: JULIE })).error).toBeNull()
    expect((await julie.from('chat_conversations').select('id')).data!.length).toBeGreaterThan(0)
  })

  it('the last admin cannot demote or deactivate themself over the API', async () => {
    const me = (await nathalie.auth.getUser()).data.user!.id
    expect((await nathalie.rpc('change_member_role', { member_id: me, role: 'agent' })).error?.hint).toBe('LAST_ADMIN')
    expect((await nathalie.from('profiles').update({ role: 'agent' }).eq('id', me)).error?.hint).toBe('LAST_ADMIN')
    expect((await nathalie.rpc('deactivate_member', { member_id: me })).error?.hint).toBe('LAST_ADMIN')
  })
})
