import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  type Caller,
  createCustomer,
  createOrganization,
  createStaff,
  type MessageRow,
  type Organization,
  query,
  sendMessage,
  sqlError,
  startConversation
} from './fixtures.ts'

let db: TestDatabase
let org: Organization

beforeAll(async () => {
  db = await createTestDatabase()
  org = await createOrganization(db.pool, 'Validation Garage')
})
afterAll(() => db.drop())

async function newConversation(): Promise<{ customer: Caller & { id: string }; id: string }> {
  const customer = await createCustomer(db.pool)
  const { id } = await startConversation(db.pool, customer, org.id)
  return { customer, id }
}

function rpcSend(caller: Caller, args: Record<string, unknown>) {
  const names = Object.keys(args)
  const sql = `select * from public.send_message(${names.map((name, i) => `${name} => $${i + 1}`).join(', ')})`
  return query<MessageRow>(db.pool, caller, sql, Object.values(args))
}

describe('malformed input is refused with a clear error', () => {
  it('content over 10,000 characters', async () => {
    const { customer, id } = await newConversation()
    const viaRpc = await sqlError(sendMessage(db.pool, customer, id, 'x'.repeat(10_001)))
    expect(viaRpc).toMatchObject({ code: 'PT400', hint: 'INVALID_INPUT' })
    expect(viaRpc.message).toContain('limit is 10000')
    const direct = await sqlError(
      query(db.pool, customer, 'insert into public.chat_messages (conversation_id, content) values ($1, $2)', [id, 'x'.repeat(10_001)])
    )
    expect(direct.hint).toBe('INVALID_INPUT')
    expect(await sendMessage(db.pool, customer, id, 'x'.repeat(10_000))).toMatchObject({ sender_type: 'customer' })
  })

  it('a bad enum value', async () => {
    const { customer, id } = await newConversation()
    const viaRpc = await sqlError(rpcSend(customer, { conversation_id: id, client_id: randomUUID(), content: 'hi', message_type: 'video' }))
    expect(viaRpc).toMatchObject({ hint: 'INVALID_INPUT', message: 'message_type must be one of text, file, image, status_update, system' })
    const direct = await sqlError(
      query(db.pool, org.agent, "update public.chat_conversations set priority = 'critical' where id = $1", [id])
    )
    expect(direct.code).toBe('22P02')
  })

  it('missing required fields', async () => {
    const { customer, id } = await newConversation()
    expect(await sqlError(rpcSend(customer, { conversation_id: id, client_id: null, content: 'hi' }))).toMatchObject({
      hint: 'INVALID_INPUT',
      message: 'conversation_id and client_id are required'
    })
    expect((await sqlError(rpcSend(customer, { conversation_id: id, client_id: randomUUID(), content: '   ' }))).message).toBe(
      'content is required for text messages'
    )
    const noName = await sqlError(
      query(db.pool, customer, 'select * from public.start_conversation($1, null, $2)', [org.id, 'a@example.com'])
    )
    expect(noName).toMatchObject({ code: 'PT400', hint: 'INVALID_INPUT', message: 'customer_name is required' })
    const direct = await sqlError(
      query(db.pool, org.agent, 'insert into public.chat_conversations (organization_id) values ($1)', [org.id])
    )
    expect(direct.code).toBe('23502')
  })

  it('a malformed email, phone or subject', async () => {
    const customer = await createCustomer(db.pool)
    const email = await sqlError(
      query(db.pool, customer, "select * from public.start_conversation($1, 'Sophie', 'not-an-email')", [org.id])
    )
    expect(email.message).toBe('customer_email is not a valid email address')
    const subject = await sqlError(
      query(db.pool, customer, "select * from public.start_conversation($1, 'Sophie', null, null, $2)", [org.id, 's'.repeat(201)])
    )
    expect(subject.hint).toBe('INVALID_INPUT')
  })

  it('attachments that are not {path, name, size, mime_type} or point outside the conversation', async () => {
    const { customer, id } = await newConversation()
    const bad = await sqlError(
      rpcSend(customer, {
        conversation_id: id,
        client_id: randomUUID(),
        content: '',
        message_type: 'file',
        attachments: JSON.stringify([{ url: 'x' }])
      })
    )
    expect(bad.hint).toBe('INVALID_INPUT')
    const elsewhere = await sqlError(
      rpcSend(customer, {
        conversation_id: id,
        client_id: randomUUID(),
        content: '',
        message_type: 'file',
        attachments: JSON.stringify([{ path: `${org.id}/${randomUUID()}/x/a.pdf`, name: 'a.pdf', size: 10, mime_type: 'application/pdf' }])
      })
    )
    expect(elsewhere.message).toContain('attachment paths must lie under')
    const clientId = randomUUID()
    const photo = `${org.id}/${id}/${clientId}/photo.jpg`
    await db.pool.query(
      `insert into storage.objects (bucket_id, name, owner_id, metadata) values ('chat-attachments', $1, $2, '{"size": 2048, "mimetype": "image/jpeg"}')`,
      [photo, customer.id]
    )
    const [ok] = await rpcSend(customer, {
      conversation_id: id,
      client_id: clientId,
      content: '',
      message_type: 'image',
      attachments: JSON.stringify([
        { path: `${org.id}/${id}/${clientId}/photo.jpg`, name: 'photo.jpg', size: 2048, mime_type: 'image/jpeg' }
      ])
    })
    expect(ok).toMatchObject({ message_type: 'image' })
  })

  it('attachments carrying keys beyond {path, name, size, mime_type}: no megabytes riding along, no link for a viewer to show', async () => {
    const { customer, id } = await newConversation()
    const clientId = randomUUID()
    const path = `${org.id}/${id}/${clientId}/photo.jpg`
    await db.pool.query(
      `insert into storage.objects (bucket_id, name, owner_id, metadata) values ('chat-attachments', $1, $2, '{"size": 2048, "mimetype": "image/jpeg"}')`,
      [path, customer.id]
    )
    const file = { path, name: 'photo.jpg', size: 2048, mime_type: 'image/jpeg' }
    for (const extra of [{ padding: 'x'.repeat(1_000_000) }, { url: 'https://evil.example/login' }]) {
      const error = await sqlError(
        rpcSend(customer, {
          conversation_id: id,
          client_id: randomUUID(),
          content: '',
          message_type: 'image',
          attachments: JSON.stringify([{ ...file, ...extra }])
        })
      )
      expect(error.hint).toBe('INVALID_INPUT')
    }
    const [sent] = await rpcSend(customer, {
      conversation_id: id,
      client_id: clientId,
      content: '',
      message_type: 'image',
      attachments: JSON.stringify([file])
    })
    const edit = await sqlError(
      query(db.pool, customer, 'update public.chat_messages set attachments = $2 where id = $1', [
        sent!.id,
        JSON.stringify([{ ...file, padding: 'x'.repeat(100_000) }])
      ])
    )
    expect(edit.hint).toBe('INVALID_INPUT')
    const { rows } = await db.pool.query('select count(*)::int as n from public.chat_messages where conversation_id = $1', [id])
    expect(rows[0].n).toBe(1)
  })
})

