// The delivery guarantee under a real outage: the server (HTTP + Realtime) stops mid-conversation,
// both sides keep sending, a third party writes straight to the database, and a new server
// comes up on the same port over the same database. Nothing may be lost, duplicated or reordered,
// in any live store: conversations, unread counts, the inbox, a claim's timeline, the
// notification centre, and both callback APIs.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../local/src/stack.ts'
import { createTestDatabase, type TestDatabase } from '../../local/test/db.ts'
import { type ChatMessage, createParley, type Parley } from '../src/index.ts'
import { DEMO, keep, until } from './helpers.ts'

const supabaseDir = resolve(import.meta.dirname, '../../../supabase')
let db: TestDatabase | undefined
let server: RunningServer | undefined
let stateDir = ''
const clients: SupabaseClient[] = []
const parleys: Parley[] = []

afterAll(async () => {
  for (const parley of parleys) await parley.destroy()
  for (const client of clients) await client.removeAllChannels()
  await server?.stop()
  await db?.drop()
  if (stateDir) await rm(stateDir, { recursive: true, force: true })
})

function connect(url: string, anonKey: string): Parley {
  const client = createClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false } })
  clients.push(client)
  const parley = createParley({ supabase: client }, { storage: null, retryMinMs: 100, retryMaxMs: 1000 })
  parleys.push(parley)
  return parley
}

/** What a third party does while our server is down, straight through the database RPCs. */
async function asMarc(database: TestDatabase, sql: string, values: unknown[]): Promise<void> {
  const client = await database.pool.connect()
  try {
    await client.query('begin')
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: DEMO.marc.id, role: 'authenticated', is_anonymous: false })
    ])
    await client.query(sql, values)
    await client.query('commit')
  } finally {
    client.release()
  }
}

