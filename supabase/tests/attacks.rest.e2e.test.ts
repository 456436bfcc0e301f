import { randomBytes, randomUUID } from 'node:crypto'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  anonClient,
  anonymousCustomer,
  buildWorld,
  JULIE,
  LAVOIE,
  LAVOIE_ADMIN,
  query,
  refusal,
  SEED_CLAIM,
  SEED_CONVERSATION,
  send,
  snapshot,
  startCustomer,
  unchanged,
  type World
} from './attack-fixtures.ts'

// Attacks through PostgREST with unmodified supabase-js: every refusal is checked on the
// wire AND against the database (superuser pool), which must be exactly as before.

let world: World
beforeAll(async () => {
  world = await buildWorld()
})
afterAll(() => world?.stack.stop())

const CHAT_TABLES = [
  'chat_conversations',
  'chat_messages',
  'typing_indicators',
  'conversation_access',
  'claim_status_updates',
  'claims',
  'claim_access'
]

describe('REST: customer A against customer B (same organization)', () => {
  it('reads nothing of B: conversation, messages, typing, claim, timeline, bindings, subscriptions, notifications', async () => {
    const { a, b } = world
    const db = a.client
    expect((await db.from('customer_conversations').select('id')).data).toEqual([{ id: a.conversationId }])
    expect((await db.from('customer_conversations').select('id').eq('id', b.conversationId)).data).toEqual([])
    expect((await db.from('chat_conversations').select('id')).data).toEqual([])
    expect((await db.from('chat_messages').select('id').eq('conversation_id', b.conversationId)).data).toEqual([])
    const mine = (await db.from('chat_messages').select('conversation_id, is_internal')).data!
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((m) => m.conversation_id === a.conversationId && !m.is_internal)).toBe(true)
    expect((await db.from('typing_indicators').select('*').eq('conversation_id', b.conversationId)).data).toEqual([])
    expect((await db.from('claims').select('id').eq('id', b.claimId)).data).toEqual([])
    expect((await db.from('claim_status_updates').select('id').eq('claim_id', b.claimId)).data).toEqual([])
    expect((await db.from('customer_claim_status_updates').select('id').eq('claim_id', b.claimId)).data).toEqual([])
    expect((await db.from('conversation_access').select('*')).data).toEqual([
      { conversation_id: a.conversationId, user_id: a.id, created_at: expect.any(String) }
    ])
    expect((await db.from('push_subscriptions').select('id')).data).toEqual([])
    expect((await db.from('notifications').select('id')).data).toEqual([])
    expect((await db.from('profiles').select('id')).data).toEqual([])
    expect((await db.from('warranties').select('id')).data).toEqual([])
    expect((await db.from('organizations').select('id')).data).toEqual([])
  })

  it('cannot read B through an embedded resource or the storage table', async () => {
    const { a, b } = world
    const embedded = await a.client.from('chat_messages').select('id, chat_conversations(id, internal_notes, tags)')
    expect(embedded.error).toBeNull()
    expect(embedded.data!.every((row) => row.chat_conversations === null)).toBe(true)
    const reverse = await a.client.from('claims').select('id, claim_status_updates(*)').eq('id', b.claimId)
    expect(reverse.data ?? []).toEqual([])
  })

  it('updates nothing of B: messages, typing, subscription, notifications', async () => {
    const { a, b } = world
    await unchanged(world, async () => {
      expect((await a.client.from('chat_messages').update({ content: 'hijacked' }).eq('id', b.messageId).select()).data).toEqual([])
      expect(
        (await a.client.from('chat_messages').update({ content: 'hijacked' }).eq('conversation_id', b.conversationId).select()).data
      ).toEqual([])
      expect((await a.client.from('chat_conversations').update({ status: 'archived' }).eq('id', b.conversationId).select()).data).toEqual(
        []
      )
      // push_subscriptions: no client writes at all (the push functions write it).
      expect(
        refusal(await a.client.from('push_subscriptions').update({ enabled: false }).eq('id', world.bSubscriptionId).select()).code
      ).toBe('42501')
      expect(
        (await a.client.from('notifications').update({ read_at: new Date().toISOString() }).eq('id', world.adminNotificationId).select())
          .data
      ).toEqual([])
      expect((await a.client.from('claims').update({ status: 'approved' }).eq('id', b.claimId).select()).data).toEqual([])
      expect(refusal(await a.client.from('customer_conversations').update({ status: 'resolved' }).eq('id', b.conversationId)).code).toMatch(
        /^(42501|55000)$/
      )
      expect(refusal(await a.client.from('customer_conversations').update({ status: 'resolved' }).eq('id', a.conversationId)).code).toMatch(
        /^(42501|55000)$/
      )
      // typing_indicators: no UPDATE privilege at all.
      expect(
        refusal(await a.client.from('typing_indicators').update({ user_name: 'x' }).eq('conversation_id', b.conversationId)).code
      ).toBe('42501')
    })
  })

  it('deletes nothing of B: conversation, messages, typing, bindings, claim history, subscription, notification', async () => {
    const { a, b } = world
    await unchanged(world, async () => {
      // No client role may hard-delete a conversation at all (delete_conversation soft-deletes).
      expect(refusal(await a.client.from('chat_conversations').delete().eq('id', b.conversationId).select()).code).toBe('42501')
      // No DELETE policy on chat_messages: messages go with their conversation.
      expect((await a.client.from('chat_messages').delete().eq('conversation_id', b.conversationId).select()).data).toEqual([])
      expect((await a.client.from('chat_messages').delete().eq('conversation_id', a.conversationId).select()).data).toEqual([])
      expect(refusal(await a.client.from('typing_indicators').delete().eq('conversation_id', b.conversationId)).code).toBe('42501')
      expect((await a.client.from('conversation_access').delete().eq('conversation_id', b.conversationId).select()).data).toEqual([])
      expect(refusal(await a.client.from('claim_status_updates').delete().eq('claim_id', b.claimId)).code).toBe('42501')
      expect(refusal(await a.client.from('push_subscriptions').delete().eq('id', world.bSubscriptionId).select()).code).toBe('42501')
      expect((await a.client.from('notifications').delete().eq('id', world.adminNotificationId).select()).data).toEqual([])
      // An unfiltered delete is not a wildcard either.
      expect(refusal(await a.client.from('push_subscriptions').delete().neq('id', randomUUID()).select()).code).toBe('42501')
    })
  })

  it('cannot write into B: direct insert, every RPC, bindings, claim access', async () => {
    const { a, b } = world
    await unchanged(world, async () => {
      expect(refusal(await a.client.from('chat_messages').insert({ conversation_id: b.conversationId, content: 'hi B' })).hint).toBe(
        'NOT_FOUND'
      )
      const rpcs: [string, Record<string, unknown>][] = [
        ['send_message', { conversation_id: b.conversationId, client_id: randomUUID(), content: 'hi B' }],
        ['mark_read', { conversation_id: b.conversationId }],
        ['set_typing', { conversation_id: b.conversationId, is_typing: false }],
        ['update_customer_details', { conversation_id: b.conversationId, customer_name: 'Pwned' }],
        ['rotate_access_token', { conversation_id: b.conversationId }],
        ['revoke_access_token', { conversation_id: b.conversationId }],
        ['issue_claim_access_token', { claim_id: b.claimId }],
        ['revoke_claim_access_token', { claim_id: b.claimId }],
        ['change_claim_status', { claim_id: b.claimId, new_status: 'approved' }]
      ]
      for (const [name, args] of rpcs) {
        const error = refusal(await a.client.rpc(name, args))
        expect({ name, hint: error.hint, status: error.status }).toEqual({ name, hint: 'NOT_FOUND', status: 404 })
      }
      expect(refusal(await a.client.from('conversation_access').insert({ conversation_id: b.conversationId, user_id: a.id })).code).toBe(
        '42501'
      )
      expect(refusal(await a.client.from('claim_access').insert({ claim_id: b.claimId, user_id: a.id })).code).toBe('42501')
      expect(
        refusal(
          await a.client.from('typing_indicators').insert({
            conversation_id: b.conversationId,
            user_type: 'customer',
            user_id: a.id,
            user_name: 'x',
            expires_at: new Date().toISOString()
          })
        ).code
      ).toBe('42501')
    })
  })

  // Was a bug (fixed in e47f9c6): the direct insert answered NOT_AUTHORIZED for an existing
  // foreign conversation and NOT_FOUND for a missing one — an existence oracle.
  it('a direct insert does not tell an existing foreign conversation from a missing one', async () => {
    const { a, b } = world
    await unchanged(world, async () => {
      const missing = refusal(await a.client.from('chat_messages').insert({ conversation_id: randomUUID(), content: 'probe' }))
      const foreign = refusal(await a.client.from('chat_messages').insert({ conversation_id: b.conversationId, content: 'probe' }))
      expect(missing.hint).toBe('NOT_FOUND')
      expect({ hint: foreign.hint, status: foreign.status }).toEqual({ hint: missing.hint, status: missing.status })
    })
  })

  it('cannot register a push subscription for B or for an organization it has no binding in; cannot write notifications or the outbox', async () => {
    const { a, b } = world
    await unchanged(world, async () => {
      const base = { platform: 'web', endpoint: 'https://push.example/x', keys: {} }
      expect(refusal(await a.client.from('push_subscriptions').insert({ ...base, organization_id: LAVOIE, user_id: b.id })).code).toBe(
        '42501'
      )
      expect(
        refusal(await a.client.from('push_subscriptions').insert({ ...base, organization_id: world.org2.id, user_id: a.id })).code
      ).toBe('42501')
      expect(
        refusal(await a.client.from('notifications').insert({ organization_id: LAVOIE, user_id: a.id, type: 'system_alert', title: 'x' }))
          .code
      ).toBe('42501')
      expect(refusal(await a.client.from('notification_outbox').select('id')).code).toBe('42501')
      expect(
        refusal(
          await a.client.from('notification_outbox').insert({ organization_id: LAVOIE, user_id: b.id, type: 'system_alert', title: 'x' })
        ).code
      ).toBe('42501')
      expect(refusal(await a.client.from('push_deliveries').select('*')).code).toBe('42501')
    })
  })

  it('cannot call service-role or staff-only functions', async () => {
    const { a } = world
    await unchanged(world, async () => {
      for (const [name, args] of [
        ['push_subscriptions_for', { p_user_id: world.b.id }],
        ['push_delete_subscription', { p_id: world.bSubscriptionId, p_user_id: world.b.id }],
        ['push_update_subscription', { p_id: world.bSubscriptionId, p_user_id: world.b.id, p_preferences: { new_messages: false } }],
        ['claim_push_batch', { p_limit: 10 }],
        ['cleanup_typing_indicators', {}],
        ['enqueue_warranty_expiring', { days: 3650 }]
      ] as [string, Record<string, unknown>][]) {
        const error = refusal(await a.client.rpc(name, args))
        expect({ name, code: error.code }).toEqual({ name, code: '42501' })
      }
      expect(refusal(await a.client.rpc('send_system_alert', { title: 'Free cars', body: 'click here' })).hint).toBe('NOT_AUTHORIZED')
    })
  })
})