describe('server-side truth on messages', () => {
  it('forged sender_type, sender_name, sender_id and organization_id are overwritten on a direct insert', async () => {
    const { customer, id } = await newConversation()
    const other = await createOrganization(db.pool, 'Forged Org')
    const [row] = await query<MessageRow>(
      db.pool,
      customer,
      `insert into public.chat_messages (conversation_id, organization_id, sender_type, sender_id, sender_name, content, read_by_staff)
       values ($1, $2, 'staff', $3, 'Support Team', 'Please pay here', true) returning *`,
      [id, other.id, org.agent.id]
    )
    expect(row).toMatchObject({
      organization_id: org.id,
      sender_type: 'customer',
      sender_id: customer.id,
      sender_name: 'Sophie Gagnon',
      read_by_staff: false
    })
  })

  it('the RPC takes no sender arguments at all: staff sender comes from the profile', async () => {
    const { id } = await newConversation()
    const message = await sendMessage(db.pool, org.operations, id, 'Hello from operations')
    expect(message).toMatchObject({ sender_type: 'staff', sender_id: org.operations.id, sender_name: org.operations.name })
  })

  it('customers cannot write internal notes, by RPC or directly', async () => {
    const { customer, id } = await newConversation()
    expect(await sqlError(sendMessage(db.pool, customer, id, 'note', { internal: true }))).toMatchObject({
      code: 'PT403',
      hint: 'NOT_AUTHORIZED'
    })
    const direct = await sqlError(
      query(db.pool, customer, "insert into public.chat_messages (conversation_id, content, is_internal) values ($1, 'note', true)", [id])
    )
    expect(direct.hint).toBe('NOT_AUTHORIZED')
    const system = await sqlError(rpcSend(customer, { conversation_id: id, client_id: randomUUID(), content: 'x', message_type: 'system' }))
    expect(system.hint).toBe('INVALID_INPUT')
  })

  it('internal notes are invisible to customers through REST', async () => {
    const { customer, id } = await newConversation()
    await sendMessage(db.pool, org.agent, id, 'visible reply')
    await sendMessage(db.pool, org.agent, id, 'internal only', { internal: true })
    const seen = await query(db.pool, customer, 'select content from public.chat_messages where conversation_id = $1', [id])
    expect(seen).toEqual([{ content: 'visible reply' }])
    const forced = await query(db.pool, customer, 'select content from public.chat_messages where is_internal')
    expect(forced).toEqual([])
  })

  it('customers edit only their own message content', async () => {
    const { customer, id } = await newConversation()
    const reply = await sendMessage(db.pool, org.agent, id, 'Our reply')
    const mine = await sendMessage(db.pool, customer, id, 'tpyo')
    const touched = await query(db.pool, customer, "update public.chat_messages set content = 'hacked' where id = $1 returning id", [
      reply.id
    ])
    expect(touched).toEqual([])
    const [edited] = await query(
      db.pool,
      customer,
      "update public.chat_messages set content = 'typo' where id = $1 returning content, edited_at",
      [mine.id]
    )
    expect(edited).toMatchObject({ content: 'typo' })
    expect(edited!.edited_at).not.toBeNull()
    const forged = await sqlError(
      query(db.pool, customer, "update public.chat_messages set sender_type = 'staff' where id = $1", [mine.id])
    )
    expect(forged.hint).toBe('NOT_AUTHORIZED')
    const elsewhere = await sqlError(
      query(db.pool, customer, 'update public.chat_messages set attachments = $2 where id = $1', [
        mine.id,
        JSON.stringify([
          { path: `${org.id}/${randomUUID()}/${randomUUID()}/invoice.pdf`, name: 'invoice.pdf', size: 10, mime_type: 'application/pdf' }
        ])
      ])
    )
    expect(elsewhere).toMatchObject({
      hint: 'INVALID_INPUT',
      message: 'attachment paths must lie under <organization_id>/<conversation_id>/'
    })
    const tooLong = await sqlError(
      query(db.pool, customer, 'update public.chat_messages set content = $2 where id = $1', [mine.id, 'x'.repeat(10_001)])
    )
    expect(tooLong.hint).toBe('INVALID_INPUT')
  })
})

