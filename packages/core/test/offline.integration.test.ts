// Offline sends and reloads: the browser's network goes away (fetch fails, as it does offline),
// sends wait in the outbox, persist per user, survive a page reload (a new client over the same
// session and storage) and go out in order once the network is back. Unread counts stay live.
import { createClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
import { createParley, type KeyValueStorage, type Parley } from '../src/index.ts'
import { DEMO, keep, until } from './helpers.ts'

let stack: TestStack
let online = true
const offlineFetch: typeof fetch = (input, init) => (online ? fetch(input, init) : Promise.reject(new TypeError('fetch failed')))
const releases: Array<() => void> = []
const parleys: Parley[] = []

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key)
  }
}

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
})
afterAll(async () => {
  for (const release of releases) release()
  for (const parley of parleys) await parley.destroy()
  await stack?.stop()
})

it('keeps offline sends, persists them per user, and delivers them in order after a reload', async () => {
  const browser = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { fetch: offlineFetch }
  })
  const storage = memoryStorage()
  const first = createParley({ supabase: browser }, { storage, retryMinMs: 200, retryMaxMs: 400 })
  parleys.push(first)
  const agent = createParley({ supabase: stack.client() }, { storage: null })
  parleys.push(agent)
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  const { conversation_id: conversationId } = await first.startConversation({
    organization_id: DEMO.organizationId,
    customer_name: 'Ada Roy',
    customer_email: 'ada@example.com'
  })
  const userId = (await first.getSession())!.userId
  expect(storage.data.size).toBe(0)

  const agentChat = agent.conversation(conversationId)
  releases.push(keep(agentChat.$messages))
  const chat = first.conversation(conversationId)
  const stopChat = keep(chat.$messages)
  await chat.send('en ligne')
  await until(() => agentChat.$messages.get().length === 1, 'agent sees the first message')

  online = false
  void chat.send('hors ligne 1').catch(() => undefined)
  void chat.send('hors ligne 2').catch(() => undefined)
  await until(() => first.$outbox.get().length === 2, 'queued')
  expect(chat.$messages.get().map((message) => [message.content, message.delivery])).toEqual([
    ['en ligne', 'sent'],
    ['hors ligne 1', 'pending'],
    ['hors ligne 2', 'pending']
  ])
  const persisted = JSON.parse(storage.getItem(`parley:outbox:${userId}`) ?? '[]') as Array<{ content: string }>
  expect(persisted.map((entry) => entry.content)).toEqual(['hors ligne 1', 'hors ligne 2'])

  // The page reloads while still offline: a new client over the same session and storage.
  stopChat()
  await first.destroy()
  const second = createParley({ supabase: browser }, { storage, retryMinMs: 200, retryMaxMs: 400 })
  parleys.push(second)
  const reloaded = second.conversation(conversationId)
  releases.push(keep(reloaded.$messages))
  await until(() => second.$outbox.get().length === 2, 'outbox restored from storage')

  online = true
  window.dispatchEvent(new Event('online'))
  await until(() => second.$outbox.get().length === 0, 'flushed after the network came back')
  await until(() => agentChat.$messages.get().length === 3, 'agent gets both, once')
  expect(agentChat.$messages.get().map((message) => message.content)).toEqual(['en ligne', 'hors ligne 1', 'hors ligne 2'])
  await until(
    () => reloaded.$messages.get().length === 3 && reloaded.$messages.get().every((message) => message.delivery === 'sent'),
    'reloaded page reconciled'
  )
  expect(storage.getItem(`parley:outbox:${userId}`)).toBeNull()
})

it('keeps $unread live for customers and staff', async () => {
  const customer = createParley({ supabase: stack.client() }, { storage: null })
  const agent = createParley({ supabase: stack.client() }, { storage: null })
  parleys.push(customer, agent)
  await agent.signIn({ email: DEMO.marc.email, password: DEMO.marc.password })
  const { conversation_id: conversationId } = await customer.startConversation({
    organization_id: DEMO.organizationId,
    customer_name: 'Bob Nadeau',
    customer_email: 'bob@example.com'
  })
  releases.push(keep(customer.$unread), keep(agent.$unread))
  await until(() => customer.$connection.get() === 'connected' && agent.$connection.get() === 'connected', 'connected')
  const staffBefore = agent.$unread.get()

  await customer.sendMessage({ conversation_id: conversationId, content: 'Allo ?' })
  await until(() => agent.$unread.get() === staffBefore + 1, 'staff unread goes up')
  await agent.sendMessage({ conversation_id: conversationId, content: 'Bonjour Bob' })
  await agent.sendMessage({ conversation_id: conversationId, content: 'Je regarde votre dossier' })
  await until(() => customer.$unread.get() === 2, 'customer unread goes up')
  await customer.markRead(conversationId)
  await until(() => customer.$unread.get() === 0, 'customer unread back to zero')
  await agent.markRead(conversationId)
  await until(() => agent.$unread.get() === staffBefore, 'staff unread back')
})
