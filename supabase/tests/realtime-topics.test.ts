import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  anon,
  broadcastsSince,
  type Caller,
  canJoin,
  canSend,
  createClaim,
  createCustomer,
  createOrganization,
  createStaff,
  databaseNow,
  query,
  type StartedConversation,
  sendMessage,
  sqlError,
  startConversation
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
  })

  it('conversation topics: bound customers only, never staff (they hear every conversation on their staff topic, which moves)', async () => {
    for (const member of [a.org.admin, a.org.operations, a.org.agent, b.org.agent])
      expect(await canJoin(db.pool, member, `conversation:${a.conversationId}`)).toBe(false)
    expect((await sqlError(currentTopic(a.org.agent, `conversation:${a.conversationId}`))).hint).toBe('NOT_FOUND')
  })

  it('anon and malformed or unknown topics open nothing', async () => {
    for (const topic of [`conversation:${a.conversationId}`, `staff:${a.org.id}`, `claim:${a.claimId}`]) {
      expect(await canJoin(db.pool, anon, topic)).toBe(false)
    }
    for (const topic of [
      'conversation:',
      'conversation:not-a-uuid',
      `Conversation:${a.conversationId}`,
      `room:${a.org.id}`,
      '',
      `conversation:${a.conversationId}:x`
    ]) {
      expect(await canJoin(db.pool, a.org.admin, topic)).toBe(false)
    }
  })

  it('a revoked customer can no longer join', async () => {
    const { conversation, owner } = await fresh()
    const holder = await createCustomer(db.pool)
    await query(db.pool, holder, 'select * from public.redeem_access_token($1)', [conversation.token])
    expect(await canJoin(db.pool, holder, `conversation:${conversation.id}`)).toBe(true)
    const [rotated] = await query<{ token: string }>(db.pool, a.org.agent, 'select public.rotate_access_token($1) as token', [
      conversation.id
    ])
    const topic = await topicNow(`conversation:${conversation.id}`)
    for (const name of [`conversation:${conversation.id}`, topic]) {
      expect(await canJoin(db.pool, holder, name)).toBe(false)
      expect(await canJoin(db.pool, owner, name)).toBe(false)
    }
    await query(db.pool, owner, 'select * from public.redeem_access_token($1)', [rotated!.token])
    expect(await canJoin(db.pool, owner, topic)).toBe(true)
  })
})

/** A conversation of tenant A of its own, so moving its topic disturbs no other test. */
async function fresh(): Promise<{ conversation: StartedConversation; owner: Caller & { id: string } }> {
  const owner = await createCustomer(db.pool)
  return { conversation: await startConversation(db.pool, owner, a.org.id), owner }
}

/** The current name of a topic, as the database's owner sees it (whoever may receive it or not). */
async function topicNow(topic: string): Promise<string> {
  const [kind, id] = topic.split(':')
  const { rows } = await db.pool.query<{ topic: string }>('select private.topic_name($1, $2::uuid) as topic', [kind, id])
  return rows[0]!.topic
}

async function currentTopic(caller: Caller, topic: string): Promise<string> {
  const [row] = await query<{ topic: string }>(db.pool, caller, 'select public.realtime_topic($1) as topic', [topic])
  return row!.topic
}