describe('send_message is idempotent', () => {
  it('the same client_id returns the stored row instead of a duplicate', async () => {
    const { customer, id } = await newConversation()
    const clientId = randomUUID()
    const first = await sendMessage(db.pool, customer, id, 'once', { clientId })
    const retry = await sendMessage(db.pool, customer, id, 'once (retried)', { clientId })
    expect(retry.id).toBe(first.id)
    expect(retry.content).toBe('once')
    const { rows } = await db.pool.query(
      'select count(*)::int as n, max(unread_count_staff) as unread from public.chat_messages m join public.chat_conversations c on c.id = m.conversation_id where m.conversation_id = $1',
      [id]
    )
    expect(rows[0]).toEqual({ n: 1, unread: 1 })
  })

  it("someone else's client_id is CONFLICT, never a way to read their message", async () => {
    const { customer, id } = await newConversation()
    const clientId = randomUUID()
    await sendMessage(db.pool, org.agent, id, 'Internal: secret', { clientId, internal: true })
    const error = await sqlError(sendMessage(db.pool, customer, id, 'guess', { clientId }))
    expect(error).toMatchObject({ code: 'PT409', hint: 'CONFLICT' })
    expect(error.message).not.toContain('secret')
  })

  it('a retry is judged like a first send: a customer who lost access gets NOT_FOUND, not the row', async () => {
    const { customer, id } = await newConversation()
    const clientId = randomUUID()
    await sendMessage(db.pool, customer, id, 'before the link was revoked', { clientId })
    await query(db.pool, org.agent, 'select public.revoke_access_token($1)', [id])
    const error = await sqlError(sendMessage(db.pool, customer, id, 'before the link was revoked', { clientId }))
    expect(error.hint).toBe('NOT_FOUND')
  })
})

