import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  asUser,
  type Caller,
  createAuthUser,
  createClaim,
  createCustomer,
  createOrganization,
  type Organization,
  query,
  sendMessage,
  sqlError,
  startConversation
} from './fixtures.ts'

let db: TestDatabase
let org: Organization
let other: Organization

beforeAll(async () => {
  db = await createTestDatabase()
  org = await createOrganization(db.pool, 'Tokens Garage')
  other = await createOrganization(db.pool, 'Other Garage')
})
afterAll(() => db.drop())

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

async function redeem(caller: Caller, token: string) {
  const [row] = await query<{ conversation_id: string | null; claim_id: string | null }>(
    db.pool,
    caller,
    'select * from public.redeem_access_token($1)',
    [token]
  )
  return row!
}

async function visibleConversations(caller: Caller): Promise<string[]> {
  const rows = await query<{ id: string }>(db.pool, caller, 'select id from public.customer_conversations order by id')
  return rows.map((row) => row.id)
}

describe('customer access token', () => {
  it('is 32 random bytes in hex, returned once and stored only as its sha256', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, org.id)
    expect(conversation.token).toMatch(/^[0-9a-f]{64}$/)
    const { rows } = await db.pool.query(
      `select t.hash, to_jsonb(c)::text as everything from public.chat_conversations c
       join private.access_tokens t on t.conversation_id = c.id where c.id = $1`,
      [conversation.id]
    )
    expect(rows[0].hash).toBe(sha256(conversation.token))
    expect(rows[0].everything).not.toContain(conversation.token)
    const { rows: anywhere } = await db.pool.query(
      `select count(*)::int as n from realtime.messages where payload::text like '%' || $1 || '%'`,
      [conversation.token]
    )
    expect(anywhere[0].n).toBe(0)
  })

  it('binds the starting anonymous customer right away', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, org.id)
    expect(await visibleConversations(customer)).toEqual([conversation.id])
  })

  it('opens the conversation for another anonymous session that presents it (a second device)', async () => {
    const first = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, first, org.id)
    await sendMessage(db.pool, first, conversation.id, 'from my phone')
    const second = await createCustomer(db.pool)
    expect(await visibleConversations(second)).toEqual([])
    expect(await redeem(second, conversation.token)).toEqual({ conversation_id: conversation.id, claim_id: null })
    expect(await visibleConversations(second)).toEqual([conversation.id])
    const messages = await query(db.pool, second, 'select content from public.chat_messages')
    expect(messages).toEqual([{ content: 'from my phone' }])
    // Redeeming twice is harmless.
    await redeem(second, conversation.token)
  })

  it('a wrong or malformed token opens nothing and says TOKEN_INVALID', async () => {
    const customer = await createCustomer(db.pool)
    for (const token of [randomBytes(32).toString('hex'), 'not-a-token', '', `${'a'.repeat(64)}' or '1'='1`]) {
      expect(await sqlError(redeem(customer, token))).toMatchObject({ code: 'PT401', hint: 'TOKEN_INVALID' })
    }
    expect(await visibleConversations(customer)).toEqual([])
    const { rows } = await db.pool.query('select count(*)::int as n from public.conversation_access where user_id = $1', [customer.id])
    expect(rows[0].n).toBe(0)
  })

  it('the hash itself is not a token', async () => {
    const owner = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, owner, org.id)
    const thief = await createCustomer(db.pool)
    expect((await sqlError(redeem(thief, sha256(conversation.token)))).hint).toBe('TOKEN_INVALID')
  })

  it("one conversation's token never opens another conversation", async () => {
    const alice = await createCustomer(db.pool)
    const bob = await createCustomer(db.pool)
    const aliceConversation = await startConversation(db.pool, alice, org.id)
    const bobConversation = await startConversation(db.pool, bob, org.id)
    const mallory = await createCustomer(db.pool)
    await redeem(mallory, aliceConversation.token)
    expect(await visibleConversations(mallory)).toEqual([aliceConversation.id])
    expect((await sqlError(sendMessage(db.pool, mallory, bobConversation.id, 'hi'))).hint).toBe('NOT_FOUND')
  })

  it('revoking invalidates the token and drops every existing binding', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, org.id)
    await query(db.pool, org.agent, 'select public.revoke_access_token($1)', [conversation.id])
    expect(await visibleConversations(customer)).toEqual([])
    expect((await sqlError(sendMessage(db.pool, customer, conversation.id, 'still here?'))).hint).toBe('NOT_FOUND')
    const again = await createCustomer(db.pool)
    expect((await sqlError(redeem(again, conversation.token))).hint).toBe('TOKEN_INVALID')
  })

  it('rotating issues a new token, kills the old one and its bindings', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, org.id)
    const [rotated] = await query<{ token: string }>(db.pool, org.agent, 'select public.rotate_access_token($1) as token', [
      conversation.id
    ])
    expect(rotated!.token).toMatch(/^[0-9a-f]{64}$/)
    expect(rotated!.token).not.toBe(conversation.token)
    expect(await visibleConversations(customer)).toEqual([])
    expect((await sqlError(redeem(customer, conversation.token))).hint).toBe('TOKEN_INVALID')
    expect(await redeem(customer, rotated!.token)).toMatchObject({ conversation_id: conversation.id })
  })

  it('only chat staff of the organization rotate or revoke', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, org.id)
    for (const caller of [customer, other.admin]) {
      expect((await sqlError(query(db.pool, caller, 'select public.rotate_access_token($1)', [conversation.id]))).hint).toBe('NOT_FOUND')
      expect((await sqlError(query(db.pool, caller, 'select public.revoke_access_token($1)', [conversation.id]))).hint).toBe('NOT_FOUND')
    }
    expect((await sqlError(query(db.pool, org.fAndI, 'select public.revoke_access_token($1)', [conversation.id]))).hint).toBe(
      'NOT_AUTHORIZED'
    )
    expect(await visibleConversations(customer)).toEqual([conversation.id])
  })

  it('staff never gain customer rights through a token, nor do non-anonymous users', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, org.id)
    for (const caller of [other.agent, org.fAndI]) {
      expect(await sqlError(redeem(caller, conversation.token))).toMatchObject({ code: 'PT403', hint: 'NOT_AUTHORIZED' })
    }
    const registered = await createAuthUser(db.pool, { anonymous: false, email: 'someone@example.com' })
    const caller = { id: registered, context: asUser(registered, false) }
    expect((await sqlError(redeem(caller, conversation.token))).hint).toBe('NOT_AUTHORIZED')
    // A JWT that claims anonymity for a non-anonymous user is not enough either.
    const forged = { id: registered, context: asUser(registered, true) }
    expect((await sqlError(redeem(forged, conversation.token))).hint).toBe('NOT_AUTHORIZED')
  })
})