describe('topic generations: an audience that shrinks moves to a new topic name', () => {
  it('revoking moves the conversation topic: the old name hears topic_changed and nothing after, and is refused to everyone', async () => {
    const { conversation, owner } = await fresh()
    const holder = await createCustomer(db.pool)
    await query(db.pool, holder, 'select * from public.redeem_access_token($1)', [conversation.token])
    const before = `conversation:${conversation.id}`
    expect(await currentTopic(holder, before)).toBe(before)

    const since = await databaseNow(db.pool)
    await query(db.pool, a.org.agent, 'select public.revoke_access_token($1)', [conversation.id])
    await sendMessage(db.pool, a.org.agent, conversation.id, 'after the revocation')
    const after = await topicNow(before)
    expect(after).toBe(`${before}:1`)
    const rows = await broadcastsSince(db.pool, since)
    expect(rows.filter((row) => row.topic === before).map((row) => row.event)).toEqual(['topic_changed'])
    expect(
      rows
        .filter((row) => row.event === 'message')
        .map((row) => row.topic)
        .sort()
    ).toEqual([after, `staff:${a.org.id}`].sort())

    // Old name and new name: not the revoked customers.
    for (const caller of [holder, owner, a.org.agent]) expect(await canJoin(db.pool, caller, before)).toBe(false)
    for (const caller of [holder, owner]) {
      expect(await canJoin(db.pool, caller, after)).toBe(false)
      expect(await canSend(db.pool, caller, after, 'presence')).toBe(false)
      expect((await sqlError(currentTopic(caller, before))).hint).toBe('NOT_FOUND')
    }
  })

  it('kicking one device moves the topic; the customer still bound finds the new name and joins it', async () => {
    const { conversation, owner } = await fresh()
    const holder = await createCustomer(db.pool)
    await query(db.pool, holder, 'select * from public.redeem_access_token($1)', [conversation.token])
    await query(db.pool, a.org.agent, 'delete from public.conversation_access where conversation_id = $1 and user_id = $2', [
      conversation.id,
      holder.id
    ])
    const after = await currentTopic(owner, `conversation:${conversation.id}`)
    expect(after).toBe(`conversation:${conversation.id}:1`)
    expect(await canJoin(db.pool, owner, after)).toBe(true)
    expect(await canSend(db.pool, owner, after, 'presence')).toBe(true)
    expect(await canJoin(db.pool, holder, after)).toBe(false)
    // Every removal is a new generation; an old one never comes back.
    await query(db.pool, a.org.agent, 'select public.rotate_access_token($1)', [conversation.id])
    expect(await topicNow(after)).toBe(`conversation:${conversation.id}:2`)
    expect(await canJoin(db.pool, owner, after)).toBe(false)
  })

  it('claim topics move when a claim token is revoked or reissued, a linked conversation loses a customer, or the link goes', async () => {
    const claimId = await createClaim(db.pool, a.org.id, `RC-${randomUUID().slice(0, 8)}`)
    const [issued] = await query<{ token: string }>(db.pool, a.org.agent, 'select public.issue_claim_access_token($1) as token', [claimId])
    const claimHolder = await createCustomer(db.pool)
    await query(db.pool, claimHolder, 'select * from public.redeem_access_token($1)', [issued!.token])
    const base = `claim:${claimId}`
    const generation = async () => (await currentTopic(a.org.fAndI, base)).slice(base.length)

    await query(db.pool, a.org.agent, 'select public.revoke_claim_access_token($1)', [claimId])
    expect(await generation()).toBe(':1')
    expect(await canJoin(db.pool, claimHolder, `${base}:1`)).toBe(false)

    const { conversation, owner } = await fresh()
    await db.pool.query('update public.chat_conversations set claim_id = $2 where id = $1', [conversation.id, claimId])
    expect(await canJoin(db.pool, owner, `${base}:1`)).toBe(true)
    const since = await databaseNow(db.pool)
    await query(db.pool, a.org.agent, 'update public.chat_conversations set claim_id = null where id = $1', [conversation.id])
    expect(await generation()).toBe(':2')
    expect((await broadcastsSince(db.pool, since)).filter((row) => row.topic === `${base}:1`).map((row) => row.event)).toEqual([
      'topic_changed'
    ])
    expect(await canJoin(db.pool, owner, `${base}:2`)).toBe(false)

    await db.pool.query('update public.chat_conversations set claim_id = $2 where id = $1', [conversation.id, claimId])
    await query(db.pool, a.org.agent, 'select public.revoke_access_token($1)', [conversation.id])
    expect(await generation()).toBe(':3')
    await query(db.pool, a.org.agent, "select public.change_claim_status($1, 'approved')", [claimId])
    const statuses = (await broadcastsSince(db.pool, since)).filter((row) => row.event === 'claim_status')
    expect(statuses.map((row) => row.topic).sort()).toEqual([`${base}:3`, `staff:${a.org.id}`].sort())
  })

  it('realtime_topic answers only whoever may receive the topic, and only for Parley topics', async () => {
    expect(await currentTopic(a.customer, `user:${a.customer.id}`)).toBe(`user:${a.customer.id}`)
    expect(await currentTopic(a.org.agent, `staff:${a.org.id}`)).toBe(`staff:${a.org.id}`)
    for (const [caller, topic] of [
      [b.customer, `conversation:${a.conversationId}`],
      [b.org.admin, `claim:${a.claimId}`],
      [a.org.fAndI, `staff:${a.org.id}`],
      [a.customer, `user:${a.org.admin.id}`],
      [a.org.admin, 'room:x'],
      [a.org.admin, `user:${a.org.admin.id}:1`],
      [a.org.admin, `conversation:${a.conversationId.toUpperCase()}`]
    ] as const) {
      expect((await sqlError(currentTopic(caller, topic))).hint, topic).toBe('NOT_FOUND')
    }
    expect((await sqlError(currentTopic(anon, `staff:${a.org.id}`))).code).toBe('42501')
  })
})