describe('rate limit', () => {
  it('refuses the 21st customer message within a minute with RATE_LIMITED and a retry time', async () => {
    const { customer, id } = await newConversation()
    for (let i = 0; i < 20; i++) await sendMessage(db.pool, customer, id, `message ${i}`)
    const error = await sqlError(sendMessage(db.pool, customer, id, 'one too many'))
    expect(error).toMatchObject({ code: 'PT429', hint: 'RATE_LIMITED' })
    expect(error.message).toMatch(/^Too many messages, retry in \d+ s$/)
    // Staff are not limited by the customer budget.
    expect(await sendMessage(db.pool, org.agent, id, 'we hear you')).toMatchObject({ sender_type: 'staff' })
    // An idempotent retry of an already stored message is still answered.
    const { rows } = await db.pool.query(
      "select client_id from public.chat_messages where conversation_id = $1 and content = 'message 0'",
      [id]
    )
    expect((await sendMessage(db.pool, customer, id, 'message 0', { clientId: rows[0].client_id })).content).toBe('message 0')
  })

  it('the budget is per conversation and follows organizations.settings', async () => {
    const { customer, id } = await newConversation()
    await db.pool.query(`update public.organizations set settings = settings || '{"customer_messages_per_minute": 2}' where id = $1`, [
      org.id
    ])
    try {
      await sendMessage(db.pool, customer, id, 'one')
      await sendMessage(db.pool, customer, id, 'two')
      expect((await sqlError(sendMessage(db.pool, customer, id, 'three'))).hint).toBe('RATE_LIMITED')
      const second = await startConversation(db.pool, customer, org.id)
      expect(await sendMessage(db.pool, customer, second.id, 'elsewhere')).toMatchObject({ content: 'elsewhere' })
    } finally {
      await db.pool.query(`update public.organizations set settings = settings - 'customer_messages_per_minute' where id = $1`, [org.id])
    }
  })
})

