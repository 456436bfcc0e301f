import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import webpush from 'web-push'
import { generateVaultKey } from '../functions/_shared/push/vault.ts'
import { anonClient, buildWorld, LAVOIE, query, snapshot, unchanged, type World } from './attack-fixtures.ts'
import { browserSubscription } from './push-harness.ts'

// Attacks on the push edge functions through the local functions host, with unmodified
// supabase-js (functions.invoke) and raw HTTP where supabase-js would not send the request.

let world: World
beforeAll(async () => {
  world = await buildWorld()
  const vapid = webpush.generateVAPIDKeys()
  await writeFile(
    join(world.stack.stateDir, 'env'),
    [
      `VAPID_PUBLIC_KEY=${vapid.publicKey}`,
      `VAPID_PRIVATE_KEY=${vapid.privateKey}`,
      'VAPID_SUBJECT=mailto:push@parley.test',
      `PARLEY_PUSH_ENCRYPTION_KEY=${generateVaultKey()}`,
      `PARLEY_DISPATCH_SECRET=${randomUUID()}`
    ].join('\n')
  )
})
afterAll(() => world?.stack.stop())

const endpoint = () => `https://fcm.googleapis.com/fcm/send/${randomUUID()}`

function registration(organizationId: string, extra: Record<string, unknown> = {}) {
  const browser = browserSubscription(endpoint())
  return { organization_id: organizationId, platform: 'web', endpoint: browser.endpoint, keys: browser.keys, ...extra }
}

async function refusedWith(result: { error: unknown }): Promise<{ status: number; code: string }> {
  expect(result.error, 'the attack was expected to be refused').toBeInstanceOf(FunctionsHttpError)
  const response = (result.error as FunctionsHttpError).context as Response
  const body = (await response.json().catch(() => ({}))) as { code?: string }
  return { status: response.status, code: body.code ?? '' }
}

const invoke = (client: SupabaseClient, name: string, body: unknown, method: 'POST' | 'DELETE' = 'POST') =>
  client.functions.invoke(name, { body: body as Record<string, unknown>, method })