describe('start_conversation', () => {
  it('ignores warranty and claim links from customers, honours them from staff', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-LINK-1')
    const customer = await createCustomer(db.pool)
    const fromCustomer = await startConversation(db.pool, customer, org.id, { claimId })
    const fromStaff = await startConversation(db.pool, org.agent, org.id, { claimId })
    const { rows } = await db.pool.query('select id, claim_id from public.chat_conversations where id = any($1)', [
      [fromCustomer.id, fromStaff.id]
    ])
    const links = Object.fromEntries(rows.map((row) => [row.id, row.claim_id]))
    expect(links[fromCustomer.id]).toBeNull()
    expect(links[fromStaff.id]).toBe(claimId)
    const staffBound = await db.pool.query('select count(*)::int as n from public.conversation_access where conversation_id = $1', [
      fromStaff.id
    ])
    expect(staffBound.rows[0].n).toBe(0)
  })

  it("links a customer's new conversation to a claim they follow through its claim link, no other", async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-LINK-2')
    const stranger = await createClaim(db.pool, org.id, 'RC-LINK-3')
    const [issued] = await query<{ token: string }>(db.pool, org.agent, 'select public.issue_claim_access_token($1) as token', [claimId])
    const customer = await createCustomer(db.pool)
    await redeem(customer, issued!.token)
    const followed = await startConversation(db.pool, customer, org.id, { claimId })
    const guessed = await startConversation(db.pool, customer, org.id, { claimId: stranger })
    const { rows } = await db.pool.query('select id, claim_id from public.chat_conversations where id = any($1)', [
      [followed.id, guessed.id]
    ])
    const links = Object.fromEntries(rows.map((row) => [row.id, row.claim_id]))
    expect(links[followed.id]).toBe(claimId)
    expect(links[guessed.id]).toBeNull()
    // Following the claim does not let the customer file it under another organization.
    expect((await sqlError(startConversation(db.pool, customer, other.id, { claimId }))).hint).toBe('INVALID_INPUT')
  })

  it("staff cannot link another organization's claim", async () => {
    const foreignClaim = await createClaim(db.pool, other.id, 'RC-FOREIGN-1')
    const error = await sqlError(startConversation(db.pool, org.agent, org.id, { claimId: foreignClaim }))
    expect(error).toMatchObject({ code: 'PT400', hint: 'INVALID_INPUT' })
  })

  it('staff of another organization, or without a chat role, cannot open one', async () => {
    expect((await sqlError(startConversation(db.pool, other.agent, org.id))).hint).toBe('NOT_AUTHORIZED')
    expect((await sqlError(startConversation(db.pool, org.fAndI, org.id))).hint).toBe('NOT_AUTHORIZED')
  })

  it('an unknown organization is NOT_FOUND', async () => {
    const customer = await createCustomer(db.pool)
    expect((await sqlError(startConversation(db.pool, customer, '00000000-0000-4000-8000-000000000000'))).hint).toBe('NOT_FOUND')
  })

  it('limits how many conversations one customer session opens per hour', async () => {
    const customer = await createCustomer(db.pool)
    for (let i = 0; i < 5; i++) await startConversation(db.pool, customer, org.id)
    expect(await sqlError(startConversation(db.pool, customer, org.id))).toMatchObject({ code: 'PT429', hint: 'RATE_LIMITED' })
  })

  it('holds the conversation limit under concurrent calls from one session', async () => {
    const customer = await createCustomer(db.pool)
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => startConversation(db.pool, customer, org.id)))
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5)
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    expect(refused.every((result) => (result.reason as { hint?: string }).hint === 'RATE_LIMITED')).toBe(true)
  })
})