describe('unread counters and read receipts', () => {
  async function counters(id: string) {
    const { rows } = await db.pool.query(
      'select unread_count_customer as customer, unread_count_staff as staff, last_message_at is not null as has_last from public.chat_conversations where id = $1',
      [id]
    )
    return rows[0]
  }

  it('count per side, ignore internal notes, reset by mark_read', async () => {
    const { customer, id } = await newConversation()
    await sendMessage(db.pool, customer, id, 'one')
    await sendMessage(db.pool, customer, id, 'two')
    await sendMessage(db.pool, org.agent, id, 'reply')
    await sendMessage(db.pool, org.agent, id, 'note', { internal: true })
    expect(await counters(id)).toEqual({ customer: 1, staff: 2, has_last: true })

    await query(db.pool, org.agent, 'select public.mark_read($1)', [id])
    expect(await counters(id)).toEqual({ customer: 1, staff: 0, has_last: true })
    const [read] = await query<{ at: Date }>(db.pool, customer, 'select public.mark_read($1) as at', [id])
    expect(read!.at).toBeInstanceOf(Date)
    expect(await counters(id)).toEqual({ customer: 0, staff: 0, has_last: true })

    const { rows } = await db.pool.query(
      'select sender_type, is_internal, read_by_customer, read_by_staff, read_at is not null as has_read_at from public.chat_messages where conversation_id = $1 order by created_at, id',
      [id]
    )
    expect(rows).toEqual([
      { sender_type: 'customer', is_internal: false, read_by_customer: true, read_by_staff: true, has_read_at: true },
      { sender_type: 'customer', is_internal: false, read_by_customer: true, read_by_staff: true, has_read_at: true },
      { sender_type: 'staff', is_internal: false, read_by_customer: true, read_by_staff: true, has_read_at: true },
      { sender_type: 'staff', is_internal: true, read_by_customer: false, read_by_staff: true, has_read_at: false }
    ])
    const [view] = await query(
      db.pool,
      customer,
      'select customer_last_seen_at is not null as seen, staff_last_seen_at is not null as staff_seen from public.customer_conversations where id = $1',
      [id]
    )
    expect(view).toEqual({ seen: true, staff_seen: true })
  })

  it('a customer message reopens a resolved conversation; an archived one refuses', async () => {
    const { customer, id } = await newConversation()
    await query(db.pool, org.agent, "update public.chat_conversations set status = 'resolved' where id = $1", [id])
    await sendMessage(db.pool, customer, id, 'It broke again')
    const { rows } = await db.pool.query('select status from public.chat_conversations where id = $1', [id])
    expect(rows[0].status).toBe('active')
    await query(db.pool, org.agent, "update public.chat_conversations set status = 'archived' where id = $1", [id])
    expect((await sqlError(sendMessage(db.pool, customer, id, 'hello?'))).hint).toBe('CONFLICT')
  })
})

describe('automatic assignment', () => {
  it('picks the available agent with the fewest active conversations, ties round-robin, skips unavailable', async () => {
    const shop = await createOrganization(db.pool, 'Assignment Garage')
    const second = await createStaff(db.pool, shop.id, 'agent', 'Second Agent')
    const away = await createStaff(db.pool, shop.id, 'agent', 'Away Agent', false)
    const assigned: string[] = []
    for (let i = 0; i < 4; i++) {
      const customer = await createCustomer(db.pool)
      const { id } = await startConversation(db.pool, customer, shop.id)
      const { rows } = await db.pool.query('select assigned_to from public.chat_conversations where id = $1', [id])
      assigned.push(rows[0].assigned_to)
    }
    // Two agents, equal load each time: strictly alternating, the away agent never picked.
    expect(new Set(assigned)).toEqual(new Set([shop.agent.id, second.id]))
    expect(assigned[0]).not.toBe(assigned[1])
    expect(assigned[2]).toBe(assigned[0])
    expect(assigned[3]).toBe(assigned[1])
    expect(assigned).not.toContain(away.id)
    expect(assigned).not.toContain(shop.admin.id)

    // Resolving one of the first agent's conversations makes them the least loaded.
    const { rows } = await db.pool.query("select id from public.chat_conversations where assigned_to = $1 and status = 'active' limit 1", [
      assigned[0]
    ])
    await query(db.pool, shop.agent, "update public.chat_conversations set status = 'resolved' where id = $1", [rows[0].id])
    const customer = await createCustomer(db.pool)
    const { id } = await startConversation(db.pool, customer, shop.id)
    const { rows: next } = await db.pool.query('select assigned_to from public.chat_conversations where id = $1', [id])
    expect(next[0].assigned_to).toBe(assigned[0])
  })

  it('leaves the conversation unassigned when no agent is available', async () => {
    const shop = await createOrganization(db.pool, 'Closed Garage')
    await db.pool.query('update public.profiles set is_available = false where id = $1', [shop.agent.id])
    const customer = await createCustomer(db.pool)
    const { id } = await startConversation(db.pool, customer, shop.id)
    const { rows } = await db.pool.query('select assigned_to from public.chat_conversations where id = $1', [id])
    expect(rows[0].assigned_to).toBeNull()
  })

  it('refuses assigning to someone outside the organization or without a chat role', async () => {
    const { id } = await newConversation()
    const stranger = await createOrganization(db.pool, 'Stranger Garage')
    for (const target of [stranger.agent.id, org.fAndI.id]) {
      const error = await sqlError(
        query(db.pool, org.admin, 'update public.chat_conversations set assigned_to = $2 where id = $1', [id, target])
      )
      expect(error.hint).toBe('INVALID_INPUT')
    }
  })
})