describe('REST: forging server-kept columns', () => {
  it('a direct insert keeps sender, organization and read flags from the server', async () => {
    const { a } = world
    const inserted = await a.client
      .from('chat_messages')
      .insert({
        conversation_id: a.conversationId,
        content: 'forged',
        sender_type: 'staff',
        sender_name: 'Julie Tremblay',
        sender_id: JULIE.id,
        organization_id: world.org2.id,
        read_by_staff: true,
        created_at: '2000-01-01T00:00:00Z'
      })
      .select()
      .single()
    expect(inserted.error).toBeNull()
    const [stored] = await query(world, 'select * from public.chat_messages where id = $1', [inserted.data!.id])
    expect(stored).toMatchObject({
      sender_type: 'customer',
      sender_name: 'Alice',
      sender_id: a.id,
      organization_id: LAVOIE,
      read_by_staff: false,
      is_internal: false
    })
    expect((stored!.created_at as Date).getFullYear()).toBeGreaterThan(2000)
  })

  it('retrying send_message with the client_id of a staff internal note does not return the note', async () => {
    const { a, org1 } = world
    const note = await send(org1.agent, a.conversationId, 'INTERNAL: do not show Alice', { is_internal: true })
    await unchanged(world, async () => {
      const replay = await a.client.rpc('send_message', { conversation_id: a.conversationId, client_id: note.client_id, content: 'replay' })
      expect(replay.data).toBeNull()
      expect(refusal(replay).hint).toBe('CONFLICT')
      expect(JSON.stringify(replay)).not.toContain('do not show Alice')
    })
  })

  // Was a bug (low, fixed in 912baf4): an internal note UPDATEd its conversation with
  // unchanged values, which bumped the customer-visible updated_at — a timing signal of
  // staff activity.
  it("an internal note leaves the customer's projection of the conversation byte-identical", async () => {
    const { a, org1 } = world
    const view = async () => (await a.client.from('customer_conversations').select('*').eq('id', a.conversationId).single()).data
    const before = await view()
    await send(org1.agent, a.conversationId, 'INTERNAL: timing side channel?', { is_internal: true })
    expect(await view()).toEqual(before)
  })

  it('an upsert cannot overwrite a staff message or an internal note through its client_id', async () => {
    const { a, org1 } = world
    const staffMessage = await send(org1.agent, a.conversationId, 'Official answer')
    const note = await send(org1.agent, a.conversationId, 'INTERNAL: upsert target', { is_internal: true })
    await unchanged(world, async () => {
      for (const target of [staffMessage, note]) {
        const upserted = await a.client
          .from('chat_messages')
          .upsert(
            { conversation_id: a.conversationId, client_id: target.client_id, content: 'OVERWRITTEN', is_internal: false },
            { onConflict: 'conversation_id,client_id' }
          )
          .select()
        expect(upserted.error).not.toBeNull()
        expect(JSON.stringify(upserted.data)).not.toContain('upsert target')
      }
      const ignored = await a.client
        .from('chat_messages')
        .upsert(
          { conversation_id: a.conversationId, client_id: note.client_id, content: 'x' },
          { onConflict: 'conversation_id,client_id', ignoreDuplicates: true }
        )
        .select()
      expect(JSON.stringify(ignored)).not.toContain('upsert target')
    })
  })

  it('a bulk insert is all or nothing: one foreign row or one row over the limit stores none', async () => {
    const bulk = await startCustomer(world.stack, LAVOIE, 'Bulk')
    await unchanged(world, async () => {
      const mixed = await bulk.client.from('chat_messages').insert([
        { conversation_id: bulk.conversationId, content: 'mine' },
        { conversation_id: world.b.conversationId, content: 'smuggled into B' }
      ])
      expect(mixed.error).not.toBeNull()
    })
    const flood = await bulk.client
      .from('chat_messages')
      .insert(Array.from({ length: 25 }, (_, i) => ({ conversation_id: bulk.conversationId, content: `bulk ${i}` })))
    expect(flood.error?.hint).toBe('RATE_LIMITED')
    const [count] = await query<{ n: number }>(world, 'select count(*)::int as n from public.chat_messages where conversation_id = $1', [
      bulk.conversationId
    ])
    expect(count!.n).toBe(0)
  })

  it('a customer cannot write an internal note, a system message or a status update', async () => {
    const { a } = world
    await unchanged(world, async () => {
      expect(
        refusal(await a.client.from('chat_messages').insert({ conversation_id: a.conversationId, content: 'note', is_internal: true })).code
      ).toMatch(/^(42501|PT403)$/)
      expect(
        refusal(
          await a.client.rpc('send_message', {
            conversation_id: a.conversationId,
            client_id: randomUUID(),
            content: 'note',
            is_internal: true
          })
        ).hint
      ).toBe('NOT_AUTHORIZED')
      for (const message_type of ['system', 'status_update']) {
        expect(
          refusal(
            await a.client.rpc('send_message', { conversation_id: a.conversationId, client_id: randomUUID(), content: 'x', message_type })
          ).hint
        ).toBe('INVALID_INPUT')
      }
    })
  })

  it("editing one's own message cannot change sender, visibility, conversation or read state", async () => {
    const { a, b } = world
    const own = await send(a, a.conversationId, 'editable')
    await unchanged(world, async () => {
      for (const patch of [
        { sender_type: 'staff' },
        { sender_name: 'Julie Tremblay' },
        { sender_id: JULIE.id },
        { is_internal: true },
        { conversation_id: b.conversationId },
        { organization_id: world.org2.id },
        { read_by_staff: true },
        { message_type: 'system' }
      ]) {
        const error = refusal(await a.client.from('chat_messages').update(patch).eq('id', own.id))
        expect({ patch, hint: error.hint }).toEqual({ patch, hint: 'NOT_AUTHORIZED' })
      }
    })
  })

  // Was a bug (fixed in e47f9c6): the attachment path rule ran only on INSERT, so a sender
  // could edit their message to point at another conversation's files.
  it("editing one's own message cannot point its attachments at another conversation's files", async () => {
    const { a, b } = world
    const own = await send(a, a.conversationId, 'see attachment')
    const before = await snapshot(world)
    const edited = await a.client
      .from('chat_messages')
      .update({ attachments: [{ path: b.attachmentPath, name: 'invoice.txt', size: 17, mime_type: 'text/plain' }] })
      .eq('id', own.id)
      .select()
    const [stored] = await query<{ attachments: unknown[] }>(world, 'select attachments from public.chat_messages where id = $1', [own.id])
    expect(stored!.attachments).toEqual([])
    expect(edited.error).not.toBeNull()
    expect(await snapshot(world)).toEqual(before)
  })

  it('conversations, claims and profiles: no client-side creation or forged server columns', async () => {
    const { a } = world
    await unchanged(world, async () => {
      expect(refusal(await a.client.from('chat_conversations').insert({ organization_id: LAVOIE, customer_name: 'Direct' })).code).toBe(
        '42501'
      )
      expect(refusal(await a.client.from('claims').insert({ organization_id: LAVOIE, claim_number: 'X-1', customer_name: 'x' })).code).toBe(
        '42501'
      )
      expect(
        refusal(await a.client.from('profiles').insert({ id: a.id, organization_id: LAVOIE, role: 'admin', display_name: 'Me' })).code
      ).toBe('42501')
      expect(refusal(await a.client.from('organizations').insert({ name: 'Mine', slug: 'mine' })).code).toBe('42501')
    })
  })

  it("a customer starting a conversation cannot link someone else's claim or warranty", async () => {
    const { b } = world
    const guesser = await anonymousCustomer(world.stack)
    const started = await guesser.client
      .rpc('start_conversation', {
        organization_id: LAVOIE,
        customer_name: 'Guesser',
        customer_email: null,
        claim_id: b.claimId,
        warranty_id: '33333333-3333-4333-8333-333333333301'
      })
      .single<{ conversation_id: string }>()
    expect(started.error).toBeNull()
    const [row] = await query(world, 'select claim_id, warranty_id from public.chat_conversations where id = $1', [
      started.data!.conversation_id
    ])
    expect(row).toEqual({ claim_id: null, warranty_id: null })
    expect((await guesser.client.from('claims').select('id')).data).toEqual([])
    expect((await guesser.client.from('claim_status_updates').select('id')).data).toEqual([])
  })
})