it('loses, duplicates and reorders nothing across a WebSocket drop and a server restart', async () => {
  db = await createTestDatabase({ seed: true })
  stateDir = await mkdtemp(join(tmpdir(), 'parley-core-restart-'))
  server = await startServer({ databaseUrl: db.url, port: 0, supabaseDir, stateDir })
  const port = Number(new URL(server.url).port)
  const customer = connect(server.url, server.anonKey)
  const agent = connect(server.url, server.anonKey)
  const admin = connect(server.url, server.anonKey)
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  await admin.signIn({ email: DEMO.admin.email, password: DEMO.admin.password })
  const { conversation_id: conversationId } = await customer.startConversation({
    organization_id: DEMO.organizationId,
    customer_name: 'Ada Roy',
    customer_email: 'ada@example.com'
  })

  const customerChat = customer.conversation(conversationId)
  const agentChat = agent.conversation(conversationId)
  keep(customerChat.$messages)
  keep(agentChat.$messages)
  const heard = new Map<string, number>()
  customer.subscribeToConversation(conversationId, { onMessage: (message) => heard.set(message.id, (heard.get(message.id) ?? 0) + 1) })
  const inbox = agent.inbox()
  const timeline = agent.claimTimeline(DEMO.claimId)
  const centre = admin.notifications()
  keep(customer.$unread)
  keep(inbox.$conversations)
  keep(timeline.$updates)
  keep(centre.$items)
  const statusHeard = new Map<string, number>()
  agent.subscribeToClaimUpdates(DEMO.claimId, (update) => statusHeard.set(update.id, (statusHeard.get(update.id) ?? 0) + 1))
  await until(() => [customer, agent, admin].every((parley) => parley.$connection.get() === 'connected'), 'all connected')
  await until(
    () => inbox.$conversations.get().some((row) => row.id === conversationId) && timeline.$updates.get().length > 0,
    'inbox and timeline loaded'
  )
  const updatesBefore = timeline.$updates.get().length

  await customerChat.send('avant 1')
  await agentChat.send('avant 2')
  await until(() => customerChat.$messages.get().length === 2 && agentChat.$messages.get().length === 2, 'both see the first two')

  await server.stop()
  await until(() => customer.$connection.get() !== 'connected' && agent.$connection.get() !== 'connected', 'both notice the outage')

  const during: Array<Promise<ChatMessage>> = []
  for (let index = 1; index <= 3; index++) {
    during.push(customerChat.send(`client pendant ${index}`))
    during.push(agentChat.send(`agent pendant ${index}`))
  }
  await asMarc(db, 'select public.send_message($1, gen_random_uuid(), $2)', [conversationId, 'Marc, écrit pendant la panne'])
  await asMarc(db, `select public.change_claim_status($1, 'approved', 'Décidé pendant la panne')`, [DEMO.claimId])
  await until(() => customer.$outbox.get().length === 3 && agent.$outbox.get().length === 3, 'sends queued in the outboxes')
  expect(
    customerChat.$messages
      .get()
      .filter((message) => message.delivery === 'pending')
      .map((message) => message.content)
  ).toEqual(['client pendant 1', 'client pendant 2', 'client pendant 3'])

  server = await startServer({ databaseUrl: db.url, port, supabaseDir, stateDir })
  const delivered = await Promise.all(during)
  expect(delivered.every((row) => row.conversation_id === conversationId)).toBe(true)

  const { rows } = await db.pool.query<{ id: string; content: string; client_id: string }>(
    'select id, content, client_id from public.chat_messages where conversation_id = $1 order by created_at, id',
    [conversationId]
  )
  expect(rows).toHaveLength(9)
  expect(new Set(rows.map((row) => row.client_id)).size).toBe(9)
  const truth = rows.map((row) => row.id)

  await until(() => customerChat.$messages.get().length === 9 && agentChat.$messages.get().length === 9, 'both caught up')
  await until(() => customer.$outbox.get().length === 0 && agent.$outbox.get().length === 0, 'outboxes empty')
  for (const chat of [customerChat, agentChat]) {
    const messages = chat.$messages.get()
    expect(messages.map((message) => message.id)).toEqual(truth)
    expect(messages.every((message) => message.delivery === 'sent')).toBe(true)
  }
  const contents = rows.map((row) => row.content)
  for (const side of ['client', 'agent']) {
    expect(contents.filter((content) => content.startsWith(`${side} pendant`))).toEqual(
      [1, 2, 3].map((index) => `${side} pendant ${index}`)
    )
  }
  expect(contents).toContain('Marc, écrit pendant la panne')

  await until(() => heard.size === 9, 'seed listener caught up')
  expect([...heard.values()].every((count) => count === 1)).toBe(true)

  // Every other store re-read what it missed on its rejoin.
  const { rows: conversationTruth } = await db.pool.query<{ last_message_at: Date; unread_count_customer: number }>(
    'select last_message_at, unread_count_customer from public.chat_conversations where id = $1',
    [conversationId]
  )
  const [truthRow] = conversationTruth
  expect(truthRow?.unread_count_customer).toBeGreaterThan(0)
  await until(() => {
    const row = inbox.$conversations.get().find((item) => item.id === conversationId)
    return row && Date.parse(row.last_message_at ?? '') === truthRow?.last_message_at.getTime()
  }, 'the inbox shows the latest activity')
  await until(() => customer.$unread.get() === truthRow?.unread_count_customer, 'the customer counts every staff message unread')
  await until(
    () => timeline.$status.get() === 'approved' && timeline.$updates.get().length === updatesBefore + 1,
    'the timeline has the change'
  )
  const { rows: centreTruth } = await db.pool.query<{ id: string; type: string }>(
    'select id, type from public.notifications where user_id = $1 order by created_at desc, id desc limit 20',
    [DEMO.admin.id]
  )
  expect(centreTruth[0]?.type).toBe('claim_update')
  await until(
    () =>
      centre.$items
        .get()
        .map((item) => item.id)
        .join() === centreTruth.map((row) => row.id).join(),
    'the centre has the notification'
  )
  await until(() => statusHeard.size === 1, 'the claim callback caught up')
  expect([...statusHeard.values()]).toEqual([1])
  for (const store of [inbox, timeline, centre]) expect(store.$error.get()).toBeNull()

  await customerChat.send('après')
  await until(() => agentChat.$messages.get().at(-1)?.content === 'après', 'live again after the restart')
  expect(agentChat.$messages.get()).toHaveLength(10)
})