describe('staff topics move when a member leaves the chat audience', () => {
  /** An organization of its own (its topics move), two agents, a customer conversation and a claim. */
  async function team() {
    const org = await createOrganization(db.pool, 'Staff moves')
    const other = await createStaff(db.pool, org.id, 'agent', 'Second Agent')
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, org.id)
    const claimId = await createClaim(db.pool, org.id, `RC-${randomUUID().slice(0, 8)}`)
    return { org, other, customer, conversation, claimId, staff: `staff:${org.id}`, claim: `claim:${claimId}` }
  }

  it('a deactivated agent: the old staff name hears only topic_changed, messages and notes go to the new one, which they can neither learn nor join', async () => {
    const t = await team()
    expect(await canJoin(db.pool, t.org.agent, t.staff)).toBe(true)
    const since = await databaseNow(db.pool)
    await query(db.pool, t.org.admin, 'select public.deactivate_member($1)', [t.org.agent.id])
    await sendMessage(db.pool, t.customer, t.conversation.id, 'after the deactivation')
    await sendMessage(db.pool, t.other, t.conversation.id, 'Internal: after the deactivation', { internal: true })
    await query(db.pool, t.other, "select public.change_claim_status($1, 'under_review')", [t.claimId])
    const rows = await broadcastsSince(db.pool, since)
    const moved = `${t.staff}:1`
    expect(rows.filter((row) => row.topic === t.staff).map((row) => row.event)).toEqual(['topic_changed'])
    expect(
      rows.filter((row) => row.topic === moved && row.event === 'message').map((row) => [row.payload.content, row.payload.is_internal])
    ).toEqual([
      ['after the deactivation', false],
      ['Internal: after the deactivation', true]
    ])
    expect(rows.filter((row) => row.topic === moved).map((row) => row.event)).toContain('claim_status')

    expect(await currentTopic(t.other, t.staff)).toBe(moved)
    expect(await canJoin(db.pool, t.other, moved)).toBe(true)
    for (const name of [t.staff, moved]) {
      expect(await canJoin(db.pool, t.org.agent, name)).toBe(false)
      expect((await sqlError(currentTopic(t.org.agent, name))).hint).toBe('NOT_FOUND')
    }
    // Nobody joins the old name again, not even staff who still may receive the topic.
    expect(await canJoin(db.pool, t.other, t.staff)).toBe(false)
    // Claim topics: every role reads claims, so a member who leaves the staff moves them too.
    expect(rows.filter((row) => row.topic === t.claim).map((row) => row.event)).toEqual(['topic_changed'])
    expect(await currentTopic(t.org.fAndI, t.claim)).toBe(`${t.claim}:1`)
    expect(await canJoin(db.pool, t.org.agent, `${t.claim}:1`)).toBe(false)
    expect((await sqlError(currentTopic(t.org.agent, t.claim))).hint).toBe('NOT_FOUND')

    // Coming back is a wider audience: nothing moves, the current name opens again.
    await query(db.pool, t.org.admin, 'select public.reactivate_member($1)', [t.org.agent.id])
    expect(await currentTopic(t.org.agent, t.staff)).toBe(moved)
    expect(await canJoin(db.pool, t.org.agent, moved)).toBe(true)
  })

  it('a role without chat moves the staff topic (not the claims); a role with chat again, or another chat role, moves nothing', async () => {
    const t = await team()
    const since = await databaseNow(db.pool)
    await query(db.pool, t.org.admin, "select public.change_member_role($1, 'f_and_i')", [t.org.agent.id])
    await sendMessage(db.pool, t.customer, t.conversation.id, 'after the role change')
    await sendMessage(db.pool, t.other, t.conversation.id, 'Internal: after the role change', { internal: true })
    const rows = await broadcastsSince(db.pool, since)
    const moved = `${t.staff}:1`
    expect(rows.filter((row) => row.topic === t.staff).map((row) => row.event)).toEqual(['topic_changed'])
    expect(rows.filter((row) => row.topic === moved && row.event === 'message')).toHaveLength(2)
    expect(rows.filter((row) => row.topic.startsWith('claim:'))).toEqual([])
    for (const name of [t.staff, moved]) expect(await canJoin(db.pool, t.org.agent, name)).toBe(false)
    expect((await sqlError(currentTopic(t.org.agent, t.staff))).hint).toBe('NOT_FOUND')
    expect(await currentTopic(t.org.agent, t.claim)).toBe(t.claim)

    await query(db.pool, t.org.admin, "select public.change_member_role($1, 'agent')", [t.org.agent.id])
    await query(db.pool, t.org.admin, "select public.change_member_role($1, 'admin')", [t.org.operations.id])
    await query(db.pool, t.org.admin, "select public.change_member_role($1, 'agent')", [t.org.fAndI.id])
    expect(await currentTopic(t.org.agent, t.staff)).toBe(moved)
    expect(await canJoin(db.pool, t.org.agent, moved)).toBe(true)
    expect((await broadcastsSince(db.pool, since)).filter((row) => row.event === 'topic_changed')).toHaveLength(1)
  })

  it('a member deleted with their user moves the staff and claim topics; an f_and_i leaving moves only the claims', async () => {
    const t = await team()
    await db.pool.query('delete from auth.users where id = $1', [t.other.id])
    expect(await currentTopic(t.org.agent, t.staff)).toBe(`${t.staff}:1`)
    expect(await currentTopic(t.org.agent, t.claim)).toBe(`${t.claim}:1`)
    await query(db.pool, t.org.admin, 'select public.deactivate_member($1)', [t.org.fAndI.id])
    expect(await currentTopic(t.org.agent, t.staff)).toBe(`${t.staff}:1`)
    expect(await currentTopic(t.org.agent, t.claim)).toBe(`${t.claim}:2`)
    // Moving moves, whoever would join under the old name: the two old generations are closed.
    for (const name of [t.claim, `${t.claim}:1`]) expect(await canJoin(db.pool, t.org.agent, name)).toBe(false)
  })

  it('deleting the organization forgets its topic generations', async () => {
    const t = await team()
    await query(db.pool, t.org.admin, 'select public.deactivate_member($1)', [t.org.agent.id])
    const generations = () =>
      db.pool.query('select topic from private.topic_generations where topic = any($1)', [[t.staff, t.claim]]).then((r) => r.rowCount)
    expect(await generations()).toBe(2)
    await db.pool.query('delete from public.organizations where id = $1', [t.org.id])
    expect(await generations()).toBe(0)
  })
})