describe('REST: staff of organization 2 against organization 1', () => {
  it('reads nothing of org 1', async () => {
    const { agent, admin } = world.org2
    for (const staff of [agent, admin]) {
      for (const table of [...CHAT_TABLES, 'profiles', 'warranties', 'push_subscriptions', 'notifications', 'customer_conversations']) {
        const result = await staff.client.from(table).select('*')
        expect(result.error).toBeNull()
        const leaked = (result.data as Record<string, unknown>[]).filter(
          (row) => JSON.stringify(row).includes(LAVOIE) || JSON.stringify(row).includes(world.a.conversationId)
        )
        expect({ table, leaked }).toEqual({ table, leaked: [] })
      }
      expect((await staff.client.from('organizations').select('id')).data).toEqual([{ id: world.org2.id }])
    }
  })

  it('updates and deletes nothing of org 1', async () => {
    const { agent, admin } = world.org2
    await unchanged(world, async () => {
      for (const staff of [agent, admin]) {
        expect(
          (
            await staff.client
              .from('chat_conversations')
              .update({ status: 'archived', internal_notes: 'x' })
              .eq('organization_id', LAVOIE)
              .select()
          ).data
        ).toEqual([])
        expect(refusal(await staff.client.from('chat_conversations').delete().eq('id', world.a.conversationId).select()).code).toBe('42501')
        expect((await staff.client.from('chat_messages').update({ content: 'x' }).eq('organization_id', LAVOIE).select()).data).toEqual([])
        expect(
          (await staff.client.from('conversation_access').delete().eq('conversation_id', world.a.conversationId).select()).data
        ).toEqual([])
        expect((await staff.client.from('claims').update({ status: 'approved' }).eq('id', SEED_CLAIM).select()).data).toEqual([])
        expect((await staff.client.from('claims').delete().eq('id', SEED_CLAIM).select()).data).toEqual([])
        expect((await staff.client.from('claim_access').delete().eq('claim_id', SEED_CLAIM).select()).data).toEqual([])
        expect((await staff.client.from('profiles').update({ role: 'agent', display_name: 'x' }).eq('id', JULIE.id).select()).data).toEqual(
          []
        )
        expect((await staff.client.from('profiles').delete().eq('id', JULIE.id).select()).data).toEqual([])
        expect(
          (
            await staff.client
              .from('organizations')
              .update({ settings: { customer_messages_per_minute: 100000 } })
              .eq('id', LAVOIE)
              .select()
          ).data
        ).toEqual([])
        expect((await staff.client.from('warranties').delete().eq('organization_id', LAVOIE).select()).data).toEqual([])
      }
    })
  })

  it('cannot act on org 1 through RPCs', async () => {
    const { agent, admin } = world.org2
    await unchanged(world, async () => {
      for (const staff of [agent, admin]) {
        for (const [name, args] of [
          ['send_message', { conversation_id: world.a.conversationId, client_id: randomUUID(), content: 'x', is_internal: true }],
          ['mark_read', { conversation_id: world.a.conversationId }],
          ['set_typing', { conversation_id: world.a.conversationId, is_typing: true }],
          ['update_customer_details', { conversation_id: world.a.conversationId, customer_email: 'evil@example.com' }],
          ['rotate_access_token', { conversation_id: world.a.conversationId }],
          ['revoke_access_token', { conversation_id: SEED_CONVERSATION }],
          ['change_claim_status', { claim_id: SEED_CLAIM, new_status: 'approved' }],
          ['issue_claim_access_token', { claim_id: SEED_CLAIM }],
          ['revoke_claim_access_token', { claim_id: SEED_CLAIM }]
        ] as [string, Record<string, unknown>][]) {
          const error = refusal(await staff.client.rpc(name, args))
          expect({ name, hint: error.hint }).toEqual({ name, hint: 'NOT_FOUND' })
        }
        expect(
          refusal(await staff.client.rpc('start_conversation', { organization_id: LAVOIE, customer_name: 'x', customer_email: null })).hint
        ).toBe('NOT_AUTHORIZED')
        expect(refusal(await staff.client.rpc('redeem_access_token', { token: world.a.accessToken })).hint).toBe('NOT_AUTHORIZED')
      }
    })
  })

  it('cannot move rows of its own organization into org 1 or link org 1 rows', async () => {
    const { agent, admin } = world.org2
    const c = world.c
    await unchanged(world, async () => {
      expect(
        refusal(await agent.client.from('chat_conversations').update({ organization_id: LAVOIE }).eq('id', c.conversationId)).hint
      ).toBe('NOT_AUTHORIZED')
      expect(refusal(await agent.client.from('chat_conversations').update({ assigned_to: JULIE.id }).eq('id', c.conversationId)).hint).toBe(
        'INVALID_INPUT'
      )
      expect(refusal(await agent.client.from('chat_conversations').update({ claim_id: SEED_CLAIM }).eq('id', c.conversationId)).hint).toBe(
        'INVALID_INPUT'
      )
      expect(refusal(await agent.client.from('chat_conversations').insert({ organization_id: LAVOIE, customer_name: 'x' })).code).toBe(
        '42501'
      )
      expect(refusal(await admin.client.from('profiles').update({ organization_id: LAVOIE }).eq('id', admin.id)).hint).toBe(
        'NOT_AUTHORIZED'
      )
      expect(
        refusal(await admin.client.from('profiles').insert({ id: admin.id, organization_id: LAVOIE, role: 'admin', display_name: 'x' }))
          .code
      ).toMatch(/^(42501|23505)$/)
      expect(
        refusal(await admin.client.from('claims').insert({ organization_id: LAVOIE, claim_number: 'EVIL-1', customer_name: 'x' })).code
      ).toBe('42501')
    })
    // A message into its own conversation cannot be re-homed to org 1 either.
    const stored = await agent.client
      .from('chat_messages')
      .insert({ conversation_id: c.conversationId, content: 'x', organization_id: LAVOIE })
      .select('organization_id')
    expect(stored.data).toEqual([{ organization_id: world.org2.id }])
  })

  it('staff cannot raise their own role or move themselves; only admins manage profiles', async () => {
    const { org1, org2 } = world
    await unchanged(world, async () => {
      expect(refusal(await org1.agent.client.from('profiles').update({ role: 'admin' }).eq('id', org1.agent.id)).hint).toBe(
        'NOT_AUTHORIZED'
      )
      expect(refusal(await org1.fAndI.client.from('profiles').update({ role: 'operations' }).eq('id', org1.fAndI.id)).hint).toBe(
        'NOT_AUTHORIZED'
      )
      expect(refusal(await org1.agent.client.from('profiles').update({ organization_id: org2.id }).eq('id', org1.agent.id)).hint).toBe(
        'NOT_AUTHORIZED'
      )
      expect(
        refusal(await org1.agent.client.from('profiles').update({ last_assigned_at: '2000-01-01T00:00:00Z' }).eq('id', org1.agent.id)).hint
      ).toBe('NOT_AUTHORIZED')
      expect(
        (await org1.agent.client.from('profiles').update({ display_name: 'Not Julie' }).eq('id', world.org1.admin.id).select()).data
      ).toEqual([])
      expect(
        refusal(
          await org1.agent.client.from('profiles').insert({ id: world.a.id, organization_id: LAVOIE, role: 'admin', display_name: 'x' })
        ).code
      ).toBe('42501')
      expect((await org1.agent.client.from('organizations').update({ name: 'Hijacked' }).eq('id', LAVOIE).select()).data).toEqual([])
    })
  })

  // Was a bug (fixed in 912baf4): profiles_insert_admin let an admin enrol ANY existing auth
  // user, including an anonymous customer bound to another organization, who then counted
  // as staff everywhere and lost their customer rights (send_message answered NOT_FOUND).
  it("an admin of org 2 cannot enrol org 1's anonymous customer as staff", async () => {
    const victim = await startCustomer(world.stack, LAVOIE, 'Victime')
    const before = await snapshot(world)
    const enrolled = await world.org2.admin.client
      .from('profiles')
      .insert({ id: victim.id, organization_id: world.org2.id, role: 'agent', display_name: 'Enrolled' })
    const afterEnrol = await snapshot(world)
    const stillCustomer = await victim.client.rpc('send_message', {
      conversation_id: victim.conversationId,
      client_id: randomUUID(),
      content: 'still me?'
    })
    expect({ error: stillCustomer.error?.hint ?? null }).toEqual({ error: null })
    expect(enrolled.error).not.toBeNull()
    expect(afterEnrol).toEqual(before)
  })

  it('an f_and_i member of org 1 (no chat role) reads no chat and redeems no token', async () => {
    const { fAndI } = world.org1
    expect((await fAndI.client.from('chat_messages').select('id')).data).toEqual([])
    expect((await fAndI.client.from('chat_conversations').select('id')).data).toEqual([])
    await unchanged(world, async () => {
      expect(
        refusal(await fAndI.client.rpc('send_message', { conversation_id: world.a.conversationId, client_id: randomUUID(), content: 'x' }))
          .hint
      ).toBe('NOT_FOUND')
      expect(refusal(await fAndI.client.rpc('redeem_access_token', { token: world.a.accessToken })).hint).toBe('NOT_AUTHORIZED')
    })
  })
})

