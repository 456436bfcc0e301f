// @vitest-environment node
// Two tabs of one site sharing the visitor's session, against the local stack's GoTrue-like
// Auth: refresh-token rotation with reuse detection (a token two rotations old ends the whole
// session). Tokens here expire at once (30 s lives, refreshed 60 s ahead), so every
// getSession refreshes: the forced expiry of a tab that slept for hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../../local/test/stack.ts'
import { AnonymousAuth, type AuthEvent, type AuthSession } from './anonymous-auth.ts'

const KEY = 'parley:test:auth'

/** localStorage shared by the tabs of one site: a write is a `storage` event in the others. */
function sharedStorage() {
  const map = new Map<string, string>()
  const tabs = new Set<EventTarget>()
  const write = (from: EventTarget | null, key: string, value: string | null) => {
    if (value === null) map.delete(key)
    else map.set(key, value)
    for (const tab of tabs) if (tab !== from) tab.dispatchEvent(Object.assign(new Event('storage'), { key, newValue: value }))
  }
  return {
    map,
    /** This tab's view of the storage; `awake: false` is a frozen tab that hears nothing. */
    tab(awake = true) {
      const events = new EventTarget()
      if (awake) tabs.add(events)
      const storage = {
        getItem: (key: string) => map.get(key) ?? null,
        setItem: (key: string, value: string) => write(events, key, value),
        removeItem: (key: string) => write(events, key, null)
      } as Storage
      return { storage, events: awake ? events : null }
    }
  }
}

/** navigator.locks for the tabs of one site: one holder per name at a time. */
function sharedLocks() {
  const queues = new Map<string, Promise<unknown>>()
  let granted = 0
  return {
    get granted() {
      return granted
    },
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const run = (queues.get(name) ?? Promise.resolve()).then(() => {
        granted++
        return callback()
      })
      queues.set(
        name,
        run.catch(() => undefined)
      )
      return run
    }
  } as Pick<LockManager, 'request'> & { granted: number }
}

let stack: TestStack
const refreshes: string[] = []
const countingFetch: typeof fetch = (input, init) => {
  const url = String(input)
  if (url.includes('grant_type=refresh_token')) refreshes.push(JSON.parse(String(init?.body)).refresh_token)
  return fetch(input, init)
}

beforeAll(async () => {
  stack = await startTestStack({ auth: { jwtExpiry: 30, refreshTokenReuseInterval: 0 } })
})
afterAll(() => stack?.stop())

function tab(site: ReturnType<typeof sharedStorage>, locks: ReturnType<typeof sharedLocks> | null, awake = true) {
  const { storage, events } = site.tab(awake)
  const auth = new AnonymousAuth({
    url: `${stack.url}/auth/v1`,
    key: stack.anonKey,
    storageKey: KEY,
    storage,
    events,
    locks,
    fetch: countingFetch
  })
  const heard: [AuthEvent, AuthSession | null][] = []
  auth.onAuthStateChange((event, session) => heard.push([event, session]))
  return { auth, heard }
}

const sessionOf = async (auth: AnonymousAuth) => (await auth.getSession()).data.session
const revoked = async (session: AuthSession) => {
  const { rows } = await stack.db.pool.query<{ not_after: Date | null }>(
    `select s.not_after from auth.sessions s join auth.refresh_tokens rt on rt.session_id = s.id where rt.token = $1`,
    [session.refresh_token]
  )
  return rows[0]?.not_after != null
}

describe('two tabs sharing a visitor session', () => {
  it('refresh once between them: the tab that waited for the lock takes the other’s tokens', async () => {
    const site = sharedStorage()
    const locks = sharedLocks()
    const a = tab(site, locks)
    const signedIn = (await a.auth.signInAnonymously()).data.session!
    const b = tab(site, locks)
    refreshes.length = 0
    const [fromA, fromB] = await Promise.all([sessionOf(a.auth), sessionOf(b.auth)])
    // Tokens here expire at once, so the second tab refreshes too: with the first one's tokens.
    expect(refreshes).toEqual([signedIn.refresh_token, fromA!.refresh_token])
    expect(site.map.get(KEY)).toContain(fromB!.refresh_token)
    expect(locks.granted).toBe(2)
    expect(await revoked(fromB!)).toBe(false)
  })

  it('a tab that slept through two rotations presents the current token, and the session lives on', async () => {
    const site = sharedStorage()
    const locks = sharedLocks()
    const a = tab(site, locks)
    const first = (await a.auth.signInAnonymously()).data.session!
    // Frozen: it loaded the first tokens and hears nothing of what follows.
    const asleep = tab(site, locks, false)
    const slept = await sessionOf(asleep.auth)
    await sessionOf(a.auth)
    const current = await sessionOf(a.auth)
    refreshes.length = 0
    const woke = await sessionOf(asleep.auth)
    expect(woke!.user.id).toBe(first.user.id)
    expect(refreshes).toEqual([current!.refresh_token])
    expect(refreshes).not.toContain(slept!.refresh_token)
    expect(await revoked(woke!)).toBe(false)
    expect((await sessionOf(a.auth))!.user.id).toBe(first.user.id)
  })

  it('a tab that is awake adopts the other’s refresh from the storage event, and hears a sign-out', async () => {
    const site = sharedStorage()
    const locks = sharedLocks()
    const a = tab(site, locks)
    await a.auth.signInAnonymously()
    const b = tab(site, locks)
    const refreshed = await sessionOf(a.auth)
    expect(b.heard.at(-1)).toEqual(['TOKEN_REFRESHED', refreshed])
    await a.auth.signOut()
    expect(b.heard.at(-1)).toEqual(['SIGNED_OUT', null])
    expect(await sessionOf(b.auth)).toBeNull()
  })

  it('without the shared lock and storage, the same wake-up ends the session (what the lock prevents)', async () => {
    const a = tab(sharedStorage(), null)
    const first = (await a.auth.signInAnonymously()).data.session!
    const elsewhere = sharedStorage()
    elsewhere.map.set(KEY, JSON.stringify(first))
    const stale = tab(elsewhere, null, false)
    await sessionOf(a.auth)
    await sessionOf(a.auth)
    expect(await sessionOf(stale.auth)).toBeNull()
    expect(await revoked(first)).toBe(true)
  })
})
