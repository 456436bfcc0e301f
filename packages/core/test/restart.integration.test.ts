// The delivery guarantee under a real outage: the server (HTTP + Realtime) stops mid-conversation,
// both sides keep sending, a third party writes straight to the database, and a new server
// comes up on the same port over the same database. Nothing may be lost, duplicated or reordered.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../local/src/stack.ts'
import { createTestDatabase, type TestDatabase } from '../../local/test/db.ts'
import { createParley, type ChatMessage, type Parley } from '../src/index.ts'
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

/** What a third party sends while our server is down, straight through the database RPC. */
async function sendAsMarc(database: TestDatabase, conversationId: string, content: string): Promise<void> {
  const client = await database.pool.connect()
  try {
    await client.query('begin')
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: DEMO.marc.id, role: 'authenticated', is_anonymous: false })
    ])
    await client.query('select public.send_message($1, gen_random_uuid(), $2)', [conversationId, content])
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
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  const { conversation_id: conversationId } = await customer.startConversation({ organization_id: DEMO.organizationId, customer_name: 'Ada Roy', customer_email: 'ada@example.com' })

  const customerChat = customer.conversation(conversationId)
  const agentChat = agent.conversation(conversationId)
  keep(customerChat.$messages)
  keep(agentChat.$messages)
  const heard = new Map<string, number>()
  customer.subscribeToConversation(conversationId, { onMessage: (message) => heard.set(message.id, (heard.get(message.id) ?? 0) + 1) })
  await until(() => customer.$connection.get() === 'connected' && agent.$connection.get() === 'connected', 'both connected')

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
  await sendAsMarc(db, conversationId, 'Marc, écrit pendant la panne')
  await until(() => customer.$outbox.get().length === 3 && agent.$outbox.get().length === 3, 'sends queued in the outboxes')
  expect(customerChat.$messages.get().filter((message) => message.delivery === 'pending').map((message) => message.content)).toEqual([
    'client pendant 1',
    'client pendant 2',
    'client pendant 3'
  ])

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
    expect(contents.filter((content) => content.startsWith(`${side} pendant`))).toEqual([1, 2, 3].map((index) => `${side} pendant ${index}`))
  }
  expect(contents).toContain('Marc, écrit pendant la panne')

  await until(() => heard.size === 9, 'seed listener caught up')
  expect([...heard.values()].every((count) => count === 1)).toBe(true)

  await customerChat.send('après')
  await until(() => agentChat.$messages.get().at(-1)?.content === 'après', 'live again after the restart')
  expect(agentChat.$messages.get()).toHaveLength(10)
})
