import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asRequest } from '../../packages/local/src/db/request.ts'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  anon,
  type Caller,
  createAuthUser,
  createCustomer,
  createOrganization,
  createStaff,
  query,
  sendMessage,
  sqlError,
  startConversation
} from './fixtures.ts'
import { createTenant, TENANT_ROWS, type Tenant } from './world.ts'

let db: TestDatabase
let a: Tenant
let b: Tenant

beforeAll(async () => {
  db = await createTestDatabase()
  a = await createTenant(db.pool, 'Garage A')
  b = await createTenant(db.pool, 'Garage B')
})
afterAll(() => db.drop())

/** Rows of `tenant` the caller can see in `table`; a table closed to the role counts as none. */
async function count(caller: Caller, table: string, tenant: Tenant): Promise<number> {
  const [sql, params] = TENANT_ROWS[table]!(tenant)
  try {
    const [row] = await query<{ n: number }>(db.pool, caller, sql, params)
    return row!.n
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return 0
    throw error
  }
}

/** Rows a write touched, or the SQLSTATE it was refused with. */
async function attempt(caller: Caller, sql: string, params: unknown[]): Promise<number | string> {
  try {
    return await asRequest(db.pool, caller.context, async (client) => (await client.query(sql, params)).rowCount ?? 0)
  } catch (error) {
    return (error as { code: string }).code
  }
}

const TABLES = Object.keys(TENANT_ROWS)
const STAFF_ONLY_INVISIBLE = new Set(['customer_conversations', 'notification_outbox'])

describe('cross-organization reads', () => {
  it.each(TABLES)('%s: staff of another organization read none of its rows', async (table) => {
    for (const role of ['admin', 'operations', 'fAndI', 'agent'] as const) {
      expect(await count(b.org[role], table, a)).toBe(0)
    }
  })

  it.each(TABLES.filter((table) => !STAFF_ONLY_INVISIBLE.has(table)))(
    '%s: the organization admin does read its own rows (the check above is not vacuous)',
    async (table) => {
      expect(await count(a.org.admin, table, a)).toBeGreaterThan(0)
    }
  )
})

