import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { asRequest, type RequestContext } from '../../packages/local/src/db/request.ts'

/** A caller as PostgREST/Realtime would present it: database role plus verified JWT claims. */
export interface Caller {
  id: string | null
  context: RequestContext
}

export interface Staff extends Caller {
  id: string
  name: string
}

export interface Organization {
  id: string
  admin: Staff
  operations: Staff
  fAndI: Staff
  agent: Staff
}

export const anon: Caller = { id: null, context: { role: 'anon', claims: { role: 'anon', iss: 'supabase-demo' } } }

export function asUser(id: string, anonymous: boolean): RequestContext {
  return {
    role: 'authenticated',
    claims: { sub: id, role: 'authenticated', aud: 'authenticated', is_anonymous: anonymous, aal: 'aal1' }
  }
}

/** An auth.users row as GoTrue writes it (with the superuser pool, like the Auth server). */
export async function createAuthUser(pool: pg.Pool, options: { anonymous: boolean; email?: string }): Promise<string> {
  const id = randomUUID()
  await pool.query(
    `insert into auth.users (instance_id, id, aud, role, email, is_anonymous, created_at, updated_at, raw_app_meta_data)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, $3, now(), now(), $4)`,
    [id, options.email ?? null, options.anonymous, { provider: options.anonymous ? 'anonymous' : 'email' }]
  )
  return id
}

/** An anonymous browser session, as supabase.auth.signInAnonymously() creates it. */
export async function createCustomer(pool: pg.Pool): Promise<Caller & { id: string }> {
  const id = await createAuthUser(pool, { anonymous: true })
  return { id, context: asUser(id, true) }
}

export async function createStaff(
  pool: pg.Pool,
  organizationId: string,
  role: 'admin' | 'operations' | 'f_and_i' | 'agent',
  name: string,
  available = true
): Promise<Staff> {
  const id = await createAuthUser(pool, { anonymous: false, email: `${randomUUID()}@staff.test` })
  await pool.query('insert into public.profiles (id, organization_id, role, display_name, is_available) values ($1, $2, $3, $4, $5)', [
    id,
    organizationId,
    role,
    name,
    available
  ])
  return { id, name, context: asUser(id, false) }
}

/** An organization with one member per role; its agent is the only assignable one. */
export async function createOrganization(pool: pg.Pool, name: string): Promise<Organization> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 8)}`
  const { rows } = await pool.query<{ id: string }>('insert into public.organizations (name, slug) values ($1, $2) returning id', [
    name,
    slug
  ])
  const id = rows[0]!.id
  return {
    id,
    admin: await createStaff(pool, id, 'admin', `${name} Admin`),
    operations: await createStaff(pool, id, 'operations', `${name} Ops`),
    fAndI: await createStaff(pool, id, 'f_and_i', `${name} F&I`),
    agent: await createStaff(pool, id, 'agent', `${name} Agent`)
  }
}

/** Runs one statement as the caller in its own transaction, like one REST request. */
export async function query<R extends pg.QueryResultRow = Record<string, unknown>>(
  pool: pg.Pool,
  caller: Caller,
  sql: string,
  params: unknown[] = [],
  settings?: Record<string, string>
): Promise<R[]> {
  const context = settings ? { ...caller.context, settings } : caller.context
  return asRequest(pool, context, async (client) => (await client.query<R>(sql, params)).rows)
}

export interface SqlError {
  code: string
  message: string
  hint: string | undefined
}

/** The error a statement fails with (fails the test if it succeeds). */
export async function sqlError(work: Promise<unknown>): Promise<SqlError> {
  try {
    await work
  } catch (error) {
    const e = error as { code?: string; message: string; hint?: string }
    return { code: e.code ?? '', message: e.message, hint: e.hint }
  }
  throw new Error('expected the statement to fail')
}

export interface StartedConversation {
  id: string
  token: string
}

export async function startConversation(
  pool: pg.Pool,
  caller: Caller,
  organizationId: string,
  extra: { warrantyId?: string; claimId?: string; name?: string } = {}
): Promise<StartedConversation> {
  const [row] = await query<{ conversation_id: string; access_token: string }>(
    pool,
    caller,
    `select * from public.start_conversation(organization_id => $1, customer_name => $2, customer_email => $3,
       warranty_id => $4, claim_id => $5)`,
    [organizationId, extra.name ?? 'Sophie Gagnon', 'sophie@example.com', extra.warrantyId ?? null, extra.claimId ?? null]
  )
  return { id: row!.conversation_id, token: row!.access_token }
}

export interface MessageRow {
  id: string
  organization_id: string
  conversation_id: string
  client_id: string
  sender_type: string
  sender_id: string | null
  sender_name: string
  content: string
  is_internal: boolean
  read_by_customer: boolean
  read_by_staff: boolean
}

export async function sendMessage(
  pool: pg.Pool,
  caller: Caller,
  conversationId: string,
  content: string,
  options: { internal?: boolean; clientId?: string } = {}
): Promise<MessageRow> {
  const [row] = await query<MessageRow>(
    pool,
    caller,
    'select * from public.send_message(conversation_id => $1, client_id => $2, content => $3, is_internal => $4)',
    [conversationId, options.clientId ?? randomUUID(), content, options.internal ?? false]
  )
  return row!
}

export async function createClaim(pool: pg.Pool, organizationId: string, number: string): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into public.claims (organization_id, claim_number, customer_name, customer_email)
     values ($1, $2, 'Sophie Gagnon', 'sophie@example.com') returning id`,
    [organizationId, number]
  )
  return rows[0]!.id
}