describe('typing indicators', () => {
  it('set_typing writes an 8 s indicator, clears it, and cleanup removes expired rows', async () => {
    const { customer, id } = await newConversation()
    await query(db.pool, customer, 'select public.set_typing($1, true)', [id])
    const [row] = await query<{ user_type: string; user_name: string; seconds: number }>(
      db.pool,
      org.agent,
      'select user_type, user_name, round(extract(epoch from expires_at - now()))::int as seconds from public.typing_indicators where conversation_id = $1',
      [id]
    )
    expect(row).toEqual({ user_type: 'customer', user_name: 'Sophie Gagnon', seconds: 8 })
    await query(db.pool, customer, 'select public.set_typing($1, false)', [id])
    expect(await query(db.pool, org.agent, 'select * from public.typing_indicators where conversation_id = $1', [id])).toEqual([])

    await query(db.pool, org.agent, 'select public.set_typing($1, true)', [id])
    await query(db.pool, customer, 'select public.set_typing($1, true)', [id])
    await db.pool.query(
      "update public.typing_indicators set expires_at = now() - interval '1 second' where conversation_id = $1 and user_type = 'staff'",
      [id]
    )
    const service = { id: null, context: { role: 'service_role' as const, claims: { role: 'service_role' } } }
    const [cleaned] = await query<{ removed: number }>(db.pool, service, 'select public.cleanup_typing_indicators() as removed')
    expect(cleaned!.removed).toBeGreaterThanOrEqual(1)
    const left = await query(db.pool, org.agent, 'select user_type from public.typing_indicators where conversation_id = $1', [id])
    expect(left).toEqual([{ user_type: 'customer' }])
  })

  it('clients cannot write typing rows directly, nor run the cleanup job', async () => {
    const { customer, id } = await newConversation()
    const direct = await sqlError(
      query(
        db.pool,
        customer,
        "insert into public.typing_indicators (conversation_id, user_type, user_id, user_name, expires_at) values ($1, 'staff', $2, 'Fake Agent', now() + interval '1 hour')",
        [id, customer.id]
      )
    )
    expect(direct.code).toBe('42501')
    expect((await sqlError(query(db.pool, org.admin, 'select public.cleanup_typing_indicators()'))).code).toBe('42501')
  })
})