describe('cross-organization writes', () => {
  const writes: Array<[string, (t: Tenant) => [string, unknown[]]]> = [
    ['update organizations', (t) => ["update public.organizations set name = 'pwned' where id = $1", [t.org.id]]],
    [
      'insert profiles',
      (t) => [
        "insert into public.profiles (id, organization_id, role, display_name) values ($1, $2, 'admin', 'Mole')",
        [b.customer.id, t.org.id]
      ]
    ],
    ['update profiles', (t) => ["update public.profiles set display_name = 'pwned' where organization_id = $1", [t.org.id]]],
    [
      'insert warranties',
      (t) => [
        "insert into public.warranties (organization_id, warranty_number, customer_name, expires_on) values ($1, 'X', 'X', current_date + 1)",
        [t.org.id]
      ]
    ],
    ['update warranties', (t) => ["update public.warranties set customer_name = 'pwned' where organization_id = $1", [t.org.id]]],
    ['delete warranties', (t) => ['delete from public.warranties where organization_id = $1', [t.org.id]]],
    [
      'insert claims',
      (t) => ["insert into public.claims (organization_id, claim_number, customer_name) values ($1, 'X-1', 'X')", [t.org.id]]
    ],
    ['update claims', (t) => ["update public.claims set status = 'approved' where organization_id = $1", [t.org.id]]],
    ['delete claims', (t) => ['delete from public.claims where organization_id = $1', [t.org.id]]],
    ['insert claim_access', (t) => ['insert into public.claim_access (claim_id, user_id) values ($1, $2)', [t.claimId, b.org.admin.id]]],
    ['delete claim_access', (t) => ['delete from public.claim_access where claim_id = $1', [t.claimId]]],
    [
      'insert claim_status_updates',
      (t) => [
        "insert into public.claim_status_updates (organization_id, claim_id, new_status, changed_by_name) values ($1, $2, 'approved', 'X')",
        [t.org.id, t.claimId]
      ]
    ],
    [
      'insert chat_conversations',
      (t) => ["insert into public.chat_conversations (organization_id, customer_name) values ($1, 'X')", [t.org.id]]
    ],
    [
      'update chat_conversations',
      (t) => ["update public.chat_conversations set internal_notes = 'pwned' where organization_id = $1", [t.org.id]]
    ],
    ['delete chat_conversations', (t) => ['delete from public.chat_conversations where organization_id = $1', [t.org.id]]],
    [
      'insert conversation_access',
      (t) => ['insert into public.conversation_access (conversation_id, user_id) values ($1, $2)', [t.conversationId, b.org.admin.id]]
    ],
    ['delete conversation_access', (t) => ['delete from public.conversation_access where conversation_id = $1', [t.conversationId]]],
    ['insert chat_messages', (t) => ["insert into public.chat_messages (conversation_id, content) values ($1, 'hi')", [t.conversationId]]],
    ['update chat_messages', (t) => ["update public.chat_messages set content = 'pwned' where organization_id = $1", [t.org.id]]],
    ['delete chat_messages', (t) => ['delete from public.chat_messages where organization_id = $1', [t.org.id]]],
    [
      'insert typing_indicators',
      (t) => [
        "insert into public.typing_indicators (conversation_id, user_type, user_id, user_name, expires_at) values ($1, 'staff', $2, 'X', now() + interval '1 minute')",
        [t.conversationId, b.org.admin.id]
      ]
    ],
    ['delete typing_indicators', (t) => ['delete from public.typing_indicators where conversation_id = $1', [t.conversationId]]],
    [
      'insert push_subscriptions',
      (t) => [
        "insert into public.push_subscriptions (organization_id, user_id, platform, endpoint) values ($1, $2, 'web', 'https://push.example/x')",
        [t.org.id, b.org.admin.id]
      ]
    ],
    ['update push_subscriptions', (t) => ['update public.push_subscriptions set enabled = false where organization_id = $1', [t.org.id]]],
    [
      'insert notifications',
      (t) => [
        "insert into public.notifications (organization_id, user_id, type, title) values ($1, $2, 'system_alert', 'X')",
        [t.org.id, t.org.admin.id]
      ]
    ],
    ['update notifications', (t) => ['update public.notifications set read_at = now() where organization_id = $1', [t.org.id]]],
    ['delete notifications', (t) => ['delete from public.notifications where organization_id = $1', [t.org.id]]],
    [
      'insert notification_outbox',
      (t) => [
        "insert into public.notification_outbox (organization_id, user_id, type, title) values ($1, $2, 'system_alert', 'X')",
        [t.org.id, t.org.admin.id]
      ]
    ],
    ['update notification_outbox', (t) => ["update public.notification_outbox set status = 'sent' where organization_id = $1", [t.org.id]]]
  ]

  it.each(writes)('%s into another organization is refused or touches nothing', async (_name, statement) => {
    const [sql, params] = statement(a)
    for (const role of ['admin', 'agent'] as const) {
      const outcome = await attempt(b.org[role], sql, params)
      expect([0, '42501', 'PT403', 'PT404']).toContain(outcome)
    }
  })

  it('leaves the attacked organization exactly as it was', async () => {
    const { rows } = await db.pool.query(
      `select (select name from public.organizations where id = $1) as name,
              (select count(*)::int from public.chat_messages where organization_id = $1) as messages,
              (select count(*)::int from public.chat_conversations where organization_id = $1 and internal_notes is null) as conversations,
              (select status::text from public.claims where id = $2) as status`,
      [a.org.id, a.claimId]
    )
    expect(rows[0]).toEqual({ name: 'Garage A', messages: 3, conversations: 1, status: 'under_review' })
  })
})