describe('REST: the anon key alone (no session)', () => {
  it('sees no table or view', async () => {
    const anon = anonClient(world.stack)
    const tables = await query<{ name: string }>(
      world,
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'v', 'm') order by 1`
    )
    expect(tables.length).toBeGreaterThan(10)
    for (const { name } of tables) {
      const result = await anon.from(name).select('*').limit(1)
      expect({ name, code: result.error?.code, status: result.status }).toEqual({ name, code: '42501', status: 401 })
    }
  })

  it('executes no function: the catalog and the wire agree', async () => {
    const executable = await query<{ name: string }>(
      world,
      `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'private') and has_function_privilege('anon', p.oid, 'execute')`
    )
    expect(executable).toEqual([])
    const anon = anonClient(world.stack)
    await unchanged(world, async () => {
      for (const [name, args] of [
        ['start_conversation', { organization_id: LAVOIE, customer_name: 'x', customer_email: null }],
        ['redeem_access_token', { token: world.a.accessToken }],
        ['send_message', { conversation_id: world.a.conversationId, client_id: randomUUID(), content: 'x' }],
        ['mark_read', { conversation_id: world.a.conversationId }],
        ['set_typing', { conversation_id: world.a.conversationId, is_typing: true }],
        ['update_customer_details', { conversation_id: world.a.conversationId, customer_name: 'x' }],
        ['rotate_access_token', { conversation_id: world.a.conversationId }],
        ['change_claim_status', { claim_id: SEED_CLAIM, new_status: 'approved' }],
        ['push_caller', {}],
        ['send_system_alert', { title: 'x', body: 'y' }]
      ] as [string, Record<string, unknown>][]) {
        const result = await anon.rpc(name, args)
        expect({ name, code: result.error?.code, status: result.status }).toEqual({ name, code: '42501', status: 401 })
      }
    })
  })

  it('a JWT not signed by the project (wrong secret, alg none, expired) is refused, whatever role it claims', async () => {
    const claims = { sub: world.b.id, role: 'service_role', aud: 'authenticated', is_anonymous: false }
    const wrong = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)))
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.`
    await unchanged(world, async () => {
      for (const token of [wrong, none]) {
        for (const [method, path, body] of [
          ['GET', '/rest/v1/chat_messages?select=*', undefined],
          ['PATCH', `/rest/v1/chat_conversations?id=eq.${world.b.conversationId}`, { status: 'archived' }],
          ['POST', '/rest/v1/rpc/rotate_access_token', { conversation_id: world.b.conversationId }]
        ] as [string, string, unknown][]) {
          const response = await fetch(`${world.stack.url}${path}`, {
            method,
            headers: { apikey: world.stack.anonKey, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body)
          })
          expect({ path, status: response.status }).toEqual({ path, status: 401 })
        }
      }
    })
  })

  it('no schema but public is reachable, whatever profile a signed-in client asks for', async () => {
    const { a, org1 } = world
    await unchanged(world, async () => {
      for (const actor of [a, org1.admin]) {
        for (const [schema, table] of [
          ['storage', 'objects'],
          ['storage', 'buckets'],
          ['auth', 'users'],
          ['auth', 'sessions'],
          ['realtime', 'messages'],
          ['private', 'is_staff'],
          ['supabase_migrations', 'schema_migrations'],
          ['pg_catalog', 'pg_authid']
        ] as [string, string][]) {
          const read = await (actor.client.schema(schema) as unknown as SupabaseClient).from(table).select('*').limit(1)
          expect({ schema, table, data: read.data, refused: read.error !== null }).toEqual({ schema, table, data: null, refused: true })
        }
        const helper = await (actor.client.schema('private') as unknown as SupabaseClient).rpc('fail', { code: 'x', message: 'y' })
        expect(helper.error).not.toBeNull()
        const realtimeSend = await (actor.client.schema('realtime') as unknown as SupabaseClient).rpc('send', {
          payload: {},
          event: 'message',
          topic: `conversation:${world.b.conversationId}`,
          private: true
        })
        expect(realtimeSend.error).not.toBeNull()
        const bucket = await (actor.client.schema('storage') as unknown as SupabaseClient)
          .from('buckets')
          .update({ public: true })
          .eq('id', 'chat-attachments')
        expect(bucket.error).not.toBeNull()
      }
    })
  })

  it('writes nothing', async () => {
    const anon = anonClient(world.stack)
    await unchanged(world, async () => {
      expect((await anon.from('chat_messages').insert({ conversation_id: world.a.conversationId, content: 'x' })).status).toBe(401)
      expect((await anon.from('chat_conversations').update({ status: 'archived' }).eq('id', world.a.conversationId)).status).toBe(401)
      expect((await anon.from('chat_conversations').delete().eq('id', world.a.conversationId)).status).toBe(401)
      expect(
        (await anon.from('claim_status_updates').insert({ claim_id: SEED_CLAIM, organization_id: LAVOIE, new_status: 'approved' })).status
      ).toBe(401)
    })
  })
})

