import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  anon,
  broadcastsSince,
  canJoin,
  canSend,
  createCustomer,
  databaseNow,
  query,
  sendMessage,
  type Caller
} from './fixtures.ts'
import { createTenant, type Tenant } from './world.ts'

let db: TestDatabase
let a: Tenant
let b: Tenant

beforeAll(async () => {
  db = await createTestDatabase()
  a = await createTenant(db.pool, 'Realtime A')
  b = await createTenant(db.pool, 'Realtime B')
})
afterAll(() => db.drop())

describe('joining private topics (SELECT policy on realtime.messages)', () => {
  it('a customer joins their conversation topic and no other', async () => {
    expect(await canJoin(db.pool, a.customer, `conversation:${a.conversationId}`)).toBe(true)
    expect(await canJoin(db.pool, a.customer, `conversation:${a.conversationId}`, 'presence')).toBe(true)
    expect(await canJoin(db.pool, a.customer, `conversation:${b.conversationId}`)).toBe(false)
    expect(await canJoin(db.pool, b.customer, `conversation:${a.conversationId}`)).toBe(false)
  })

  it('a customer never joins a staff topic or another user’s topic', async () => {
    expect(await canJoin(db.pool, a.customer, `staff:${a.org.id}`)).toBe(false)
    expect(await canJoin(db.pool, a.customer, `user:${a.org.admin.id}`)).toBe(false)
    expect(await canJoin(db.pool, a.customer, `user:${a.customer.id}`)).toBe(true)
  })

  it('claim topics: the bound customer, the conversation linked to the claim, and org staff', async () => {
    const topic = `claim:${a.claimId}`
    expect(await canJoin(db.pool, a.claimCustomer, topic)).toBe(true)
    expect(await canJoin(db.pool, a.customer, topic)).toBe(true)
    expect(await canJoin(db.pool, a.org.fAndI, topic)).toBe(true)
    expect(await canJoin(db.pool, b.claimCustomer, topic)).toBe(false)
    expect(await canJoin(db.pool, b.customer, topic)).toBe(false)
    expect(await canJoin(db.pool, b.org.admin, topic)).toBe(false)
  })

  it('staff topics: chat staff of that organization only', async () => {
    const topic = `staff:${a.org.id}`
    for (const member of [a.org.admin, a.org.operations, a.org.agent]) expect(await canJoin(db.pool, member, topic)).toBe(true)
    expect(await canJoin(db.pool, a.org.fAndI, topic)).toBe(false)
    for (const member of [b.org.admin, b.org.agent]) expect(await canJoin(db.pool, member, topic)).toBe(false)
    expect(await canJoin(db.pool, b.org.agent, `conversation:${a.conversationId}`)).toBe(false)
    expect(await canJoin(db.pool, a.org.agent, `conversation:${a.conversationId}`)).toBe(true)
  })

  it('anon and malformed or unknown topics open nothing', async () => {
    for (const topic of [`conversation:${a.conversationId}`, `staff:${a.org.id}`, `claim:${a.claimId}`]) {
      expect(await canJoin(db.pool, anon, topic)).toBe(false)
    }
    for (const topic of ['conversation:', 'conversation:not-a-uuid', `Conversation:${a.conversationId}`, `room:${a.org.id}`, '', `conversation:${a.conversationId}:x`]) {
      expect(await canJoin(db.pool, a.org.admin, topic)).toBe(false)
    }
  })

  it('a revoked customer can no longer join', async () => {
    const customer = await createCustomer(db.pool)
    await query(db.pool, customer, 'select * from public.redeem_access_token($1)', [a.conversationToken])
    expect(await canJoin(db.pool, customer, `conversation:${a.conversationId}`)).toBe(true)
    const [rotated] = await query<{ token: string }>(db.pool, a.org.agent, 'select public.rotate_access_token($1) as token', [a.conversationId])
    expect(await canJoin(db.pool, customer, `conversation:${a.conversationId}`)).toBe(false)
    expect(await canJoin(db.pool, a.customer, `conversation:${a.conversationId}`)).toBe(false)
    a.conversationToken = rotated!.token
    await query(db.pool, a.customer, 'select * from public.redeem_access_token($1)', [rotated!.token])
  })
})

describe('sending on topics (INSERT policy on realtime.messages)', () => {
  it('participants track presence in their conversation', async () => {
    expect(await canSend(db.pool, a.customer, `conversation:${a.conversationId}`, 'presence')).toBe(true)
    expect(await canSend(db.pool, a.org.agent, `conversation:${a.conversationId}`, 'presence')).toBe(true)
  })

  it('nobody injects client broadcasts (a forged `message` event) or presence elsewhere', async () => {
    expect(await canSend(db.pool, a.customer, `conversation:${a.conversationId}`, 'broadcast')).toBe(false)
    expect(await canSend(db.pool, a.org.agent, `staff:${a.org.id}`, 'broadcast')).toBe(false)
    expect(await canSend(db.pool, a.org.agent, `staff:${a.org.id}`, 'presence')).toBe(false)
    expect(await canSend(db.pool, b.customer, `conversation:${a.conversationId}`, 'presence')).toBe(false)
    expect(await canSend(db.pool, anon, `conversation:${a.conversationId}`, 'presence')).toBe(false)
  })
})

