// @vitest-environment node
// The lite client against the real local stack (REST, Auth, Realtime, Functions): what the widget runs on.
import { FunctionsHttpError } from '@supabase/functions-js'
import { createClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePushSecrets } from '../../../../supabase/tests/push-harness.ts'
import { startTestStack, type TestStack } from '../../../local/test/stack.ts'
import { WidgetError } from '../loader/errors.ts'
import { createLiteClient, type LiteClient, LiteClientError } from './lite-client.ts'
import { lazyFunctions } from './lite-functions.ts'

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
  // The push functions answer only once configured; the functions tests call push-register.
  await writePushSecrets(stack.stateDir)
})

afterAll(async () => {
  for (const client of clients) await client.removeAllChannels()
  await stack?.stop()
})

function lite(storage = new MemoryStorage(), fetch?: typeof globalThis.fetch, key = stack.anonKey) {
  const client = createLiteClient(stack.url, key, { storage: storage as unknown as Storage, storageKey: 'parley:test:auth', fetch })
  clients.push(client)
  return { client, storage }
}

/** The real fetch, noting what each request carried. */
function recordingFetch() {
  const requests: { url: string; method: string; headers: Headers }[] = []
  const record: typeof fetch = (input, init) => {
    requests.push({
      url: String(input instanceof Request ? input.url : input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers)
    })
    return fetch(input, init)
  }
  return { requests, fetch: record }
}

/** What a function answered with an error: its status and JSON body ({code, message}). */
async function failure(result: { error: unknown }) {
  expect(result.error).toBeInstanceOf(FunctionsHttpError)
  const response = (result.error as FunctionsHttpError).context as Response
  return { status: response.status, body: (await response.json()) as { code: string } }
}

const NOT_A_PLATFORM = { organization_id: ORGANIZATION, platform: 'fax' }

describe('createLiteClient', () => {
  it('signs in anonymously only when asked, then calls RPCs as that user', async () => {
    const { client, storage } = lite()
    expect((await client.auth.getSession()).data.session).toBeNull()
    expect(storage.length).toBe(0)
    const { data, error } = await client.auth.signInAnonymously()
    expect(error).toBeNull()
    expect(data.session!.user.is_anonymous).toBe(true)
    expect(JSON.parse(storage.getItem('parley:test:auth')!).access_token).toBe(data.session!.access_token)

    const started = await client.rpc('start_conversation', {
      organization_id: ORGANIZATION,
      customer_name: 'Ada',
      customer_email: 'ada@example.com'
    })
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
    const started = await client.rpc('start_conversation', {
      organization_id: ORGANIZATION,
      customer_name: 'Ada',
      customer_email: 'ada@example.com'
    })
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

describe('createLiteClient functions', () => {
  it('invokes Edge Functions with the apikey and the visitor JWT, as supabase-js does', async () => {
    const recorder = recordingFetch()
    const { client } = lite(new MemoryStorage(), recorder.fetch)
    const session = (await client.auth.signInAnonymously()).data.session!
    expect(await failure(await client.functions.invoke('push-register', { body: NOT_A_PLATFORM }))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT' }
    })

    const reference = recordingFetch()
    const supabase = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { fetch: reference.fetch }
    })
    const theirs = (await supabase.auth.signInAnonymously()).data.session!
    expect(await failure(await supabase.functions.invoke('push-register', { body: NOT_A_PLATFORM }))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_INPUT' }
    })

    const call = (requests: typeof recorder.requests) => requests.find((request) => request.url.endsWith('/functions/v1/push-register'))!
    const [mine, reference_] = [call(recorder.requests), call(reference.requests)]
    expect(mine.url).toBe(`${stack.url}/functions/v1/push-register`)
    for (const [request, token] of [
      [mine, session.access_token],
      [reference_, theirs.access_token]
    ] as const) {
      expect(request.method).toBe('POST')
      expect(request.headers.get('apikey')).toBe(stack.anonKey)
      expect(request.headers.get('authorization')).toBe(`Bearer ${token}`)
      expect(request.headers.get('content-type')).toBe('application/json')
    }
  })

  it('sends the key as the Bearer without a session, except a new-format key, as supabase-js does', async () => {
    const legacy = recordingFetch()
    await lite(new MemoryStorage(), legacy.fetch).client.functions.invoke('push-register', { body: NOT_A_PLATFORM })
    expect(legacy.requests[0]!.headers.get('authorization')).toBe(`Bearer ${stack.anonKey}`)

    const publishable = recordingFetch()
    const { client } = lite(new MemoryStorage(), publishable.fetch, 'sb_publishable_parley_test')
    const { error } = await client.functions.invoke('push-register', { body: NOT_A_PLATFORM })
    expect(error).toBeInstanceOf(FunctionsHttpError)
    expect(publishable.requests[0]!.headers.get('apikey')).toBe('sb_publishable_parley_test')
    expect(publishable.requests[0]!.headers.has('authorization')).toBe(false)
  })

  it('fetches the Functions client on the first invoke only', async () => {
    let loads = 0
    const functions = lazyFunctions(`${stack.url}/functions/v1`, fetch, () => {
      loads += 1
      return import('@supabase/functions-js')
    })
    expect(loads).toBe(0)
    const [first, second] = await Promise.all([
      functions.invoke('push-register', { body: NOT_A_PLATFORM }),
      functions.invoke('push-register', { body: NOT_A_PLATFORM, method: 'DELETE' })
    ])
    expect((await failure(first)).status).toBe(401)
    expect((await failure(second)).status).toBe(401)
    await functions.invoke('push-test')
    expect(loads).toBe(1)
  })

  it('rejects with WidgetError LOAD_FAILED when the client cannot be fetched, and fetches it again on the next invoke', async () => {
    let offline = true
    const functions = lazyFunctions(`${stack.url}/functions/v1`, fetch, () =>
      offline
        ? Promise.reject(new TypeError('Failed to fetch dynamically imported module: https://dealer.example/parley-push.js'))
        : import('@supabase/functions-js')
    )
    const refused = functions.invoke('push-test')
    await expect(refused).rejects.toBeInstanceOf(WidgetError)
    await expect(refused).rejects.toMatchObject({
      code: 'LOAD_FAILED',
      message: expect.stringContaining('Failed to fetch dynamically imported module')
    })
    offline = false
    expect((await failure(await functions.invoke('push-test'))).status).toBe(401)
  })
})
