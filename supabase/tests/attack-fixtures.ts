import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { expect } from 'vitest'
import { startTestStack, type TestStack } from '../../packages/local/test/stack.ts'
import { DEMO, DEMO_PASSWORD } from './kit/demo.ts'

// The scenario every attacks.*.e2e.test.ts file attacks, built only through the public
// protocols (Auth admin API, REST, RPCs, Storage) with unmodified supabase-js, except where a
// fixture needs a row no client may write (then the superuser pool says so).

// The demo data's ids under the names the attack files use.
export const LAVOIE = DEMO.organizationId
export const JULIE = { id: DEMO.julie.id, email: DEMO.julie.email }
export const LAVOIE_ADMIN = { id: DEMO.admin.id, email: DEMO.admin.email }
export const SEED_CLAIM = DEMO.claimId
export const SEED_CONVERSATION = DEMO.conversationId
const PASSWORD = DEMO_PASSWORD
const STAFF_PASSWORD = 'attack-staff-password'

export interface Actor {
  id: string
  client: SupabaseClient
  /** The JWT the client presents. */
  token: string
}

export interface Customer extends Actor {
  name: string
  conversationId: string
  accessToken: string
}

export interface World {
  stack: TestStack
  service: SupabaseClient
  org1: { id: string; admin: Actor; agent: Actor; fAndI: Actor }
  org2: { id: string; admin: Actor; agent: Actor }
  /** Customers of org 1 (same organization: the strictest isolation case). */
  a: Customer
  b: Customer & { claimId: string; messageId: string; internalNoteId: string; attachmentPath: string }
  /** A customer of org 2. */
  c: Customer
  /** A notification of org 1's admin, a push subscription of B. */
  adminNotificationId: string
  bSubscriptionId: string
}

// stack.client() keeps every client so stack.stop() closes their Realtime channels.
export function serviceClient(stack: TestStack): SupabaseClient {
  return stack.client(stack.serviceRoleKey)
}

/** A fresh client for the anon key alone: no session at all. */
export function anonClient(stack: TestStack): SupabaseClient {
  return stack.client()
}

async function actorFrom(client: SupabaseClient): Promise<Actor> {
  const { data } = await client.auth.getSession()
  const session = data.session
  if (!session) throw new Error('no session')
  // Realtime must present the user's JWT before any channel is created.
  await client.realtime.setAuth(session.access_token)
  return { id: session.user.id, client, token: session.access_token }
}

export async function signIn(stack: TestStack, email: string, password = PASSWORD): Promise<Actor> {
  const client = anonClient(stack)
  const { error } = await client.auth.signInWithPassword({ email, password })
  if (error) throw error
  return actorFrom(client)
}

export async function anonymousCustomer(stack: TestStack): Promise<Actor> {
  const client = anonClient(stack)
  const { error } = await client.auth.signInAnonymously()
  if (error) throw error
  return actorFrom(client)
}

/** A staff member created as an operator would: Auth admin API, then a profiles row. */
export async function createStaff(
  stack: TestStack,
  service: SupabaseClient,
  organizationId: string,
  role: 'admin' | 'operations' | 'f_and_i' | 'agent',
  displayName: string
): Promise<Actor> {
  const email = `${role}-${randomUUID().slice(0, 8)}@attack.test`
  const created = await service.auth.admin.createUser({ email, password: STAFF_PASSWORD, email_confirm: true })
  if (created.error) throw created.error
  const profile = await service
    .from('profiles')
    .insert({ id: created.data.user.id, organization_id: organizationId, role, display_name: displayName })
  if (profile.error) throw profile.error
  return signIn(stack, email, STAFF_PASSWORD)
}

export async function startCustomer(stack: TestStack, organizationId: string, name: string): Promise<Customer> {
  const actor = await anonymousCustomer(stack)
  const started = await actor.client
    .rpc('start_conversation', {
      organization_id: organizationId,
      customer_name: name,
      customer_email: `${name.toLowerCase()}@example.com`
    })
    .single<{ conversation_id: string; access_token: string }>()
  if (started.error) throw started.error
  return { ...actor, name, conversationId: started.data.conversation_id, accessToken: started.data.access_token }
}

export async function send(actor: Actor, conversationId: string, content: string, extra: Record<string, unknown> = {}) {
  const sent = await actor.client
    .rpc('send_message', { conversation_id: conversationId, client_id: randomUUID(), content, ...extra })
    .single<{ id: string; client_id: string }>()
  if (sent.error) throw sent.error
  return sent.data
}