describe('customers', () => {
  it('read their own conversation through customer_conversations, without tags, notes or token hash', async () => {
    const rows = await query(db.pool, a.customer, 'select * from public.customer_conversations')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: a.conversationId, assigned_agent_name: 'Garage A Agent' })
    expect(Object.keys(rows[0]!)).not.toEqual(expect.arrayContaining(['tags']))
    expect(rows[0]).not.toHaveProperty('internal_notes')
    expect(rows[0]).not.toHaveProperty('access_token')
  })

  it('get from the function behind customer_conversations only their bound rows; staff, bound to nothing, get none', async () => {
    const own = await query(db.pool, a.customer, 'select id from private.customer_conversations()')
    expect(own).toEqual([{ id: a.conversationId }])
    expect(await query(db.pool, a.org.admin, 'select id from public.customer_conversations')).toEqual([])
  })

  it('never read the chat_conversations base table (tags and internal notes live there)', async () => {
    expect(await query(db.pool, a.customer, 'select * from public.chat_conversations')).toEqual([])
  })

  it("cannot read another customer's conversation, messages or typing", async () => {
    for (const table of ['customer_conversations', 'chat_messages', 'typing_indicators', 'conversation_access']) {
      expect(await count(a.customer, table, b)).toBe(0)
    }
    const own = await query<{ n: number }>(db.pool, a.customer, 'select count(*)::int as n from public.chat_messages')
    expect(own[0]!.n).toBe(2)
  })

  it("cannot write into another customer's conversation by RPC or directly", async () => {
    const rpc = await sqlError(sendMessage(db.pool, a.customer, b.conversationId, 'let me in'))
    expect(rpc).toMatchObject({ code: 'PT404', hint: 'NOT_FOUND' })
    const direct = await attempt(a.customer, "insert into public.chat_messages (conversation_id, content) values ($1, 'hi')", [
      b.conversationId
    ])
    const missing = await attempt(a.customer, "insert into public.chat_messages (conversation_id, content) values ($1, 'hi')", [
      randomUUID()
    ])
    // Refused the same way whether the conversation exists or not: no existence oracle.
    expect(direct).toBe('PT404')
    expect(missing).toBe('PT404')
    for (const rpcCall of [
      'select public.set_typing($1, true)',
      'select public.mark_read($1)',
      "select public.update_customer_details($1, 'Mallory', null, null)"
    ]) {
      expect(await sqlError(query(db.pool, a.customer, rpcCall, [b.conversationId]))).toMatchObject({ hint: 'NOT_FOUND' })
    }
    const { rows } = await db.pool.query('select customer_name from public.chat_conversations where id = $1', [b.conversationId])
    expect(rows[0]).toEqual({ customer_name: 'Sophie Gagnon' })
  })

  it('see no staff data: profiles, warranties, notifications, outbox, other customers’ subscriptions', async () => {
    for (const table of ['profiles', 'warranties', 'notifications', 'notification_outbox', 'organizations']) {
      expect(await count(a.customer, table, a)).toBe(0)
    }
    const subscriptions = await query(db.pool, a.customer, 'select user_id from public.push_subscriptions')
    expect(subscriptions).toEqual([{ user_id: a.customer.id }])
  })

  it('cannot edit server-kept conversation fields even through their own binding', async () => {
    const touched = await attempt(a.customer, 'update public.chat_conversations set unread_count_staff = 0 where id = $1', [
      a.conversationId
    ])
    expect(touched).toBe(0)
  })
})

describe('staff roles', () => {
  it('f_and_i has no chat access but reads claims; agents have no notification centre', async () => {
    expect(await count(a.org.fAndI, 'chat_conversations', a)).toBe(0)
    expect(await count(a.org.fAndI, 'chat_messages', a)).toBe(0)
    expect(await count(a.org.fAndI, 'claims', a)).toBe(1)
    await db.pool.query(
      "insert into public.notifications (organization_id, user_id, type, title) values ($1, $2, 'system_alert', 'Agent note')",
      [a.org.id, a.org.agent.id]
    )
    expect(await query(db.pool, a.org.agent, 'select * from public.notifications')).toEqual([])
    const denied = await sqlError(sendMessage(db.pool, a.org.fAndI, a.conversationId, 'hello'))
    expect(denied.hint).toBe('NOT_FOUND')
  })

  it('staff cannot rewrite server-kept columns of a conversation', async () => {
    const error = await sqlError(
      query(db.pool, a.org.agent, 'update public.chat_conversations set unread_count_customer = 99 where id = $1', [a.conversationId])
    )
    expect(error).toMatchObject({ code: 'PT403', hint: 'NOT_AUTHORIZED' })
  })

  it('an admin cannot enrol anyone as staff over the API: customers, registered users, other staff', async () => {
    const registered = await createAuthUser(db.pool, { anonymous: false, email: `${randomUUID()}@elsewhere.test` })
    for (const id of [a.customer.id, b.customer.id, b.claimCustomer.id, registered, b.org.agent.id]) {
      const error = await sqlError(
        query(
          db.pool,
          a.org.admin,
          "insert into public.profiles (id, organization_id, role, display_name) values ($1, $2, 'agent', 'Enrolled')",
          [id, a.org.id]
        )
      )
      expect(error.code).toBe('42501')
    }
    const { rows } = await db.pool.query('select count(*)::int as n from public.profiles where id = $1', [registered])
    expect(rows[0].n).toBe(0)
    expect(await sendMessage(db.pool, b.customer, b.conversationId, 'still a customer')).toMatchObject({ sender_type: 'customer' })
  })

  it('a member cannot promote themself; an admin can change roles', async () => {
    const error = await sqlError(query(db.pool, a.org.agent, "update public.profiles set role = 'admin' where id = $1", [a.org.agent.id]))
    expect(error.hint).toBe('NOT_AUTHORIZED')
    await query(db.pool, a.org.agent, 'update public.profiles set is_available = false where id = $1', [a.org.agent.id])
    await query(db.pool, a.org.admin, "update public.profiles set role = 'operations', is_available = true where id = $1", [
      a.org.operations.id
    ])
    const { rows } = await db.pool.query('select role, is_available from public.profiles where id = $1', [a.org.agent.id])
    expect(rows[0]).toEqual({ role: 'agent', is_available: false })
    await db.pool.query('update public.profiles set is_available = true where id = $1', [a.org.agent.id])
  })
})