describe('update_customer_details', () => {
  it('the bound customer or chat staff update contact details, validated', async () => {
    const { customer, id } = await newConversation()
    await query(db.pool, customer, "select public.update_customer_details($1, 'Sophie G.', null, '+1 418 555 0100')", [id])
    const [view] = await query(
      db.pool,
      customer,
      'select customer_name, customer_email, customer_phone from public.customer_conversations where id = $1',
      [id]
    )
    expect(view).toEqual({ customer_name: 'Sophie G.', customer_email: 'sophie@example.com', customer_phone: '+1 418 555 0100' })
    const bad = await sqlError(query(db.pool, org.agent, "select public.update_customer_details($1, null, 'nope', null)", [id]))
    expect(bad.hint).toBe('INVALID_INPUT')
  })
})

describe('archived conversations', () => {
  it('refuse a customer rewriting their messages; resolved ones and staff edits are unchanged', async () => {
    const { customer, id } = await newConversation()
    const mine = await sendMessage(db.pool, customer, id, 'My car is fine')
    const reply = await sendMessage(db.pool, org.agent, id, 'Glad to hear it')
    await query(db.pool, org.agent, "update public.chat_conversations set status = 'resolved' where id = $1", [id])
    await query(db.pool, customer, "update public.chat_messages set content = 'My car is fine, thanks' where id = $1", [mine.id])
    await query(db.pool, org.agent, "update public.chat_conversations set status = 'archived' where id = $1", [id])
    const refused = await sqlError(
      query(db.pool, customer, "update public.chat_messages set content = 'You promised a free car' where id = $1", [mine.id])
    )
    expect(refused).toMatchObject({ code: 'PT409', hint: 'CONFLICT', message: 'This conversation is archived' })
    await query(db.pool, org.agent, "update public.chat_messages set content = 'Glad to hear it!' where id = $1", [reply.id])
    const { rows } = await db.pool.query('select content from public.chat_messages where id = any($1) order by created_at', [
      [mine.id, reply.id]
    ])
    expect(rows).toEqual([{ content: 'My car is fine, thanks' }, { content: 'Glad to hear it!' }])
  })
})

describe('names', () => {
  const impostors = [
    'Julie Tremblay (Support)',
    'Bruno [bot]',
    'Marc ( Staff )',
    'SYSTEM',
    'Parley',
    's\u200Bystem',
    'Ｓｙｓｔｅｍ',
    '\u200B\u200C\u200D\u2060\uFEFF',
    '\u3164',
    ' \u00A0\u2003 '
  ]

  it.each(impostors)('a customer cannot start a conversation as %j', async (name) => {
    const customer = await createCustomer(db.pool)
    const error = await sqlError(startConversation(db.pool, customer, org.id, { name }))
    expect(error).toMatchObject({ code: 'PT400', hint: 'INVALID_INPUT' })
    expect(error.message).toMatch(/^customer_name (must contain visible characters|is reserved)/)
  })

  it('a customer cannot rename themself into one, nor can staff rename them so', async () => {
    const { customer, id } = await newConversation()
    for (const name of ['System', 'Sophie (staff)', '\u200B']) {
      const error = await sqlError(query(db.pool, customer, 'select public.update_customer_details($1, $2)', [id, name]))
      expect(error).toMatchObject({ code: 'PT400', hint: 'INVALID_INPUT' })
    }
    const direct = await sqlError(
      query(db.pool, org.agent, "update public.chat_conversations set customer_name = 'Admin' where id = $1", [id])
    )
    expect(direct).toMatchObject({ code: 'PT400', hint: 'INVALID_INPUT' })
    const { rows } = await db.pool.query('select customer_name from public.chat_conversations where id = $1', [id])
    expect(rows[0].customer_name).toBe('Sophie Gagnon')
  })

  it('staff display names follow the same rule, whoever writes them', async () => {
    const renamed = await sqlError(
      query(db.pool, org.agent, "update public.profiles set display_name = 'System' where id = $1", [org.agent.id])
    )
    expect(renamed).toMatchObject({
      code: 'PT400',
      hint: 'INVALID_INPUT',
      message: 'display_name is reserved: a name cannot pose as the system, staff or support'
    })
    const invisible = await sqlError(createStaff(db.pool, org.id, 'agent', '\u200B\u2063'))
    expect(invisible).toMatchObject({ code: 'PT400', hint: 'INVALID_INPUT', message: 'display_name must contain visible characters' })
  })

  it('ordinary names pass, accents, brackets and all', async () => {
    for (const name of ['Zoë Ångström-Côté', 'Marie (mère de Luc)', 'Support Lavoie Inc.', '王小明']) {
      const customer = await createCustomer(db.pool)
      await expect(startConversation(db.pool, customer, org.id, { name })).resolves.toMatchObject({ id: expect.any(String) })
    }
    await query(db.pool, org.agent, "update public.profiles set display_name = 'Julie T.' where id = $1", [org.agent.id])
    await query(db.pool, org.agent, 'update public.profiles set display_name = $2 where id = $1', [org.agent.id, org.agent.name])
  })
})