describe('what the database broadcasts', () => {
  function topicsOf(rows: Array<{ topic: string; event: string }>): string[] {
    return rows.map((row) => `${row.topic} ${row.event}`)
  }

  it('a customer message goes to its conversation topic and its staff topic, with server-set sender', async () => {
    const since = await databaseNow(db.pool)
    const message = await sendMessage(db.pool, a.customer, a.conversationId, 'Any news?')
    const sent = (await broadcastsSince(db.pool, since)).filter((row) => row.event === 'message')
    expect(topicsOf(sent).sort()).toEqual([`conversation:${a.conversationId} message`, `staff:${a.org.id} message`].sort())
    expect(sent[0]!.payload).toMatchObject({ id: message.id, sender_type: 'customer', sender_name: 'Sophie Gagnon', content: 'Any news?' })
  })

  it('an internal note is never written to a conversation topic, only to staff', async () => {
    const since = await databaseNow(db.pool)
    const note = await sendMessage(db.pool, a.org.agent, a.conversationId, 'Internal: customer is upset', { internal: true })
    const rows = await broadcastsSince(db.pool, since)
    expect(rows.filter((row) => row.topic.startsWith('conversation:'))).toEqual([])
    expect(topicsOf(rows)).toContain(`staff:${a.org.id} message`)
    const { rows: leaked } = await db.pool.query(
      `select count(*)::int as n from realtime.messages where topic like 'conversation:%' and payload::text like '%' || $1 || '%'`,
      [note.id]
    )
    expect(leaked[0].n).toBe(0)
    // Not even the conversation's updated_at moves for customers.
    expect(rows.filter((row) => row.event === 'conversation')).toEqual([])
  })

  it('conversation updates reach customers as a safe projection (no tags, notes or token hash)', async () => {
    const since = await databaseNow(db.pool)
    await query(
      db.pool,
      a.org.agent,
      "update public.chat_conversations set priority = 'urgent', tags = '{vip}', internal_notes = 'secret' where id = $1",
      [a.conversationId]
    )
    const rows = (await broadcastsSince(db.pool, since)).filter((row) => row.event === 'conversation')
    const customerView = rows.find((row) => row.topic === `conversation:${a.conversationId}`)!
    expect(customerView.payload).toMatchObject({ id: a.conversationId, priority: 'urgent', assigned_agent_name: a.org.agent.name })
    for (const hidden of ['tags', 'internal_notes', 'access_token', 'unread_count_staff']) expect(customerView.payload).not.toHaveProperty(hidden)
    const staffView = rows.find((row) => row.topic === `staff:${a.org.id}`)!
    expect(staffView.payload).toMatchObject({ tags: ['vip'], internal_notes: 'secret' })
    expect(staffView.payload).not.toHaveProperty('access_token')
  })

  it('a staff-only edit (tags, notes) tells the customer nothing, not even a new updated_at', async () => {
    const view = () => query(db.pool, a.customer, 'select * from public.customer_conversations where id = $1', [a.conversationId])
    const before = await view()
    const since = await databaseNow(db.pool)
    await query(db.pool, a.org.agent, "update public.chat_conversations set internal_notes = 'even more secret', tags = '{x}' where id = $1", [a.conversationId])
    const rows = await broadcastsSince(db.pool, since)
    expect(rows.filter((row) => row.topic.startsWith('conversation:'))).toEqual([])
    expect(await view()).toEqual(before)
  })

  it('typing and read receipts go to the conversation and staff topics', async () => {
    const since = await databaseNow(db.pool)
    await query(db.pool, a.org.agent, 'select public.set_typing($1, true)', [a.conversationId])
    await query(db.pool, a.customer, 'select public.mark_read($1)', [a.conversationId])
    const rows = await broadcastsSince(db.pool, since)
    const typing = rows.filter((row) => row.event === 'typing')
    expect(typing.map((row) => row.topic).sort()).toEqual([`conversation:${a.conversationId}`, `staff:${a.org.id}`].sort())
    expect(typing[0]!.payload).toMatchObject({ user_type: 'staff', user_name: a.org.agent.name, is_typing: true })
    const read = rows.filter((row) => row.event === 'read')
    expect(read[0]!.payload).toMatchObject({ conversation_id: a.conversationId, reader: 'customer' })
  })

  it('deleting a conversation tells only its own topic and its organization’s staff topic', async () => {
    const customer = await createCustomer(db.pool)
    const [started] = await query<{ conversation_id: string }>(
      db.pool,
      customer,
      "select * from public.start_conversation($1, 'Doomed', 'doomed@example.com')",
      [a.org.id]
    )
    const doomed = started!.conversation_id
    await sendMessage(db.pool, customer, doomed, 'bye')
    const since = await databaseNow(db.pool)
    await query(db.pool, a.org.admin, 'select public.delete_conversation($1)', [doomed])
    const rows = await broadcastsSince(db.pool, since)
    expect(rows.map((row) => `${row.topic} ${row.event} ${JSON.stringify(row.payload)}`).sort()).toEqual(
      [
        `conversation:${doomed} conversation_deleted {"id":"${doomed}"}`,
        `staff:${a.org.id} conversation_deleted {"id":"${doomed}"}`
      ].sort()
    )
    const { rows: anywhere } = await db.pool.query(
      `select topic from realtime.messages where payload::text like '%' || $1 || '%'
         and topic not in ($2, $3)`,
      [doomed, `conversation:${doomed}`, `staff:${a.org.id}`]
    )
    expect(anywhere).toEqual([])
  })

  it('notifications go to their user topic only', async () => {
    const since = await databaseNow(db.pool)
    await db.pool.query(
      "insert into public.notifications (organization_id, user_id, type, title) values ($1, $2, 'system_alert', 'Maintenance tonight')",
      [a.org.id, a.org.fAndI.id]
    )
    const rows = (await broadcastsSince(db.pool, since)).filter((row) => row.event === 'notification')
    expect(rows.map((row) => row.topic)).toEqual([`user:${a.org.fAndI.id}`])
    expect(await canJoin(db.pool, a.org.fAndI, `user:${a.org.fAndI.id}`)).toBe(true)
    expect(await canJoin(db.pool, a.org.admin as Caller, `user:${a.org.fAndI.id}`)).toBe(false)
  })
})