describe('Auth: a customer session is not an administrator', () => {
  it('the admin API refuses a user JWT; users stay as they were', async () => {
    const { a, b } = world
    const users = () =>
      query(world, 'select id, email, role, is_anonymous, encrypted_password, banned_until, raw_app_meta_data from auth.users order by id')
    const before = await users()
    await unchanged(world, async () => {
      for (const actor of [a, world.org1.admin]) {
        expect((await actor.client.auth.admin.listUsers()).error).not.toBeNull()
        expect((await actor.client.auth.admin.getUserById(b.id)).error).not.toBeNull()
        expect(
          (await actor.client.auth.admin.updateUserById(b.id, { password: 'taken-over-123', app_metadata: { role: 'admin' } })).error
        ).not.toBeNull()
        expect((await actor.client.auth.admin.deleteUser(b.id)).error).not.toBeNull()
        expect(
          (await actor.client.auth.admin.createUser({ email: `evil-${randomUUID()}@attack.test`, password: 'evil-password-1' })).error
        ).not.toBeNull()
      }
    })
    expect(await users()).toEqual(before)
  })

  it('self-service metadata cannot change the role a JWT carries', async () => {
    const mallory = await anonymousCustomer(world.stack)
    const updated = await mallory.client.auth.updateUser({ data: { role: 'service_role', is_anonymous: false, organization_id: LAVOIE } })
    expect(updated.error).toBeNull()
    const refreshed = await mallory.client.auth.refreshSession()
    const claims = JSON.parse(Buffer.from(refreshed.data.session!.access_token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >
    expect({ role: claims.role, is_anonymous: claims.is_anonymous }).toEqual({ role: 'authenticated', is_anonymous: true })
    const [row] = await query(world, 'select role, is_anonymous, raw_app_meta_data from auth.users where id = $1', [mallory.id])
    expect(row).toMatchObject({ role: 'authenticated', is_anonymous: true })
    expect((row!.raw_app_meta_data as Record<string, unknown>).role).toBeUndefined()
    expect((await mallory.client.from('chat_messages').select('id')).data).toEqual([])
    expect((await mallory.client.from('profiles').select('id')).data).toEqual([])
  })
})

describe('REST: access tokens', () => {
  it('wrong, malformed, hash-as-token and SQL-ish tokens are TOKEN_INVALID and bind nothing', async () => {
    const intruder = await anonymousCustomer(world.stack)
    const [hashRow] = await query<{ hash: string }>(world, 'select hash from private.access_tokens where conversation_id = $1', [
      world.b.conversationId
    ])
    await unchanged(world, async () => {
      for (const token of [
        randomBytes(32).toString('hex'),
        hashRow!.hash,
        world.b.accessToken.slice(0, 63),
        `${world.b.accessToken}0`,
        `${world.b.accessToken.slice(0, 63)}g`,
        "' or 1=1 --",
        `${world.b.accessToken}' or '1'='1`,
        '',
        '%',
        'x'.repeat(10000)
      ]) {
        const error = refusal(await intruder.client.rpc('redeem_access_token', { token }))
        expect({ token: token.slice(0, 70), hint: error.hint, status: error.status }).toEqual({
          token: token.slice(0, 70),
          hint: 'TOKEN_INVALID',
          status: 401
        })
      }
    })
    expect((await intruder.client.from('chat_messages').select('id')).data).toEqual([])
  })

  it('staff (any organization) cannot redeem a customer token, not even of another organization', async () => {
    await unchanged(world, async () => {
      expect(refusal(await world.org1.agent.client.rpc('redeem_access_token', { token: world.c.accessToken })).hint).toBe('NOT_AUTHORIZED')
      expect(refusal(await world.org2.admin.client.rpc('redeem_access_token', { token: world.b.accessToken })).hint).toBe('NOT_AUTHORIZED')
    })
  })

  it('a token is dead after rotate and after revoke; bindings made with it are gone', async () => {
    const victim = await startCustomer(world.stack, LAVOIE, 'Rotated')
    const thief = await anonymousCustomer(world.stack)
    expect((await thief.client.rpc('redeem_access_token', { token: victim.accessToken })).error).toBeNull()
    expect((await thief.client.from('customer_conversations').select('id')).data).toEqual([{ id: victim.conversationId }])

    const rotated = await world.org1.agent.client.rpc('rotate_access_token', { conversation_id: victim.conversationId })
    expect(rotated.error).toBeNull()
    expect((await thief.client.from('customer_conversations').select('id')).data).toEqual([])
    expect((await thief.client.from('chat_messages').select('id').eq('conversation_id', victim.conversationId)).data).toEqual([])
    await unchanged(world, async () => {
      expect(refusal(await thief.client.rpc('redeem_access_token', { token: victim.accessToken })).hint).toBe('TOKEN_INVALID')
      expect(
        refusal(
          await thief.client.rpc('send_message', {
            conversation_id: victim.conversationId,
            client_id: randomUUID(),
            content: 'still here?'
          })
        ).hint
      ).toBe('NOT_FOUND')
    })

    const fresh = rotated.data as string
    expect((await thief.client.rpc('redeem_access_token', { token: fresh })).error).toBeNull()
    expect((await world.org1.agent.client.rpc('revoke_access_token', { conversation_id: victim.conversationId })).error).toBeNull()
    await unchanged(world, async () => {
      expect(refusal(await thief.client.rpc('redeem_access_token', { token: fresh })).hint).toBe('TOKEN_INVALID')
      expect((await thief.client.from('chat_messages').select('id').eq('conversation_id', victim.conversationId)).data).toEqual([])
    })
  })

  it('a claim token is dead after it is reissued or revoked', async () => {
    const issued = await world.org1.agent.client.rpc('issue_claim_access_token', { claim_id: SEED_CLAIM })
    const first = issued.data as string
    const holder = await anonymousCustomer(world.stack)
    expect((await holder.client.rpc('redeem_access_token', { token: first })).error).toBeNull()
    const followed = (await holder.client.from('customer_claim_status_updates').select('claim_id')).data!
    expect(followed.length).toBeGreaterThan(0)
    expect(followed.every((row) => row.claim_id === SEED_CLAIM)).toBe(true)
    // A claim token opens the claim's timeline, not the conversation linked to that claim.
    expect((await holder.client.from('chat_messages').select('id')).data).toEqual([])
    expect((await holder.client.from('customer_conversations').select('id')).data).toEqual([])
    await unchanged(world, async () => {
      expect(
        refusal(await holder.client.rpc('send_message', { conversation_id: SEED_CONVERSATION, client_id: randomUUID(), content: 'x' })).hint
      ).toBe('NOT_FOUND')
    })

    const reissued = await world.org1.agent.client.rpc('issue_claim_access_token', { claim_id: SEED_CLAIM })
    expect((await holder.client.from('claims').select('id')).data).toEqual([])
    await unchanged(world, async () => {
      expect(refusal(await holder.client.rpc('redeem_access_token', { token: first })).hint).toBe('TOKEN_INVALID')
    })
    expect((await world.org1.agent.client.rpc('revoke_claim_access_token', { claim_id: SEED_CLAIM })).error).toBeNull()
    await unchanged(world, async () => {
      expect(refusal(await holder.client.rpc('redeem_access_token', { token: reissued.data as string })).hint).toBe('TOKEN_INVALID')
    })
  })
})

describe('REST: bindings follow the links staff control', () => {
  it('unlinking a claim from a conversation, or removing a binding, closes what it opened', async () => {
    const { org1 } = world
    const claim = await org1.agent.client
      .from('claims')
      .insert({ organization_id: LAVOIE, claim_number: `RC-U-${randomUUID().slice(0, 6)}`, customer_name: 'Ulysse' })
      .select('id')
      .single()
    const ulysse = await startCustomer(world.stack, LAVOIE, 'Ulysse')
    expect(
      (await org1.agent.client.from('chat_conversations').update({ claim_id: claim.data!.id }).eq('id', ulysse.conversationId)).error
    ).toBeNull()
    expect((await ulysse.client.from('claims').select('id')).data).toEqual([{ id: claim.data!.id }])

    expect((await org1.agent.client.from('chat_conversations').update({ claim_id: null }).eq('id', ulysse.conversationId)).error).toBeNull()
    expect((await ulysse.client.from('claims').select('id')).data).toEqual([])
    expect((await ulysse.client.from('customer_claim_status_updates').select('id')).data).toEqual([])

    expect(
      (await org1.agent.client.from('conversation_access').delete().eq('conversation_id', ulysse.conversationId).eq('user_id', ulysse.id))
        .error
    ).toBeNull()
    expect((await ulysse.client.from('customer_conversations').select('id')).data).toEqual([])
    await unchanged(world, async () => {
      expect(
        refusal(
          await ulysse.client.rpc('send_message', {
            conversation_id: ulysse.conversationId,
            client_id: randomUUID(),
            content: 'still here?'
          })
        ).hint
      ).toBe('NOT_FOUND')
    })
  })
})

describe('REST: claim history is written only by the claims trigger', () => {
  it('nobody inserts, edits or deletes claim_status_updates directly — customer, staff, admin, service_role', async () => {
    const [existing] = await query<{ id: string }>(world, 'select id from public.claim_status_updates where claim_id = $1 limit 1', [
      world.b.claimId
    ])
    const forged = {
      organization_id: LAVOIE,
      claim_id: world.b.claimId,
      old_status: 'under_review',
      new_status: 'approved',
      changed_by_name: 'Boss'
    }
    await unchanged(world, async () => {
      for (const actor of [world.b, world.org1.agent, world.org1.admin]) {
        expect(refusal(await actor.client.from('claim_status_updates').insert(forged)).code).toBe('42501')
        expect(refusal(await actor.client.from('claim_status_updates').update({ reason: 'rewritten' }).eq('id', existing!.id)).code).toBe(
          '42501'
        )
        expect(refusal(await actor.client.from('claim_status_updates').delete().eq('id', existing!.id)).code).toBe('42501')
      }
      expect(refusal(await world.service.from('claim_status_updates').insert(forged)).code).toMatch(/^(42501|PT403)$/)
      expect(refusal(await world.service.from('claim_status_updates').delete().eq('id', existing!.id)).code).toMatch(/^(42501|PT403)$/)
      expect(
        refusal(
          await world.service.from('claim_status_updates').update({ new_status: 'approved', changed_by_name: 'x' }).eq('id', existing!.id)
        ).hint
      ).toBe('NOT_AUTHORIZED')
    })
  })
})

describe('REST: the rate limit under concurrency', () => {
  it('40 concurrent sends (RPC and direct inserts mixed) store exactly 20 customer messages', async () => {
    const sender = await startCustomer(world.stack, LAVOIE, 'Flooder')
    const attempts = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? sender.client.rpc('send_message', { conversation_id: sender.conversationId, client_id: randomUUID(), content: `flood ${i}` })
        : sender.client.from('chat_messages').insert({ conversation_id: sender.conversationId, content: `flood ${i}` })
    )
    const results = await Promise.all(attempts)
    const refused = results.filter((result) => result.error)
    expect(refused.length).toBe(20)
    expect(refused.every((result) => result.error!.hint === 'RATE_LIMITED' && result.status === 429)).toBe(true)
    const [count] = await query<{ n: number }>(
      world,
      `select count(*)::int as n from public.chat_messages where conversation_id = $1 and sender_type = 'customer'`,
      [sender.conversationId]
    )
    expect(count!.n).toBe(20)
  })

  // Was a bug (fixed in 5ab3b06): the 5-per-hour count ran without a lock, so concurrent
  // calls all slipped under it (6, 7, 11 of 12 observed).
  it('20 concurrent start_conversation calls from one session open at most 5 conversations', async () => {
    const opener = await anonymousCustomer(world.stack)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        opener.client.rpc('start_conversation', { organization_id: LAVOIE, customer_name: `Opener ${i}`, customer_email: null })
      )
    )
    const [count] = await query<{ n: number }>(world, 'select count(*)::int as n from public.chat_conversations where created_by = $1', [
      opener.id
    ])
    expect(count!.n).toBeLessThanOrEqual(5)
    const refused = results.filter((result) => result.error)
    expect(refused.length).toBe(20 - count!.n)
    expect(refused.every((result) => result.error!.hint === 'RATE_LIMITED')).toBe(true)
  })

  it('a customer cannot lift the limit: organization settings are not theirs, retries by client_id do not count twice', async () => {
    const { a } = world
    await unchanged(world, async () => {
      expect(
        (
          await a.client
            .from('organizations')
            .update({ settings: { customer_messages_per_minute: 100000 } })
            .eq('id', LAVOIE)
            .select()
        ).data
      ).toEqual([])
    })
  })
})

