import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack
beforeAll(async () => {
  const previous = process.env.PARLEY_BCRYPT_COST
  process.env.PARLEY_BCRYPT_COST = '4'
  try {
    stack = await startTestStack()
  } finally {
    if (previous === undefined) delete process.env.PARLEY_BCRYPT_COST
    else process.env.PARLEY_BCRYPT_COST = previous
  }
})
afterAll(() => stack.stop())

let counter = 0
const uniqueEmail = (label: string) => `${label}-${++counter}-${Date.now()}@parley.test`
const PASSWORD = 'correct horse battery'

async function signedUp(label: string): Promise<{ client: SupabaseClient; token: string; email: string; id: string }> {
  const client = stack.client()
  const email = uniqueEmail(label)
  const { data, error } = await client.auth.signUp({ email, password: PASSWORD })
  expect(error).toBeNull()
  return { client, token: data.session!.access_token, email, id: data.user!.id }
}

/** A raw call as auth-js makes it, so the order of GoTrue's checks is visible. */
async function call(
  method: string,
  path: string,
  bearer?: string,
  body?: unknown
): Promise<{ status: number; body: { code?: string; message?: string } | unknown[] }> {
  const response = await fetch(`${stack.url}/auth/v1${path}`, {
    method,
    headers: {
      apikey: stack.anonKey,
      'x-supabase-api-version': '2024-01-01',
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {})
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: response.status, body: await response.json() }
}

describe('features this stack leaves off answer as GoTrue does with them off, after its own checks', () => {
  it('identity linking: authentication first, then 404 manual_linking_disabled', async () => {
    expect(await call('GET', '/user/identities/authorize?provider=github')).toMatchObject({
      status: 401,
      body: { code: 'no_authorization' }
    })
    expect(await call('GET', '/user/identities/authorize?provider=github', 'not-a-jwt')).toMatchObject({
      status: 403,
      body: { code: 'bad_jwt' }
    })
    const { client, token } = await signedUp('link')
    expect(await call('DELETE', '/user/identities/00000000-0000-0000-0000-000000000001', token)).toMatchObject({
      status: 404,
      body: { code: 'manual_linking_disabled', message: 'Manual linking is disabled' }
    })
    const linked = await client.auth.linkIdentity({ provider: 'github', options: { skipBrowserRedirect: true } })
    expect(linked.error).toMatchObject({ status: 404, code: 'manual_linking_disabled' })
  })

  it('MFA: authentication, no anonymous users, each factor type refused as with its enrolment off, no factor ever found', async () => {
    expect(await call('POST', '/factors', undefined, { factor_type: 'totp' })).toMatchObject({
      status: 401,
      body: { code: 'no_authorization' }
    })
    const anonymous = stack.client()
    const { data } = await anonymous.auth.signInAnonymously()
    expect(await call('POST', '/factors', data.session!.access_token, { factor_type: 'totp' })).toMatchObject({
      status: 403,
      body: { code: 'no_authorization', message: 'Anonymous user not allowed to perform these actions' }
    })
    const { client, token } = await signedUp('mfa')
    expect((await client.auth.mfa.enroll({ factorType: 'totp' })).error).toMatchObject({
      status: 422,
      code: 'mfa_totp_enroll_not_enabled',
      message: 'MFA enroll is disabled for TOTP'
    })
    expect((await client.auth.mfa.enroll({ factorType: 'phone', phone: '+15551234567' })).error).toMatchObject({
      status: 422,
      code: 'mfa_phone_enroll_not_enabled'
    })
    expect(await call('POST', '/factors', token, { factor_type: 'carrier-pigeon' })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' }
    })
    expect((await client.auth.mfa.challenge({ factorId: '00000000-0000-0000-0000-000000000001' })).error).toMatchObject({
      status: 404,
      code: 'mfa_factor_not_found'
    })
    expect((await client.auth.mfa.listFactors()).error).toBeNull()
  })

  it('SSO: 404 saml_provider_disabled without authentication; the admin side checks admin credentials first', async () => {
    const { error } = await stack.client().auth.signInWithSSO({ domain: 'example.com' })
    expect(error).toMatchObject({ status: 404, code: 'saml_provider_disabled', message: 'SAML 2.0 is disabled' })
    expect(await call('GET', '/admin/sso/providers', stack.anonKey)).toMatchObject({ status: 403, body: { code: 'not_admin' } })
    expect(await call('GET', '/admin/sso/providers', stack.serviceRoleKey)).toMatchObject({
      status: 404,
      body: { code: 'saml_provider_disabled' }
    })
  })

  it('OAuth: the redirect answers a disabled provider as GoTrue does', async () => {
    expect(await call('GET', '/authorize?provider=github')).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', message: 'Unsupported provider: provider is not enabled' }
    })
    expect(await call('GET', '/authorize?provider=myspace')).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', message: 'Unsupported provider: Provider myspace could not be found' }
    })
  })

  it('admin MFA: the user must exist, has no factors, and none is found', async () => {
    const { id } = await signedUp('admin-mfa')
    expect(await call('GET', `/admin/users/${id}/factors`, stack.anonKey)).toMatchObject({ status: 403, body: { code: 'not_admin' } })
    expect(await call('GET', '/admin/users/00000000-0000-0000-0000-000000000009/factors', stack.serviceRoleKey)).toMatchObject({
      status: 404,
      body: { code: 'user_not_found' }
    })
    const admin = stack.client(stack.serviceRoleKey).auth.admin
    expect(await admin.mfa.listFactors({ userId: id })).toMatchObject({ data: { factors: [] }, error: null })
    expect((await admin.mfa.deleteFactor({ userId: id, id: '00000000-0000-0000-0000-000000000001' })).error).toMatchObject({
      status: 404,
      code: 'mfa_factor_not_found'
    })
  })

  it('mail-only admin and user actions check credentials before refusing', async () => {
    expect(await call('POST', '/invite', stack.anonKey, { email: uniqueEmail('invite') })).toMatchObject({
      status: 403,
      body: { code: 'not_admin' }
    })
    expect(await call('POST', '/admin/generate_link', undefined, { type: 'magiclink', email: uniqueEmail('link') })).toMatchObject({
      status: 401,
      body: { code: 'no_authorization' }
    })
    expect(await call('GET', '/reauthenticate')).toMatchObject({ status: 401, body: { code: 'no_authorization' } })
    const { client } = await signedUp('reauth')
    expect((await client.auth.reauthenticate()).error).toMatchObject({ status: 422, code: 'feature_disabled' })
    expect((await stack.client(stack.serviceRoleKey).auth.admin.inviteUserByEmail(uniqueEmail('invite'))).error).toMatchObject({
      status: 422,
      code: 'feature_disabled'
    })
  })
})