describe('sending on topics (INSERT policy on realtime.messages)', () => {
  it('bound customers track presence in their conversation', async () => {
    expect(await canSend(db.pool, a.customer, `conversation:${a.conversationId}`, 'presence')).toBe(true)
    expect(await canSend(db.pool, a.org.agent, `conversation:${a.conversationId}`, 'presence')).toBe(false)
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
    for (const hidden of ['tags', 'internal_notes', 'access_token', 'unread_count_staff'])
      expect(customerView.payload).not.toHaveProperty(hidden)
    const staffView = rows.find((row) => row.topic === `staff:${a.org.id}`)!
    expect(staffView.payload).toMatchObject({ tags: ['vip'], internal_notes: 'secret' })
    expect(staffView.payload).not.toHaveProperty('access_token')
  })

  it('a staff-only edit (tags, notes) tells the customer nothing, not even a new updated_at', async () => {
    const view = () => query(db.pool, a.customer, 'select * from public.customer_conversations where id = $1', [a.conversationId])
    const before = await view()
    const since = await databaseNow(db.pool)
    await query(
      db.pool,
      a.org.agent,
      "update public.chat_conversations set internal_notes = 'even more secret', tags = '{x}' where id = $1",
      [a.conversationId]
    )
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

  it('typing an internal note reaches staff only and is never readable by the customer', async () => {
    const { conversation, owner } = await fresh()
    const topic = `conversation:${conversation.id}`
    const since = await databaseNow(db.pool)
    await query(db.pool, a.org.agent, 'select public.set_typing($1, true, internal => true)', [conversation.id])
    let rows = (await broadcastsSince(db.pool, since)).filter((row) => row.event === 'typing')
    expect(rows.map((row) => row.topic)).toEqual([`staff:${a.org.id}`])
    expect(rows[0]!.payload).toMatchObject({ user_type: 'staff', is_typing: true, is_internal: true })
    const visible = 'select user_type, is_internal from public.typing_indicators where conversation_id = $1'
    expect(await query(db.pool, owner, visible, [conversation.id])).toEqual([])
    expect(await query(db.pool, a.org.admin, visible, [conversation.id])).toEqual([{ user_type: 'staff', is_internal: true }])
    await query(db.pool, a.org.agent, 'select public.set_typing($1, false, internal => true)', [conversation.id])
    rows = (await broadcastsSince(db.pool, since)).filter((row) => row.event === 'typing')
    expect(rows.map((row) => `${row.topic} ${row.payload.is_typing}`)).toEqual([`staff:${a.org.id} true`, `staff:${a.org.id} false`])

    // A reply that turns into a note stops, for the customer, at once.
    await query(db.pool, a.org.agent, 'select public.set_typing($1, true)', [conversation.id])
    const switched = await databaseNow(db.pool)
    await query(db.pool, a.org.agent, 'select public.set_typing($1, true, internal => true)', [conversation.id])
    rows = (await broadcastsSince(db.pool, switched)).filter((row) => row.event === 'typing')
    expect(rows.map((row) => `${row.topic} ${row.payload.is_typing} ${row.payload.is_internal}`).sort()).toEqual(
      [`${topic} false false`, `staff:${a.org.id} true true`].sort()
    )
    expect(await query(db.pool, owner, visible, [conversation.id])).toEqual([])
    expect((await sqlError(query(db.pool, owner, 'select public.set_typing($1, true, internal => true)', [conversation.id]))).hint).toBe(
      'NOT_AUTHORIZED'
    )
  })

  it('set_typing refuses a flood: 20 calls per typist per 10 s', async () => {
    const { conversation, owner } = await fresh()
    for (let index = 0; index < 20; index++) {
      await query(db.pool, owner, 'select public.set_typing($1, $2)', [conversation.id, index % 2 === 0])
    }
    const refused = await sqlError(query(db.pool, owner, 'select public.set_typing($1, true)', [conversation.id]))
    expect(refused).toMatchObject({ code: 'PT429', hint: 'RATE_LIMITED' })
    expect(refused.message).toMatch(/^Too many typing updates, retry in \d+ s$/)
    // Per typist: staff in the same conversation are not held back by it.
    await query(db.pool, a.org.agent, 'select public.set_typing($1, true)', [conversation.id])
    // The window passes.
    await db.pool.query(
      "update private.rate_limit_hits set hit_at = hit_at - interval '11 seconds' where bucket like 'typing:' || $1 || ':%'",
      [conversation.id]
    )
    await query(db.pool, owner, 'select public.set_typing($1, true)', [conversation.id])
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
    expect(rows.map((row) => `${row.topic} ${row.event} ${JSON.stringify(row.payload)}`).sort()).toEqual([
      `conversation:${doomed} conversation_deleted {"id":"${doomed}"}`,
      // Its bindings go with it, so the topic moves on: nobody may join the old name.
      // (realtime.send gives a payload without one its message's id.)
      expect.stringMatching(new RegExp(`^conversation:${doomed} topic_changed \\{"id":"[0-9a-f-]{36}"\\}$`)),
      `staff:${a.org.id} conversation_deleted {"id":"${doomed}"}`
    ])
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