describe('REST: hostile filter values', () => {
  it('SQL-ish and operator-smuggling filters return only what RLS allows, or a typed error', async () => {
    const { a, b } = world
    const before = await snapshot(world)
    const messages = a.client.from('chat_messages')
    const notOwn = (rows: { conversation_id: string; is_internal: boolean }[] | null) =>
      (rows ?? []).filter((row) => row.conversation_id !== a.conversationId || row.is_internal)
    const attempts = [
      await messages.select('conversation_id, is_internal').eq('conversation_id', "x' or '1'='1"),
      await messages.select('conversation_id, is_internal').eq('content', "'; drop table public.chat_messages; --"),
      await messages.select('conversation_id, is_internal').or(`is_internal.eq.true,conversation_id.eq.${b.conversationId}`),
      await messages.select('conversation_id, is_internal').or('id.not.is.null)),or(id.is.null'),
      await messages.select('conversation_id, is_internal').filter('conversation_id', 'in', `(${b.conversationId},${a.conversationId})`),
      await messages.select('conversation_id, is_internal').like('content', '%'),
      await messages.select('conversation_id, is_internal').not('is_internal', 'is', null),
      await messages.select('conversation_id, is_internal').order('created_at; drop table public.chat_messages' as 'created_at'),
      await messages.select('conversation_id, is_internal, pg_sleep(1)' as 'conversation_id, is_internal'),
      await messages.select('conversation_id, is_internal').eq('conversation_id', `${a.conversationId}) or (true`),
      await messages.select('conversation_id, is_internal').textSearch('content', "'Bruno' | 'INTERNAL'"),
      await a.client.from('customer_conversations').select('id, conversation_id:id, is_internal:subject').neq('id', a.conversationId)
    ]
    for (const result of attempts) {
      if (result.error) {
        expect(result.status).toBeGreaterThanOrEqual(400)
        expect(result.status).toBeLessThan(500)
      } else {
        expect(notOwn(result.data as { conversation_id: string; is_internal: boolean }[])).toEqual([])
      }
    }
    expect(await snapshot(world)).toEqual(before)
    const [tables] = await query<{ n: number }>(
      world,
      `select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'chat_messages'`
    )
    expect(tables!.n).toBe(1)
  })

  it('an RPC argument carrying SQL is data', async () => {
    const { a } = world
    const sent = await a.client.rpc('send_message', {
      conversation_id: a.conversationId,
      client_id: randomUUID(),
      content: "'); update public.chat_messages set is_internal = false; --"
    })
    expect(sent.error).toBeNull()
    const [internal] = await query<{ n: number }>(
      world,
      'select count(*)::int as n from public.chat_messages where id = $1 and is_internal',
      [world.b.internalNoteId]
    )
    expect(internal!.n).toBe(1)
    await unchanged(world, async () => {
      expect(
        refusal(
          await a.client.rpc('send_message', { conversation_id: `${a.conversationId}' or '1'='1`, client_id: randomUUID(), content: 'x' })
        ).code
      ).toBe('22P02')
      expect(refusal(await a.client.rpc('set_typing', { conversation_id: a.conversationId, is_typing: "true'; --" })).code).toBe('22P02')
    })
  })
})