describe('deleting a conversation', () => {
  async function doomed(): Promise<{ id: string; token: string; customer: Caller & { id: string } }> {
    const customer = await createCustomer(db.pool)
    const started = await startConversation(db.pool, customer, a.org.id)
    await sendMessage(db.pool, customer, started.id, 'Please forget me not')
    return { ...started, customer }
  }

  it('is refused as a hard DELETE for every client role, the organization admin included', async () => {
    const { id } = await doomed()
    const service: Caller = { id: null, context: { role: 'service_role', claims: { role: 'service_role' } } }
    for (const caller of [a.org.admin, a.org.agent, service]) {
      expect(await attempt(caller, 'delete from public.chat_conversations where id = $1', [id])).toBe('42501')
    }
    const { rows } = await db.pool.query('select count(*)::int as n from public.chat_messages where conversation_id = $1', [id])
    expect(rows[0].n).toBe(1)
  })

  it('is for admins of the organization only', async () => {
    const { id } = await doomed()
    for (const [caller, hint] of [
      [a.org.agent, 'NOT_AUTHORIZED'],
      [a.org.operations, 'NOT_AUTHORIZED'],
      [b.org.admin, 'NOT_FOUND'],
      [a.customer, 'NOT_FOUND']
    ] as const) {
      expect(await sqlError(query(db.pool, caller, 'select public.delete_conversation($1)', [id]))).toMatchObject({ hint })
    }
    const { rows } = await db.pool.query('select deleted_at from public.chat_conversations where id = $1', [id])
    expect(rows[0].deleted_at).toBeNull()
  })

  it('soft-deletes: gone from staff lists, counts and routing, the customer’s views and messages, the token; audited', async () => {
    const { id, token, customer } = await doomed()
    const visible = async (caller: Caller) =>
      (await query<{ n: number }>(db.pool, caller, 'select count(*)::int as n from public.chat_conversations where id = $1', [id]))[0]!.n
    expect(await visible(a.org.agent)).toBe(1)
    await query(db.pool, a.org.admin, 'select public.delete_conversation($1)', [id])

    const { rows } = await db.pool.query(
      'select deleted_at is not null as deleted, deleted_by from public.chat_conversations where id = $1',
      [id]
    )
    expect(rows[0]).toEqual({ deleted: true, deleted_by: a.org.admin.id })
    expect(await visible(a.org.agent)).toBe(0)
    expect(await visible(a.org.admin)).toBe(0)
    expect(await query(db.pool, customer, 'select id from public.customer_conversations')).toEqual([])
    expect(await query(db.pool, customer, 'select id from public.chat_messages')).toEqual([])
    expect((await sqlError(sendMessage(db.pool, customer, id, 'hello?'))).hint).toBe('NOT_FOUND')
    expect((await sqlError(sendMessage(db.pool, a.org.agent, id, 'hello?'))).hint).toBe('NOT_FOUND')
    expect((await sqlError(query(db.pool, a.org.agent, 'select public.mark_read($1)', [id]))).hint).toBe('NOT_FOUND')
    for (const caller of [customer, a.org.agent])
      expect((await sqlError(query(db.pool, caller, 'select public.set_typing($1, true)', [id]))).hint).toBe('NOT_FOUND')
    const stranger = await createCustomer(db.pool)
    expect((await sqlError(query(db.pool, stranger, 'select * from public.redeem_access_token($1)', [token]))).hint).toBe('TOKEN_INVALID')

    const audit = await query(
      db.pool,
      a.org.admin,
      'select actor_id, actor_name, action, target_id, details from public.audit_log where target_id = $1',
      [id]
    )
    expect(audit).toEqual([
      {
        actor_id: a.org.admin.id,
        actor_name: a.org.admin.name,
        action: 'conversation.deleted',
        target_id: id,
        details: expect.objectContaining({ customer_name: 'Sophie Gagnon', messages: 1 })
      }
    ])
    for (const caller of [a.org.agent, a.org.operations, customer, b.org.admin]) {
      expect(await query(db.pool, caller, 'select id from public.audit_log where target_id = $1', [id])).toEqual([])
    }
    for (const caller of [a.org.admin, a.org.agent]) {
      expect(await attempt(caller, 'delete from public.audit_log where target_id = $1', [id])).toBe('42501')
      expect(await attempt(caller, "update public.audit_log set actor_name = 'Nobody' where target_id = $1", [id])).toBe('42501')
    }
  })

  it('soft-deletes its messages and files for staff too: no REST read of either', async () => {
    const { id } = await doomed()
    const file = `${a.org.id}/${id}/${randomUUID()}/note.pdf`
    await db.pool.query(
      `insert into storage.objects (bucket_id, name, owner_id, metadata) values ('chat-attachments', $1, $2, '{"size": 10, "mimetype": "application/pdf"}')`,
      [file, a.org.agent.id]
    )
    const seen = async (caller: Caller) => [
      ...(await query(db.pool, caller, 'select content from public.chat_messages where conversation_id = $1', [id])),
      ...(await query(db.pool, caller, "select name from storage.objects where bucket_id = 'chat-attachments' and name = $1", [file]))
    ]
    expect(await seen(a.org.agent)).toHaveLength(2)
    await query(db.pool, a.org.admin, 'select public.delete_conversation($1)', [id])
    for (const caller of [a.org.agent, a.org.operations, a.org.admin]) expect(await seen(caller)).toEqual([])
  })

  it('no longer counts toward an agent’s load when conversations are routed', async () => {
    const shop = await createOrganization(db.pool, 'Routing Garage')
    const second = await createStaff(db.pool, shop.id, 'agent', 'Routing Second')
    const assignee = async () => {
      const started = await startConversation(db.pool, await createCustomer(db.pool), shop.id)
      const { rows } = await db.pool.query('select assigned_to from public.chat_conversations where id = $1', [started.id])
      return { id: started.id, agent: rows[0].assigned_to as string }
    }
    const first = await assignee()
    const other = await assignee()
    const third = await assignee()
    expect(third.agent).toBe(first.agent)
    expect(other.agent).not.toBe(first.agent)
    for (const { id } of [first, third]) await query(db.pool, shop.admin, 'select public.delete_conversation($1)', [id])
    expect((await assignee()).agent).toBe(first.agent)
    expect([shop.agent.id, second.id]).toContain(first.agent)
  })

  it('clients cannot soft-delete or undelete through the row either', async () => {
    const { id } = await doomed()
    const error = await sqlError(query(db.pool, a.org.admin, 'update public.chat_conversations set deleted_at = now() where id = $1', [id]))
    expect(error).toMatchObject({ code: 'PT403', hint: 'NOT_AUTHORIZED' })
  })
})

describe('anon (no session)', () => {
  it.each([...TABLES])('%s: refused outright', async (table) => {
    const error = await sqlError(query(db.pool, anon, `select * from public.${table} limit 1`))
    expect(error.code).toBe('42501')
  })

  it.each([
    ['start_conversation', "select * from public.start_conversation($1, 'X', 'x@example.com')"],
    ['redeem_access_token', 'select * from public.redeem_access_token($1::text)'],
    ['send_message', "select public.send_message($1, gen_random_uuid(), 'hi')"],
    ['mark_read', 'select public.mark_read($1)'],
    ['set_typing', 'select public.set_typing($1, true)'],
    ['rotate_access_token', 'select public.rotate_access_token($1)'],
    ['change_claim_status', "select public.change_claim_status($1, 'approved')"],
    ['cleanup_typing_indicators', 'select public.cleanup_typing_indicators(), $1::uuid'],
    ['enqueue_warranty_expiring', 'select public.enqueue_warranty_expiring(30), $1::uuid']
  ])('cannot execute %s', async (_name, sql) => {
    const argument = sql.includes('redeem') ? a.conversationToken : randomUUID()
    const error = await sqlError(query(db.pool, anon, sql, [argument]))
    expect(error.code).toBe('42501')
  })
})