describe('claim access token', () => {
  it('opens exactly one claim and its timeline; reissuing drops earlier bindings', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-TOKEN-1')
    const otherClaim = await createClaim(db.pool, org.id, 'RC-TOKEN-2')
    await query(db.pool, org.agent, "select public.change_claim_status($1, 'under_review', 'Inspecting')", [claimId])
    const [issued] = await query<{ token: string }>(db.pool, org.agent, 'select public.issue_claim_access_token($1) as token', [claimId])
    const { rows } = await db.pool.query('select hash from private.access_tokens where claim_id = $1', [claimId])
    expect(rows[0].hash).toBe(sha256(issued!.token))

    const customer = await createCustomer(db.pool)
    expect(await redeem(customer, issued!.token)).toEqual({ conversation_id: null, claim_id: claimId })
    const claims = await query(db.pool, customer, 'select id from public.claims')
    expect(claims).toEqual([{ id: claimId }])
    const timeline = await query(db.pool, customer, 'select new_status from public.customer_claim_status_updates order by created_at, id')
    expect(timeline.map((row) => row.new_status)).toEqual(['submitted', 'under_review'])
    expect(await query(db.pool, customer, 'select id from public.claims where id = $1', [otherClaim])).toEqual([])

    await query(db.pool, org.agent, 'select public.issue_claim_access_token($1)', [claimId])
    expect(await query(db.pool, customer, 'select id from public.claims')).toEqual([])
    expect((await sqlError(redeem(customer, issued!.token))).hint).toBe('TOKEN_INVALID')
  })

  it('revoke_claim_access_token closes the claim to its customers', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-TOKEN-3')
    const [issued] = await query<{ token: string }>(db.pool, org.admin, 'select public.issue_claim_access_token($1) as token', [claimId])
    const customer = await createCustomer(db.pool)
    await redeem(customer, issued!.token)
    await query(db.pool, org.admin, 'select public.revoke_claim_access_token($1)', [claimId])
    expect(await query(db.pool, customer, 'select id from public.claims')).toEqual([])
    expect((await sqlError(redeem(customer, issued!.token))).hint).toBe('TOKEN_INVALID')
  })

  it('customers and other organizations cannot issue claim tokens', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-TOKEN-4')
    const customer = await createCustomer(db.pool)
    for (const caller of [customer, other.admin]) {
      expect((await sqlError(query(db.pool, caller, 'select public.issue_claim_access_token($1)', [claimId]))).hint).toBe('NOT_FOUND')
    }
  })
})