describe('REST: the outside attack run', () => {
  it('a customer cannot rewrite their messages once the conversation is archived', async () => {
    const customer = await startCustomer(world.stack, LAVOIE, 'Archivée')
    const mine = await send(customer, customer.conversationId, 'The quote was 400 $')
    expect(
      (await world.org1.agent.client.from('chat_conversations').update({ status: 'archived' }).eq('id', customer.conversationId)).error
    ).toBeNull()
    await unchanged(world, async () => {
      const error = refusal(await customer.client.from('chat_messages').update({ content: 'The quote was 4 $' }).eq('id', mine.id))
      expect({ hint: error.hint, status: error.status }).toEqual({ hint: 'CONFLICT', status: 409 })
    })
  })

  it('no one reads a token hash: the bound customer, staff, service_role', async () => {
    const holder = await anonymousCustomer(world.stack)
    const issued = await world.org1.agent.client.rpc('issue_claim_access_token', { claim_id: SEED_CLAIM })
    expect((await holder.client.rpc('redeem_access_token', { token: issued.data as string })).error).toBeNull()
    const hashes = await query<{ hash: string }>(world, 'select hash from private.access_tokens')
    expect(hashes.length).toBeGreaterThan(2)
    const reads = [
      await holder.client.from('claims').select('*'),
      await world.org1.admin.client.from('claims').select('*'),
      await world.org1.admin.client.from('chat_conversations').select('*'),
      await world.service.from('claims').select('*'),
      await world.service.from('chat_conversations').select('*')
    ]
    for (const read of reads) {
      expect(read.error).toBeNull()
      const text = JSON.stringify(read.data)
      for (const { hash } of hashes) expect(text).not.toContain(hash)
    }
    expect((await holder.client.from('claims').select('id')).data).toEqual([{ id: SEED_CLAIM }])
    for (const client of [holder.client, world.org1.admin.client, world.service]) {
      expect(refusal(await client.from('claims').select('access_token')).status).toBe(400)
    }
  })

  it('a customer cannot call themself staff or the system; an agent cannot rename themself "System"', async () => {
    await unchanged(world, async () => {
      for (const name of ['Julie Tremblay (Support)', 'System', '\u200B\u200B', 'Parley [bot]']) {
        const fresh = await anonymousCustomer(world.stack)
        const error = refusal(
          await fresh.client.rpc('start_conversation', { organization_id: LAVOIE, customer_name: name, customer_email: null })
        )
        expect({ name, hint: error.hint, status: error.status }).toEqual({ name, hint: 'INVALID_INPUT', status: 400 })
      }
      const renamed = refusal(
        await world.a.client.rpc('update_customer_details', {
          conversation_id: world.a.conversationId,
          customer_name: 'Julie Tremblay (Support)'
        })
      )
      expect(renamed.hint).toBe('INVALID_INPUT')
      const agent = refusal(await world.org1.agent.client.from('profiles').update({ display_name: 'System' }).eq('id', world.org1.agent.id))
      expect(agent.hint).toBe('INVALID_INPUT')
    })
  })

  it('only an admin deletes a conversation, softly and on the record; a hard DELETE is refused to everyone', async () => {
    const victim = await startCustomer(world.stack, LAVOIE, 'Effacée')
    await send(victim, victim.conversationId, 'Keep this')
    await unchanged(world, async () => {
      for (const client of [world.org1.agent.client, world.org1.admin.client, world.service]) {
        expect(refusal(await client.from('chat_conversations').delete().eq('id', victim.conversationId)).code).toBe('42501')
      }
      const agent = refusal(await world.org1.agent.client.rpc('delete_conversation', { conversation_id: victim.conversationId }))
      expect({ hint: agent.hint, status: agent.status }).toEqual({ hint: 'NOT_AUTHORIZED', status: 403 })
      expect(refusal(await world.org2.admin.client.rpc('delete_conversation', { conversation_id: victim.conversationId })).hint).toBe(
        'NOT_FOUND'
      )
    })
    expect((await world.org1.admin.client.rpc('delete_conversation', { conversation_id: victim.conversationId })).error).toBeNull()
    expect((await world.org1.agent.client.from('chat_conversations').select('id').eq('id', victim.conversationId)).data).toEqual([])
    expect((await victim.client.from('customer_conversations').select('id')).data).toEqual([])
    expect((await victim.client.from('chat_messages').select('id')).data).toEqual([])
    const audit = await world.org1.admin.client
      .from('audit_log')
      .select('actor_id, action, target_id')
      .eq('target_id', victim.conversationId)
    expect(audit.data).toEqual([{ actor_id: LAVOIE_ADMIN.id, action: 'conversation.deleted', target_id: victim.conversationId }])
    for (const client of [world.org1.agent.client, victim.client, world.org2.admin.client]) {
      expect((await client.from('audit_log').select('id')).data ?? []).toEqual([])
    }
    const [kept] = await query<{ n: number }>(world, 'select count(*)::int as n from public.chat_messages where conversation_id = $1', [
      victim.conversationId
    ])
    expect(kept!.n).toBe(1)
  })

  it('an admin cannot enrol an existing user of the project as staff', async () => {
    const created = await world.service.auth.admin.createUser({
      email: `bystander-${randomUUID().slice(0, 8)}@attack.test`,
      password: 'bystander-password',
      email_confirm: true
    })
    expect(created.error).toBeNull()
    await unchanged(world, async () => {
      for (const id of [created.data.user!.id, world.org1.agent.id, JULIE.id]) {
        const error = refusal(
          await world.org2.admin.client
            .from('profiles')
            .insert({ id, organization_id: world.org2.id, role: 'admin', display_name: 'Enrolled' })
        )
        expect(error.code).toBe('42501')
      }
    })
  })

  it('one address opens at most 20 conversations an hour per organization, whatever address headers it forges', async () => {
    // The gateway overwrites x-forwarded-for and cf-connecting-ip with the connection's own
    // address, so a new forged address per call does not start a new count.
    const forging = async (address: string) => {
      const client = createClient(world.stack.url, world.stack.anonKey, {
        auth: { persistSession: false, autoRefreshToken: false },
        global: { headers: { 'x-forwarded-for': address, 'cf-connecting-ip': address } }
      })
      const signedIn = await client.auth.signInAnonymously()
      expect(signedIn.error).toBeNull()
      return client.rpc('start_conversation', { organization_id: world.org2.id, customer_name: 'Flood', customer_email: null })
    }
    // Earlier tests of this file started some from this address already: at most 20 more pass.
    let started = 0
    let result = await forging('203.0.113.0')
    while (!result.error && started < 21) {
      started += 1
      result = await forging(`203.0.113.${started}`)
    }
    expect(started).toBeLessThanOrEqual(20)
    const refused = refusal(result)
    expect({ hint: refused.hint, status: refused.status }).toEqual({ hint: 'RATE_LIMITED', status: 429 })
  })

  it('read receipts are bounded per reader', async () => {
    const reader = await startCustomer(world.stack, LAVOIE, 'Lectrice')
    const results = await Promise.all(
      Array.from({ length: 70 }, () => reader.client.rpc('mark_read', { conversation_id: reader.conversationId }))
    )
    const refused = results.filter((result) => result.error)
    expect(refused.length).toBe(10)
    expect(refused.every((result) => result.error!.hint === 'RATE_LIMITED' && result.status === 429)).toBe(true)
  })
})