describe('Functions: no user JWT', () => {
  it('the anon key alone registers, updates, deletes and tests nothing', async () => {
    const anon = anonClient(world.stack)
    await unchanged(world, async () => {
      expect(await refusedWith(await invoke(anon, 'push-register', registration(LAVOIE)))).toMatchObject({ code: 'NOT_AUTHORIZED' })
      expect(
        await refusedWith(await invoke(anon, 'push-register', { id: world.bSubscriptionId, preferences: { new_messages: false } }))
      ).toMatchObject({ code: 'NOT_AUTHORIZED' })
      expect(await refusedWith(await invoke(anon, 'push-register', { id: world.bSubscriptionId }, 'DELETE'))).toMatchObject({
        code: 'NOT_AUTHORIZED'
      })
      expect(await refusedWith(await invoke(anon, 'push-test', { subscription_id: world.bSubscriptionId }))).toMatchObject({
        code: 'NOT_AUTHORIZED'
      })
      expect(await refusedWith(await invoke(anon, 'push-dispatch', {}))).toMatchObject({ status: 403, code: 'NOT_AUTHORIZED' })
    })
  })

  it('no Authorization header, a JWT signed with another secret, or an unsigned JWT is refused', async () => {
    const url = `${world.stack.url}/functions/v1/push-register`
    const forgedClaims = { sub: world.b.id, role: 'authenticated', aud: 'authenticated', is_anonymous: true }
    const wrongSecret = await new SignJWT(forgedClaims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-project-secret-not-the-project-secret'))
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...forgedClaims, exp: Math.floor(Date.now() / 1000) + 3600 })
    ).toString('base64url')}.`
    await unchanged(world, async () => {
      for (const authorization of [undefined, `Bearer ${wrongSecret}`, `Bearer ${unsigned}`, 'Bearer ', `Basic ${world.b.token}`]) {
        for (const body of [registration(LAVOIE), { id: world.bSubscriptionId, preferences: { new_messages: false } }]) {
          const response = await fetch(url, {
            method: 'POST',
            headers: { apikey: world.stack.anonKey, 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
            body: JSON.stringify(body)
          })
          expect({ authorization: authorization?.slice(0, 12), status: response.status }).toEqual({
            authorization: authorization?.slice(0, 12),
            status: expect.toSatisfy((status: number) => status === 401 || status === 403)
          })
        }
      }
    })
  })
})

describe('Functions: the host serves functions, not files', () => {
  it('shared modules, config, env files and traversal names are never served or run', async () => {
    for (const path of [
      '_shared',
      '_shared/push/vault.ts',
      '..%2Fmigrations',
      '%2e%2e/%2e%2e/package.json',
      'push-dispatch%00',
      'deno.json',
      'push-register%2F..%2Fpush-dispatch',
      '.env',
      'push-register/index.ts'
    ]) {
      const response = await fetch(`${world.stack.url}/functions/v1/${path}`, {
        method: 'POST',
        headers: { apikey: world.stack.anonKey, authorization: `Bearer ${world.stack.anonKey}`, 'content-type': 'application/json' },
        body: '{}'
      })
      const body = await response.text()
      // A sub-path goes to its function, as on Supabase (push-register/index.ts runs
      // push-register, which refuses the empty body); nothing answers with a file.
      expect({ path, status: response.status }).toEqual({
        path,
        status: expect.toSatisfy((status: number) => [400, 401, 403, 404].includes(status))
      })
      expect(body).not.toMatch(/import |export |PARLEY_PUSH_ENCRYPTION_KEY=|VAPID_PRIVATE_KEY/)
    }
  })
})

describe("Functions: someone else's subscription or organization", () => {
  it("customer A cannot update, delete or test B's subscription", async () => {
    const { a } = world
    await unchanged(world, async () => {
      expect(
        await refusedWith(await invoke(a.client, 'push-register', { id: world.bSubscriptionId, preferences: { new_messages: false } }))
      ).toEqual({ status: 404, code: 'NOT_FOUND' })
      expect(await refusedWith(await invoke(a.client, 'push-register', { id: world.bSubscriptionId }, 'DELETE'))).toEqual({
        status: 404,
        code: 'NOT_FOUND'
      })
      expect(await refusedWith(await invoke(a.client, 'push-test', { subscription_id: world.bSubscriptionId }))).toEqual({
        status: 404,
        code: 'NOT_FOUND'
      })
      // Without an id, push-test is about the caller's own subscriptions: A has none.
      expect(await refusedWith(await invoke(a.client, 'push-test', {}))).toEqual({ status: 404, code: 'NOT_FOUND' })
    })
  })

  it("customer A cannot register in an organization it has no conversation in, or on someone else's behalf", async () => {
    const { a, b } = world
    await unchanged(world, async () => {
      expect(await refusedWith(await invoke(a.client, 'push-register', registration(world.org2.id)))).toEqual({
        status: 403,
        code: 'NOT_AUTHORIZED'
      })
      expect(await refusedWith(await invoke(a.client, 'push-register', registration(`${LAVOIE}' or '1'='1`)))).toMatchObject({
        status: 400,
        code: 'INVALID_INPUT'
      })
    })
    // A body naming another user registers for the caller, never for them.
    const own = await invoke(a.client, 'push-register', registration(LAVOIE, { user_id: b.id, p_user_id: b.id, enabled: true }))
    expect(own.error).toBeNull()
    const [row] = await query<{ user_id: string; organization_id: string }>(
      world,
      'select user_id, organization_id from public.push_subscriptions where id = $1',
      [(own.data as { id: string }).id]
    )
    expect(row).toEqual({ user_id: a.id, organization_id: LAVOIE })
    const bRows = await query(world, 'select id from public.push_subscriptions where user_id = $1', [b.id])
    expect(bRows).toEqual([{ id: world.bSubscriptionId }])
  })

  it('a push endpoint on a literal private address is refused (the server would POST to it)', async () => {
    const { a } = world
    await unchanged(world, async () => {
      for (const url of [
        'http://fcm.googleapis.com/fcm/send/x',
        'https://localhost/x',
        'https://127.0.0.1/x',
        'https://0x7f000001/x',
        'https://2130706433/x',
        'https://127.1/x',
        'https://10.0.0.1/x',
        'https://169.254.169.254/latest/meta-data',
        'https://[::1]/x',
        'https://[::ffff:127.0.0.1]/x',
        'https://metadata.google.internal/x',
        'file:///etc/passwd'
      ]) {
        const result = await invoke(a.client, 'push-register', { ...registration(LAVOIE), endpoint: url })
        expect({ url, refused: await refusedWith(result) }).toEqual({ url, refused: { status: 400, code: 'INVALID_INPUT' } })
      }
    })
  })

  // Was a bug: a deny-list of private host spellings let `localhost.`, IPv4-compatible and
  // NAT64 forms through (blind SSRF from the dispatcher); endpoints are now allowlisted.
  it('a push endpoint on a private host spelled another way is refused', async () => {
    const { a } = world
    const before = await snapshot(world)
    const accepted: string[] = []
    for (const url of ['https://localhost./x', 'https://push.localhost./x', 'https://[::7f00:1]/x', 'https://[64:ff9b::a9fe:a9fe]/x']) {
      const result = await invoke(a.client, 'push-register', { ...registration(LAVOIE), endpoint: url })
      if (result.error === null) accepted.push(url)
    }
    expect(accepted).toEqual([])
    expect(await snapshot(world)).toEqual(before)
  })

  it("org 2 staff cannot register for org 1 nor touch org 1 subscriptions; org 1 staff cannot touch a customer's", async () => {
    const { org1, org2 } = world
    await unchanged(world, async () => {
      for (const staff of [org2.agent, org2.admin]) {
        expect(await refusedWith(await invoke(staff.client, 'push-register', registration(LAVOIE)))).toEqual({
          status: 403,
          code: 'NOT_AUTHORIZED'
        })
        expect(
          await refusedWith(
            await invoke(staff.client, 'push-register', { id: world.bSubscriptionId, preferences: { claim_updates: false } })
          )
        ).toEqual({ status: 404, code: 'NOT_FOUND' })
        expect(await refusedWith(await invoke(staff.client, 'push-register', { id: world.bSubscriptionId }, 'DELETE'))).toEqual({
          status: 404,
          code: 'NOT_FOUND'
        })
      }
      expect(await refusedWith(await invoke(org1.admin.client, 'push-test', { subscription_id: world.bSubscriptionId }))).toEqual({
        status: 404,
        code: 'NOT_FOUND'
      })
      expect(await refusedWith(await invoke(org1.admin.client, 'push-register', { id: world.bSubscriptionId }, 'DELETE'))).toEqual({
        status: 404,
        code: 'NOT_FOUND'
      })
    })
  })

  it('push-dispatch only for the service role or the dispatch secret', async () => {
    await unchanged(world, async () => {
      for (const actor of [world.a, world.org1.admin, world.org2.admin]) {
        expect(await refusedWith(await invoke(actor.client, 'push-dispatch', {}))).toEqual({ status: 403, code: 'NOT_AUTHORIZED' })
      }
      const guessed = await world.a.client.functions.invoke('push-dispatch', {
        body: {},
        headers: { 'x-parley-dispatch-secret': randomUUID() }
      })
      expect(await refusedWith(guessed)).toEqual({ status: 403, code: 'NOT_AUTHORIZED' })
      const empty = await world.a.client.functions.invoke('push-dispatch', { body: {}, headers: { 'x-parley-dispatch-secret': '' } })
      expect(await refusedWith(empty)).toEqual({ status: 403, code: 'NOT_AUTHORIZED' })
    })
  })
})