describe('accounts over their life', () => {
  it('updateUser({ password }): the new password signs in, the old one is refused, the same one is same_password', async () => {
    const { client, email } = await signedUp('password')
    expect((await client.auth.updateUser({ password: PASSWORD })).error).toMatchObject({ status: 422, code: 'same_password' })
    expect((await client.auth.updateUser({ password: 'a new horse battery' })).error).toBeNull()
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      code: 'invalid_credentials'
    })
    expect((await stack.client().auth.signInWithPassword({ email, password: 'a new horse battery' })).error).toBeNull()
  })

  it('an anonymous user becomes permanent with updateUser({ email, password }) in one call, keeping its id', async () => {
    const client = stack.client()
    const { data } = await client.auth.signInAnonymously()
    const email = uniqueEmail('anon-convert')
    const { data: updated, error } = await client.auth.updateUser({ email, password: PASSWORD })
    expect(error).toBeNull()
    expect(updated.user).toMatchObject({ id: data.user!.id, email, is_anonymous: false })
    const signedIn = await stack.client().auth.signInWithPassword({ email, password: PASSWORD })
    expect(signedIn.data.user).toMatchObject({ id: data.user!.id, is_anonymous: false })
    expect(signedIn.data.session!.access_token.split('.').length).toBe(3)
  })

  it('a ban refuses sign-in, the tokens already issued and the refresh token; lifting it lets the user back in', async () => {
    const { client, token, email, id } = await signedUp('banned')
    const refresh = (await client.auth.getSession()).data.session!.refresh_token
    const admin = stack.client(stack.serviceRoleKey).auth.admin
    expect((await admin.updateUserById(id, { ban_duration: '1h30m' })).error).toBeNull()
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      status: 400,
      code: 'user_banned'
    })
    expect(await call('GET', '/user', token)).toMatchObject({ status: 403, body: { code: 'user_banned' } })
    expect((await stack.client().auth.refreshSession({ refresh_token: refresh })).error).toMatchObject({ status: 400, code: 'user_banned' })
    expect((await admin.updateUserById(id, { ban_duration: 'none' })).error).toBeNull()
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull()
  })

  it('listUsers pages with page/per_page and answers X-Total-Count and a Link header as GoTrue writes them', async () => {
    const admin = stack.client(stack.serviceRoleKey).auth.admin
    for (let i = 0; i < 3; i++) await admin.createUser({ email: uniqueEmail('list'), password: PASSWORD, email_confirm: true })
    const { rows } = await stack.db.pool.query('select count(*)::int as n from auth.users')
    const total: number = rows[0].n
    const response = await fetch(`${stack.url}/auth/v1/admin/users?page=2&per_page=2`, {
      headers: { apikey: stack.serviceRoleKey, authorization: `Bearer ${stack.serviceRoleKey}` }
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-total-count')).toBe(String(total))
    const last = Math.ceil(total / 2)
    const link = response.headers.get('link') ?? ''
    const rels = Object.fromEntries([...link.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [m[2], m[1]]))
    expect(rels).toMatchObject({ last: `/admin/users?page=${last}&per_page=2` })
    if (last > 2) expect(rels.next).toBe('/admin/users?page=3&per_page=2')
    const body = (await response.json()) as { users: unknown[]; aud: string }
    expect(body.users).toHaveLength(2)

    // The request's own query is kept (GoTrue re-encodes it), and there is always a last page.
    const filtered = await fetch(`${stack.url}/auth/v1/admin/users?filter=nobody-matches-this&page=1`, {
      headers: { apikey: stack.serviceRoleKey, authorization: `Bearer ${stack.serviceRoleKey}` }
    })
    expect(filtered.headers.get('x-total-count')).toBe('0')
    expect(filtered.headers.get('link')).toBe('</admin/users?filter=nobody-matches-this&page=1>; rel="last"')
    expect(await stack.client(stack.serviceRoleKey).auth.admin.listUsers({ page: 1, perPage: 2 })).toMatchObject({ data: { total } })
  })

  it('soft delete keeps the row (deleted_at set), ends the sessions, and the address can sign up again', async () => {
    const { token, email, id } = await signedUp('soft')
    const admin = stack.client(stack.serviceRoleKey).auth.admin
    expect((await admin.deleteUser(id, true)).error).toBeNull()
    const { rows } = await stack.db.pool.query('select deleted_at, email from auth.users where id = $1', [id])
    expect(rows[0]).toMatchObject({ deleted_at: expect.any(Date), email: null })
    expect((await call('GET', '/user', token)).status).toBe(403)
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      code: 'invalid_credentials'
    })
    const again = await stack.client().auth.signUp({ email, password: PASSWORD })
    expect(again.error).toBeNull()
    expect(again.data.user!.id).not.toBe(id)
  })
})
