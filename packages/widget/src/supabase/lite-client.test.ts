// @vitest-environment node
// The lite client against the real local stack (REST, Auth, Realtime): what the widget runs on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../../local/test/stack.ts'
import { createLiteClient, LiteClientError, type LiteClient } from './lite-client.ts'

const ORGANIZATION = '11111111-1111-4111-8111-111111111111'

class MemoryStorage {
  readonly map = new Map<string, string>()
  get length() {
    return this.map.size
  }
  getItem(key: string) {
    return this.map.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.map.set(key, value)
  }
  removeItem(key: string) {
    this.map.delete(key)
  }
  clear() {
    this.map.clear()
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null
  }
}

let stack: TestStack
const clients: LiteClient[] = []

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
})

afterAll(async () => {
  for (const client of clients) await client.removeAllChannels()
  await stack?.stop()
})

function lite(storage = new MemoryStorage()) {
  const client = createLiteClient(stack.url, stack.anonKey, { storage: storage as unknown as Storage, storageKey: 'parley:test:auth' })
  clients.push(client)
  return { client, storage }
}

describe('createLiteClient', () => {
  it('signs in anonymously only when asked, then calls RPCs as that user', async () => {
    const { client, storage } = lite()
    expect((await client.auth.getSession()).data.session).toBeNull()
    expect(storage.length).toBe(0)
    const { data, error } = await client.auth.signInAnonymously()
    expect(error).toBeNull()
    expect(data.session!.user.is_anonymous).toBe(true)
    expect(JSON.parse(storage.getItem('parley:test:auth')!).access_token).toBe(data.session!.access_token)

    const started = await client.rpc('start_conversation', { organization_id: ORGANIZATION, customer_name: 'Ada', customer_email: 'ada@example.com' })
    expect(started.error).toBeNull()
    const conversationId = (started.data as { conversation_id: string }[])[0]!.conversation_id
    const rows = await client.from('customer_conversations').select('id').eq('id', conversationId)
    expect(rows.data).toEqual([{ id: conversationId }])
  })

  it('keeps the session for the next page load and refreshes an expiring token', async () => {
    const storage = new MemoryStorage()
    const first = lite(storage).client
    const signedIn = (await first.auth.signInAnonymously()).data.session!
    // Pretend the token is about to expire: the next getSession refreshes it.
    storage.setItem('parley:test:auth', JSON.stringify({ ...signedIn, expires_at: Math.floor(Date.now() / 1000) + 10 }))
    const second = lite(storage).client
    const session = (await second.auth.getSession()).data.session!
    expect(session.user.id).toBe(signedIn.user.id)
    expect(session.refresh_token).not.toBe(signedIn.refresh_token)
  })

  it('signs out and forgets the session', async () => {
    const { client, storage } = lite()
    await client.auth.signInAnonymously()
    const events: string[] = []
    client.auth.onAuthStateChange((event) => events.push(event))
    await client.auth.signOut()
    expect(storage.getItem('parley:test:auth')).toBeNull()
    expect((await client.auth.getSession()).data.session).toBeNull()
    expect(events).toContain('SIGNED_OUT')
  })

  it('joins a private Realtime channel with the visitor token', async () => {
    const { client } = lite()
    await client.auth.signInAnonymously()
    const started = await client.rpc('start_conversation', { organization_id: ORGANIZATION, customer_name: 'Ada', customer_email: 'ada@example.com' })
    const conversationId = (started.data as { conversation_id: string }[])[0]!.conversation_id
    await client.realtime.setAuth()
    const status = await new Promise<string>((resolve) => {
      client.channel(`conversation:${conversationId}`, { config: { private: true } }).subscribe((state) => {
        if (state !== 'CLOSED') resolve(state)
      })
    })
    expect(status).toBe('SUBSCRIBED')
  })

  it('loads Realtime on the first realtime.setAuth(), and says so if a channel is asked for before', async () => {
    const { client } = lite()
    expect(() => client.channel('conversation:x')).toThrow(LiteClientError)
    expect(client.getChannels()).toEqual([])
    await client.realtime.setAuth()
    expect(client.channel('conversation:x', { config: { private: true } }).topic).toBe('realtime:conversation:x')
  })

  it('reports Auth failures the way auth-js does', async () => {
    const client = createLiteClient(stack.url, 'not-a-key', { storage: null, storageKey: 'k' })
    const { data, error } = await client.auth.signInAnonymously()
    expect(data.session).toBeNull()
    expect(error).toMatchObject({ name: 'AnonymousAuthError', status: 401 })
  })
})