export async function buildWorld(): Promise<World> {
  const stack = await startTestStack({ seed: true })
  const service = serviceClient(stack)

  const org2Insert = await service
    .from('organizations')
    .insert({ name: 'Concession Rivière', slug: `riviere-${randomUUID().slice(0, 6)}` })
    .select('id')
    .single()
  if (org2Insert.error) throw org2Insert.error
  const org2Id = org2Insert.data.id as string

  const [org1Admin, org1Agent, org1FAndI, org2Admin, org2Agent] = await Promise.all([
    signIn(stack, LAVOIE_ADMIN.email),
    signIn(stack, JULIE.email),
    createStaff(stack, service, LAVOIE, 'f_and_i', 'Fanny Finance'),
    createStaff(stack, service, org2Id, 'admin', 'Rita Rivière'),
    createStaff(stack, service, org2Id, 'agent', 'Roger Rivière')
  ])

  const [a, b, c] = await Promise.all([
    startCustomer(stack, LAVOIE, 'Alice'),
    startCustomer(stack, LAVOIE, 'Bruno'),
    startCustomer(stack, org2Id, 'Chloé')
  ])

  // B's conversation follows a claim of its own (linking is a staff decision).
  const claim = await org1Agent.client
    .from('claims')
    .insert({ organization_id: LAVOIE, claim_number: `RC-B-${randomUUID().slice(0, 6)}`, customer_name: 'Bruno' })
    .select('id')
    .single()
  if (claim.error) throw claim.error
  const linked = await org1Agent.client.from('chat_conversations').update({ claim_id: claim.data.id }).eq('id', b.conversationId)
  if (linked.error) throw linked.error
  const changed = await org1Agent.client.rpc('change_claim_status', {
    claim_id: claim.data.id,
    new_status: 'under_review',
    reason: 'Looking'
  })
  if (changed.error) throw changed.error

  const clientId = randomUUID()
  const attachmentPath = `${LAVOIE}/${b.conversationId}/${clientId}/invoice.txt`
  const uploaded = await b.client.storage
    .from('chat-attachments')
    .upload(attachmentPath, new Blob(['B private invoice'], { type: 'text/plain' }), {
      contentType: 'text/plain'
    })
  if (uploaded.error) throw uploaded.error
  const bMessage = await send(b, b.conversationId, 'My invoice', {
    client_id: clientId,
    message_type: 'file',
    attachments: [{ path: attachmentPath, name: 'invoice.txt', size: 17, mime_type: 'text/plain' }]
  })
  await send(org1Agent, b.conversationId, 'Thanks Bruno')
  const note = await send(org1Agent, b.conversationId, 'INTERNAL: Bruno owes us', { is_internal: true })
  await send(a, a.conversationId, 'Hello from Alice')
  await send(c, c.conversationId, 'Bonjour de Chloé')
  await send(org2Agent, c.conversationId, 'Bonjour Chloé')

  const typing = await b.client.rpc('set_typing', { conversation_id: b.conversationId, is_typing: true })
  if (typing.error) throw typing.error
  // The scheduled cleanup must not change the world between an attack's two snapshots.
  await stack.db.pool.query(`update public.typing_indicators set expires_at = now() + interval '1 day'`)

  // Rows clients never write themselves: a push subscription (the push functions write it
  // sealed) and a notification (triggers and service_role write them).
  const subscription = await service
    .from('push_subscriptions')
    .insert({
      organization_id: LAVOIE,
      user_id: b.id,
      platform: 'web',
      endpoint: 'sealed:b-endpoint',
      keys: { sealed: 'b' },
      token_hash: 'b'.repeat(64)
    })
    .select('id')
    .single()
  if (subscription.error) throw subscription.error
  const notification = await service
    .from('notifications')
    .insert({ organization_id: LAVOIE, user_id: LAVOIE_ADMIN.id, type: 'system_alert', title: 'Only for the admin' })
    .select('id')
    .single()
  if (notification.error) throw notification.error

  return {
    stack,
    service,
    org1: { id: LAVOIE, admin: org1Admin, agent: org1Agent, fAndI: org1FAndI },
    org2: { id: org2Id, admin: org2Admin, agent: org2Agent },
    a,
    b: { ...b, claimId: claim.data.id as string, messageId: bMessage.id, internalNoteId: note.id, attachmentPath },
    c,
    adminNotificationId: notification.data.id as string,
    bSubscriptionId: subscription.data.id as string
  }
}

// What "nothing changed" means: every application table (and the stored objects), hashed
// row by row through the superuser pool.
const WATCHED = [
  'public.organizations',
  'public.profiles',
  'public.warranties',
  'public.claims',
  'public.claim_access',
  'public.claim_status_updates',
  'public.chat_conversations',
  'public.conversation_access',
  'public.chat_messages',
  'public.typing_indicators',
  'public.push_subscriptions',
  'public.notifications',
  'public.notification_outbox',
  'public.push_deliveries',
  'public.audit_log',
  'private.access_tokens'
]

export type Snapshot = Record<string, string>

export async function snapshot(world: World): Promise<Snapshot> {
  const parts = WATCHED.map(
    (table) => `select '${table}' as t, md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) as h from ${table} r`
  )
  parts.push(
    `select 'storage.objects' as t, md5(coalesce(string_agg(concat_ws('|', bucket_id, name, owner_id, metadata::text), E'\\n' order by name), '')) as h from storage.objects`
  )
  const { rows } = await world.stack.db.pool.query<{ t: string; h: string }>(parts.join(' union all '))
  return Object.fromEntries(rows.map((row) => [row.t, row.h]))
}

export async function expectUnchanged(world: World, before: Snapshot): Promise<void> {
  expect(await snapshot(world)).toEqual(before)
}

/** Runs an attack and proves the database is exactly as it was. */
export async function unchanged<T>(world: World, attack: () => Promise<T>): Promise<T> {
  const before = await snapshot(world)
  const result = await attack()
  await expectUnchanged(world, before)
  return result
}

/** The PostgREST/Parley error shape supabase-js hands back. */
export interface RestError {
  code: string
  message: string
  hint: string | null
}

export function refusal(result: { error: unknown; status?: number }): RestError & { status: number | undefined } {
  expect(result.error, 'the attack was expected to be refused').not.toBeNull()
  return { ...(result.error as RestError), status: result.status }
}

export async function query<T = Record<string, unknown>>(world: World, sql: string, values: unknown[] = []): Promise<T[]> {
  return (await world.stack.db.pool.query(sql, values)).rows as T[]
}