export interface BroadcastRow {
  topic: string
  event: string
  payload: Record<string, unknown>
}

/** Everything the database handed to Realtime since `since` (realtime.messages rows). */
export async function broadcastsSince(pool: pg.Pool, since: string): Promise<BroadcastRow[]> {
  const { rows } = await pool.query<BroadcastRow>(
    `select topic, event, payload from realtime.messages
     where inserted_at >= ($1::timestamptz)::timestamp order by inserted_at, id`,
    [since]
  )
  return rows
}

/** The database clock, so broadcasts are compared with the time the rows were written. */
export async function databaseNow(pool: pg.Pool): Promise<string> {
  // As text: a JavaScript Date drops the microseconds, and with them which of two broadcasts
  // written in the same millisecond came first.
  const { rows } = await pool.query<{ now: string }>('select clock_timestamp()::text as now')
  return rows[0]!.now
}

/**
 * Whether the caller may join `topic`: Supabase Realtime checks a private channel by
 * selecting a realtime.messages row with realtime.topic set to the channel's topic.
 */
export async function canJoin(pool: pg.Pool, caller: Caller, topic: string, extension = 'broadcast'): Promise<boolean> {
  const { rows } = await pool.query<{ id: string }>(
    'insert into realtime.messages (topic, extension, private) values ($1, $2, true) returning id',
    [topic, extension]
  )
  try {
    const seen = await asRequest(
      pool,
      { ...caller.context, settings: { 'realtime.topic': topic } },
      async (client) => (await client.query('select id from realtime.messages where id = $1', [rows[0]!.id])).rowCount,
      { rollback: true }
    )
    return seen === 1
  } finally {
    await pool.query('delete from realtime.messages where id = $1', [rows[0]!.id])
  }
}

/** Whether the caller may send on `topic` (client broadcast or presence track). */
export async function canSend(pool: pg.Pool, caller: Caller, topic: string, extension: string): Promise<boolean> {
  try {
    await asRequest(
      pool,
      { ...caller.context, settings: { 'realtime.topic': topic } },
      (client) => client.query('insert into realtime.messages (topic, extension, private) values ($1, $2, true)', [topic, extension]),
      { rollback: true }
    )
    return true
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return false
    throw error
  }
}