describe('flood limits', () => {
  it('refuses the 61st read receipt within a minute from one reader', async () => {
    const { customer, id } = await newConversation()
    for (let i = 0; i < 60; i++) await query(db.pool, customer, 'select public.mark_read($1)', [id])
    const error = await sqlError(query(db.pool, customer, 'select public.mark_read($1)', [id]))
    expect(error).toMatchObject({ code: 'PT429', hint: 'RATE_LIMITED' })
    expect(error.message).toMatch(/^Too many read receipts, retry in \d+ s$/)
    // Another reader of the same conversation has their own budget.
    await query(db.pool, org.agent, 'select public.mark_read($1)', [id])
  })

  it('refuses the 31st message edit within a minute from one sender', async () => {
    const { customer, id } = await newConversation()
    const mine = await sendMessage(db.pool, customer, id, 'draft')
    for (let i = 0; i < 30; i++) {
      await query(db.pool, customer, 'update public.chat_messages set content = $2 where id = $1', [mine.id, `draft ${i}`])
    }
    const error = await sqlError(query(db.pool, customer, "update public.chat_messages set content = 'one more' where id = $1", [mine.id]))
    expect(error).toMatchObject({ code: 'PT429', hint: 'RATE_LIMITED' })
    expect(error.message).toMatch(/^Too many message edits, retry in \d+ s$/)
    const { rows } = await db.pool.query('select content from public.chat_messages where id = $1', [mine.id])
    expect(rows[0].content).toBe('draft 29')
  })

  it('refuses the 21st conversation started from one address in an hour, per organization', async () => {
    const shop = await createOrganization(db.pool, 'Flooded Garage')
    const from = (headers: Record<string, string>) => async () => {
      const customer = await createCustomer(db.pool)
      return startConversation(db.pool, { ...customer, context: { ...customer.context, headers } }, shop.id)
    }
    const attacker = from({ 'cf-connecting-ip': '203.0.113.7', 'x-forwarded-for': '198.51.100.1' })
    for (let i = 0; i < 20; i++) await attacker()
    const error = await sqlError(attacker())
    expect(error).toMatchObject({ code: 'PT429', hint: 'RATE_LIMITED' })
    expect(error.message).toMatch(/^Too many conversations started from this address, retry in \d+ s$/)
    // The Cloudflare address wins over a forged x-forwarded-for.
    expect(await sqlError(from({ 'cf-connecting-ip': '203.0.113.7', 'x-forwarded-for': '192.0.2.99' })())).toMatchObject({
      hint: 'RATE_LIMITED'
    })
    await from({ 'x-forwarded-for': '198.51.100.2, 10.0.0.1' })()
    const elsewhere = await createCustomer(db.pool)
    await startConversation(
      db.pool,
      { ...elsewhere, context: { ...elsewhere.context, headers: { 'cf-connecting-ip': '203.0.113.7' } } },
      org.id
    )
  })
})