describe('token hashes', () => {
  it('no API role reads one: not the bound customer, not staff, not service_role', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-HASH-1')
    const [issued] = await query<{ token: string }>(db.pool, org.agent, 'select public.issue_claim_access_token($1) as token', [claimId])
    const customer = await createCustomer(db.pool)
    await redeem(customer, issued!.token)
    const conversation = await startConversation(db.pool, customer, org.id)
    const hashes = [sha256(issued!.token), sha256(conversation.token)]
    const service: Caller = { id: null, context: { role: 'service_role', claims: { role: 'service_role' } } }
    for (const [caller, sql] of [
      [customer, 'select to_jsonb(c)::text as row from public.claims c'],
      [customer, 'select to_jsonb(c)::text as row from public.customer_conversations c'],
      [org.admin, 'select to_jsonb(c)::text as row from public.claims c'],
      [org.admin, 'select to_jsonb(c)::text as row from public.chat_conversations c'],
      [service, 'select to_jsonb(c)::text as row from public.claims c'],
      [service, 'select to_jsonb(c)::text as row from public.chat_conversations c']
    ] as const) {
      const rows = await query<{ row: string }>(db.pool, caller, sql)
      expect(rows.length).toBeGreaterThan(0)
      for (const { row } of rows) for (const hash of hashes) expect(row).not.toContain(hash)
    }
    for (const role of ['anon', 'authenticated', 'service_role']) {
      const { rows } = await db.pool.query(
        `select has_table_privilege($1, 'private.access_tokens', 'select') as tokens,
                (select count(*)::int from information_schema.columns
                 where table_schema = 'public' and column_name = 'access_token') as columns`,
        [role]
      )
      expect(rows[0]).toEqual({ tokens: false, columns: 0 })
    }
  })
})

describe('peek_access_token', () => {
  async function peek(caller: Caller, token: string) {
    return query<{ kind: string; organization_name: string; subject: string | null; claim_number: string | null }>(
      db.pool,
      caller,
      'select * from public.peek_access_token($1)',
      [token]
    )
  }

  it("names the dealer and subject without binding the caller, and never the customer's name", async () => {
    const owner = await createCustomer(db.pool)
    const claimId = await createClaim(db.pool, org.id, 'PEEK-1')
    const conversation = await startConversation(db.pool, owner, org.id)
    await db.pool.query('update public.chat_conversations set subject = $2, claim_id = $3 where id = $1', [
      conversation.id,
      'Brake noise',
      claimId
    ])
    const visitor = await createCustomer(db.pool)
    const rows = await peek(visitor, conversation.token)
    expect(rows).toEqual([{ kind: 'conversation', organization_name: 'Tokens Garage', subject: 'Brake noise', claim_number: 'PEEK-1' }])
    expect(JSON.stringify(rows)).not.toContain('Sophie')
    expect(await visibleConversations(visitor)).toEqual([])
  })

  it('names the claim of a claim link without binding the caller', async () => {
    const claimId = await createClaim(db.pool, org.id, 'PEEK-2')
    const [issued] = await query<{ token: string }>(db.pool, org.agent, 'select public.issue_claim_access_token($1) as token', [claimId])
    const visitor = await createCustomer(db.pool)
    expect(await peek(visitor, issued!.token)).toEqual([
      { kind: 'claim', organization_name: 'Tokens Garage', subject: null, claim_number: 'PEEK-2' }
    ])
    const { rows } = await db.pool.query('select count(*)::int as n from public.claim_access where claim_id = $1', [claimId])
    expect(rows[0].n).toBe(0)
  })

  it('a wrong, malformed, hashed or revoked token reads nothing', async () => {
    const owner = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, owner, org.id)
    const visitor = await createCustomer(db.pool)
    for (const token of [randomBytes(32).toString('hex'), 'nope', sha256(conversation.token)]) {
      expect(await peek(visitor, token)).toEqual([])
    }
    await query(db.pool, org.agent, 'select public.revoke_access_token($1)', [conversation.id])
    expect(await peek(visitor, conversation.token)).toEqual([])
  })

  it('is rate-limited per session, wrong tokens included', async () => {
    const visitor = await createCustomer(db.pool)
    for (let i = 0; i < 10; i++) expect(await peek(visitor, randomBytes(32).toString('hex'))).toEqual([])
    expect(await sqlError(peek(visitor, randomBytes(32).toString('hex')))).toMatchObject({ code: 'PT429', hint: 'RATE_LIMITED' })
  })

  it('staff and non-anonymous users are refused', async () => {
    const owner = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, owner, org.id)
    for (const caller of [org.agent, other.admin]) {
      expect(await sqlError(peek(caller, conversation.token))).toMatchObject({ code: 'PT403', hint: 'NOT_AUTHORIZED' })
    }
    const registered = await createAuthUser(db.pool, { anonymous: false, email: 'peeker@example.com' })
    expect((await sqlError(peek({ id: registered, context: asUser(registered, false) }, conversation.token))).hint).toBe('NOT_AUTHORIZED')
  })
})
