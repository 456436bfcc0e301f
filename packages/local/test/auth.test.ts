import { AuthApiError, AuthSessionMissingError, AuthWeakPasswordError, type Session, type SupabaseClient } from '@supabase/supabase-js'
import bcrypt from 'bcryptjs'
import { decodeJwt, jwtVerify, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { asRequest } from '../src/db/request.ts'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack
beforeAll(async () => {
  // bcrypt at the minimum cost keeps the suite fast; the service reads the variable once, at start.
  const previous = process.env.PARLEY_BCRYPT_COST
  process.env.PARLEY_BCRYPT_COST = '4'
  try {
    stack = await startTestStack()
  } finally {
    if (previous === undefined) delete process.env.PARLEY_BCRYPT_COST
    else process.env.PARLEY_BCRYPT_COST = previous
  }
  await stack.db.pool.query(`
    create table public.auth_test_notes (id bigint generated always as identity primary key,
      user_id uuid not null default auth.uid() references auth.users (id) on delete cascade, body text);
    alter table public.auth_test_notes enable row level security;
    create policy own_notes on public.auth_test_notes for all to authenticated
      using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
    grant select, insert on public.auth_test_notes to authenticated;
    create function public.auth_test_whoami() returns jsonb language sql stable
      as $$ select jsonb_build_object('uid', auth.uid(), 'role', auth.role(), 'email', auth.email()) $$;
    grant execute on function public.auth_test_whoami() to authenticated;`)
})
afterAll(() => stack.stop())

let counter = 0
const uniqueEmail = (label: string) => `${label}-${++counter}-${Date.now()}@parley.test`
const PASSWORD = 'correct horse battery'

async function signedUp(label: string): Promise<{ client: SupabaseClient; session: Session; email: string }> {
  const client = stack.client()
  const email = uniqueEmail(label)
  const { data, error } = await client.auth.signUp({ email, password: PASSWORD })
  expect(error).toBeNull()
  return { client, session: data.session!, email }
}

async function rowOf(table: string, where: string, value: unknown): Promise<Record<string, unknown> | undefined> {
  const { rows } = await stack.db.pool.query(`select * from ${table} where ${where} = $1`, [value])
  return rows[0]
}

describe('sign-up and password sign-in', () => {
  it('signs up with email and password into a session, with rows in auth.users and auth.identities', async () => {
    const client = stack.client()
    const email = uniqueEmail('Signup').replace('signup', 'SignUp')
    const before = Math.floor(Date.now() / 1000)
    const { data, error } = await client.auth.signUp({ email, password: PASSWORD, options: { data: { display_name: 'Ada' } } })
    const after = Math.floor(Date.now() / 1000)
    expect(error).toBeNull()
    expect(data.session).toMatchObject({ token_type: 'bearer', expires_in: 3600 })
    expect(data.session!.refresh_token).toMatch(/^[a-z2-7]{12}$/)
    expect(data.session!.expires_at).toBeGreaterThanOrEqual(before + 3600)
    expect(data.session!.expires_at).toBeLessThanOrEqual(after + 3600)
    expect(data.user).toMatchObject({
      email: email.toLowerCase(),
      aud: 'authenticated',
      role: 'authenticated',
      phone: '',
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { display_name: 'Ada', email_verified: true }
    })
    expect(data.user!.identities).toHaveLength(1)
    expect(data.user!.identities![0]).toMatchObject({ provider: 'email', id: data.user!.id, user_id: data.user!.id })

    const row = await rowOf('auth.users', 'id', data.user!.id)
    expect(row).toMatchObject({ email: email.toLowerCase(), aud: 'authenticated', role: 'authenticated', is_anonymous: false })
    expect(row!.encrypted_password).toMatch(/^\$2b\$04\$/)
    expect(row!.email_confirmed_at).toBeInstanceOf(Date)
    expect(row!.last_sign_in_at).toBeInstanceOf(Date)
    expect(await rowOf('auth.identities', 'user_id', data.user!.id)).toMatchObject({ provider: 'email', email: email.toLowerCase() })
    expect(await rowOf('auth.refresh_tokens', 'token', data.session!.refresh_token)).toMatchObject({ revoked: false, parent: null })
  })

  it('refuses a second sign-up with the same email (any case) as user_already_exists', async () => {
    const { email } = await signedUp('dup')
    const { data, error } = await stack.client().auth.signUp({ email: email.toUpperCase(), password: PASSWORD })
    expect(error).toBeInstanceOf(AuthApiError)
    expect(error).toMatchObject({ code: 'user_already_exists', status: 422, message: 'User already registered' })
    expect(data.session).toBeNull()
  })

  it('refuses a short password as weak_password with its reasons', async () => {
    const { error } = await stack.client().auth.signUp({ email: uniqueEmail('weak'), password: '12345' })
    expect(error).toBeInstanceOf(AuthWeakPasswordError)
    expect(error).toMatchObject({ code: 'weak_password', status: 422, reasons: ['length'] })
  })

  it('refuses a malformed email and a missing password as validation_failed', async () => {
    const bad = await stack.client().auth.signUp({ email: 'not-an-email', password: PASSWORD })
    expect(bad.error).toMatchObject({ code: 'validation_failed', status: 400, message: 'Unable to validate email address: invalid format' })
    const empty = await stack.client().auth.signUp({ email: uniqueEmail('nopw'), password: '' })
    expect(empty.error).toMatchObject({ code: 'validation_failed', status: 400, message: 'Signup requires a valid password' })
  })

  it('signs up and in with a phone number and password, stored as E.164 digits', async () => {
    const phone = `+1 514 555 ${String(1000 + counter++).slice(-4)}`
    const { data, error } = await stack.client().auth.signUp({ phone, password: PASSWORD })
    expect(error).toBeNull()
    expect(data.user).toMatchObject({
      phone: phone.replace(/[+ ]/g, ''),
      email: '',
      app_metadata: { provider: 'phone', providers: ['phone'] }
    })
    expect(decodeJwt(data.session!.access_token).phone).toBe(phone.replace(/[+ ]/g, ''))
    expect((await stack.client().auth.signInWithPassword({ phone, password: PASSWORD })).error).toBeNull()
    expect((await stack.client().auth.signUp({ phone: 'call me', password: PASSWORD })).error).toMatchObject({ code: 'validation_failed' })
  })

  it('signs in with the password, updates last_sign_in_at and starts a new session', async () => {
    const { email, session } = await signedUp('signin')
    await stack.db.pool.query(`update auth.users set last_sign_in_at = now() - interval '1 day' where email = $1`, [email])
    const client = stack.client()
    const { data, error } = await client.auth.signInWithPassword({ email, password: PASSWORD })
    expect(error).toBeNull()
    expect(data.session!.access_token).not.toBe(session.access_token)
    expect(decodeJwt(data.session!.access_token).session_id).not.toBe(decodeJwt(session.access_token).session_id)
    const row = await rowOf('auth.users', 'email', email)
    expect((row!.last_sign_in_at as Date).getTime()).toBeGreaterThan(Date.now() - 60_000)
    const { rows } = await stack.db.pool.query('select count(*)::int as n from auth.sessions where user_id = $1', [data.user!.id])
    expect(rows[0].n).toBe(2)
  })

  it('refuses a wrong password and an unknown email alike: invalid_credentials', async () => {
    const { email } = await signedUp('wrongpw')
    const wrong = await stack.client().auth.signInWithPassword({ email, password: 'not the password' })
    expect(wrong.error).toBeInstanceOf(AuthApiError)
    expect(wrong.error).toMatchObject({ code: 'invalid_credentials', status: 400, message: 'Invalid login credentials' })
    expect(wrong.data.session).toBeNull()
    const unknown = await stack.client().auth.signInWithPassword({ email: uniqueEmail('nobody'), password: PASSWORD })
    expect(unknown.error).toMatchObject({ code: 'invalid_credentials', status: 400 })
  })

  it('spends a bcrypt comparison at the configured cost on unknown emails and password-less users too (no timing tell)', async () => {
    const compare = vi.spyOn(bcrypt, 'compare')
    try {
      await stack.client().auth.signInWithPassword({ email: uniqueEmail('ghost'), password: PASSWORD })
      await stack.client().auth.signInWithPassword({ phone: '+15550000000', password: PASSWORD })
      const anonymous = await stack.client().auth.signInAnonymously()
      await stack.db.pool.query(`update auth.users set email = $1 where id = $2`, [uniqueEmail('nopw'), anonymous.data.user!.id])
      const { rows } = await stack.db.pool.query('select email from auth.users where id = $1', [anonymous.data.user!.id])
      await stack.client().auth.signInWithPassword({ email: rows[0].email, password: PASSWORD })
      expect(compare).toHaveBeenCalledTimes(3)
      for (const [, hash] of compare.mock.calls) expect(hash).toMatch(/^\$2[ab]\$04\$/)
    } finally {
      compare.mockRestore()
    }
  })

  it("verifies users seeded in SQL with pgcrypto's crypt(…, gen_salt('bf'))", async () => {
    const email = uniqueEmail('seeded')
    await stack.db.pool.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
          extensions.crypt($2, extensions.gen_salt('bf')), now(), '{"provider":"email","providers":["email"]}', '{}', now(), now())`,
      [email, PASSWORD]
    )
    const { data, error } = await stack.client().auth.signInWithPassword({ email, password: PASSWORD })
    expect(error).toBeNull()
    expect(data.user!.email).toBe(email)
  })
})

describe('the user', () => {
  it('getUser returns the signed-in user; no session means no call', async () => {
    const { client, session } = await signedUp('getuser')
    const { data, error } = await client.auth.getUser()
    expect(error).toBeNull()
    expect(data.user).toMatchObject({ id: session.user.id, email: session.user.email })
    const anonymous = await stack.client().auth.getUser()
    expect(anonymous.error).toBeInstanceOf(AuthSessionMissingError)
  })

  it('updateUser merges data into user_metadata (null removes a key) and the next token carries it', async () => {
    const { client } = await signedUp('update')
    await client.auth.updateUser({ data: { locale: 'fr', theme: 'dark' } })
    const { data, error } = await client.auth.updateUser({ data: { theme: null, dealer: 'Garage Martin' } })
    expect(error).toBeNull()
    expect(data.user!.user_metadata).toEqual({ email_verified: true, locale: 'fr', dealer: 'Garage Martin' })
    const refreshed = await client.auth.refreshSession()
    expect(decodeJwt(refreshed.data.session!.access_token).user_metadata).toEqual(data.user!.user_metadata)
  })

  it('updateUser changes the password: the new one signs in, the old one no longer does', async () => {
    const { client, email } = await signedUp('newpw')
    expect((await client.auth.updateUser({ password: PASSWORD })).error).toMatchObject({ code: 'same_password', status: 422 })
    expect((await client.auth.updateUser({ password: 'abc' })).error).toMatchObject({ code: 'weak_password', status: 422 })
    const { error } = await client.auth.updateUser({ password: 'a brand new passphrase' })
    expect(error).toBeNull()
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      code: 'invalid_credentials'
    })
    expect((await stack.client().auth.signInWithPassword({ email, password: 'a brand new passphrase' })).error).toBeNull()
  })

  it('updateUser changes the email at once (no mail here) and refuses one already taken', async () => {
    const { client } = await signedUp('mail')
    const { email: taken } = await signedUp('taken')
    expect((await client.auth.updateUser({ email: taken })).error).toMatchObject({ code: 'email_exists', status: 422 })
    const next = uniqueEmail('moved')
    const { data, error } = await client.auth.updateUser({ email: next })
    expect(error).toBeNull()
    expect(data.user!.email).toBe(next)
    expect((await stack.client().auth.signInWithPassword({ email: next, password: PASSWORD })).error).toBeNull()
  })
})

describe('refresh-token rotation', () => {
  it('each refresh issues a new refresh token whose parent is the one used, and revokes that one', async () => {
    const { client, session } = await signedUp('rotate')
    const { data, error } = await client.auth.refreshSession()
    expect(error).toBeNull()
    const next = data.session!
    expect(next.refresh_token).not.toBe(session.refresh_token)
    expect(decodeJwt(next.access_token).session_id).toBe(decodeJwt(session.access_token).session_id)
    expect(await rowOf('auth.refresh_tokens', 'token', next.refresh_token)).toMatchObject({ parent: session.refresh_token, revoked: false })
    expect(await rowOf('auth.refresh_tokens', 'token', session.refresh_token)).toMatchObject({ revoked: true })
  })

  it('gives a client that lost the answer the active token again when it replays the parent', async () => {
    const { client, session } = await signedUp('replay')
    const first = await client.auth.refreshSession()
    const again = await stack.client().auth.refreshSession({ refresh_token: session.refresh_token })
    expect(again.error).toBeNull()
    expect(again.data.session!.refresh_token).toBe(first.data.session!.refresh_token)
  })

  it('refuses a reused refresh token outside the reuse interval and revokes the whole session', async () => {
    const { client, session } = await signedUp('reuse')
    const second = (await client.auth.refreshSession()).data.session!
    const third = (await client.auth.refreshSession()).data.session!
    // Ages the first token past the 10 s reuse interval instead of waiting.
    await stack.db.pool.query(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [
      session.refresh_token
    ])

    const reused = await stack.client().auth.refreshSession({ refresh_token: session.refresh_token })
    expect(reused.error).toBeInstanceOf(AuthApiError)
    expect(reused.error).toMatchObject({ code: 'refresh_token_already_used', status: 400, message: 'Invalid Refresh Token: Already Used' })
    expect(reused.data.session).toBeNull()

    const { rows } = await stack.db.pool.query('select bool_and(revoked) as all_revoked from auth.refresh_tokens where session_id = $1', [
      decodeJwt(second.access_token).session_id
    ])
    expect(rows[0].all_revoked).toBe(true)
    const current = await stack.client().auth.refreshSession({ refresh_token: third.refresh_token })
    expect(current.error).toMatchObject({ code: 'session_expired', status: 400 })
  })

  it('lets two tabs refreshing the same token at once end up with the same new token', async () => {
    const { session } = await signedUp('race')
    const [a, b] = await Promise.all([
      stack.client().auth.refreshSession({ refresh_token: session.refresh_token }),
      stack.client().auth.refreshSession({ refresh_token: session.refresh_token })
    ])
    expect(a.error).toBeNull()
    expect(b.error).toBeNull()
    expect(a.data.session!.refresh_token).toBe(b.data.session!.refresh_token)
    const { rows } = await stack.db.pool.query('select count(*)::int as n from auth.refresh_tokens where parent = $1', [
      session.refresh_token
    ])
    expect(rows[0].n).toBe(1)
  })

  it('refuses an unknown refresh token as refresh_token_not_found', async () => {
    const { error } = await stack.client().auth.refreshSession({ refresh_token: 'notarealtoken' })
    expect(error).toMatchObject({ code: 'refresh_token_not_found', status: 400 })
  })
})

describe('anonymous sign-in', () => {
  it('creates an anonymous auth.users row and a session whose JWT has role authenticated, is_anonymous true', async () => {
    const client = stack.client()
    const { data, error } = await client.auth.signInAnonymously({ options: { data: { locale: 'fr' } } })
    expect(error).toBeNull()
    expect(data.user).toMatchObject({
      is_anonymous: true,
      role: 'authenticated',
      email: '',
      phone: '',
      app_metadata: {},
      user_metadata: { locale: 'fr' }
    })
    const claims = decodeJwt(data.session!.access_token)
    expect(claims).toMatchObject({ role: 'authenticated', is_anonymous: true, sub: data.user!.id, email: '', phone: '', aal: 'aal1' })
    expect(claims.amr).toEqual([{ method: 'anonymous', timestamp: expect.any(Number) }])
    expect(await rowOf('auth.users', 'id', data.user!.id)).toMatchObject({ is_anonymous: true, email: null, role: 'authenticated' })
    expect((await client.auth.getUser()).data.user!.id).toBe(data.user!.id)
  })

  it('becomes a permanent user by adding an email, then a password', async () => {
    const client = stack.client()
    const { data } = await client.auth.signInAnonymously()
    expect((await client.auth.updateUser({ password: PASSWORD })).error).toMatchObject({ code: 'validation_failed', status: 422 })
    const email = uniqueEmail('converted')
    expect((await client.auth.updateUser({ email })).error).toBeNull()
    const { data: updated, error } = await client.auth.updateUser({ password: PASSWORD })
    expect(error).toBeNull()
    expect(updated.user).toMatchObject({
      id: data.user!.id,
      email,
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] }
    })
    const signedIn = await stack.client().auth.signInWithPassword({ email, password: PASSWORD })
    expect(signedIn.data.user!.id).toBe(data.user!.id)
  })
})

describe('sign-out scopes', () => {
  async function twoSessions(label: string) {
    const first = await signedUp(label)
    const second = stack.client()
    const { data } = await second.auth.signInWithPassword({ email: first.email, password: PASSWORD })
    return { first, second, secondSession: data.session! }
  }

  it("scope 'local' ends this session only: its refresh token fails, the other session still refreshes", async () => {
    const { first, secondSession } = await twoSessions('local')
    expect((await first.client.auth.signOut({ scope: 'local' })).error).toBeNull()
    expect((await stack.client().auth.refreshSession({ refresh_token: first.session.refresh_token })).error).toMatchObject({
      code: 'refresh_token_not_found'
    })
    expect((await stack.client().auth.refreshSession({ refresh_token: secondSession.refresh_token })).error).toBeNull()
  })

  it("scope 'others' keeps this session and ends the rest", async () => {
    const { first, secondSession } = await twoSessions('others')
    expect((await first.client.auth.signOut({ scope: 'others' })).error).toBeNull()
    expect((await stack.client().auth.refreshSession({ refresh_token: secondSession.refresh_token })).error).toMatchObject({
      code: 'refresh_token_not_found'
    })
    expect((await first.client.auth.getUser()).error).toBeNull()
  })

  it("scope 'global' (the default) ends every session; an old access token then finds no session", async () => {
    const { first, second, secondSession } = await twoSessions('global')
    expect((await first.client.auth.signOut()).error).toBeNull()
    expect((await stack.client().auth.refreshSession({ refresh_token: secondSession.refresh_token })).error).toMatchObject({
      code: 'refresh_token_not_found'
    })
    expect((await second.auth.getUser()).error).toBeInstanceOf(AuthSessionMissingError)
    const { rows } = await stack.db.pool.query('select count(*)::int as n from auth.sessions where user_id = $1', [first.session.user.id])
    expect(rows[0].n).toBe(0)
  })
})

describe('admin API', () => {
  it('creates, reads, updates, lists and deletes users with the service_role key', async () => {
    const admin = stack.client(stack.serviceRoleKey).auth.admin
    const email = uniqueEmail('admin')
    const created = await admin.createUser({ email, password: PASSWORD, email_confirm: true, user_metadata: { name: 'Zoé' } })
    expect(created.error).toBeNull()
    const id = created.data.user!.id
    expect(created.data.user).toMatchObject({
      email,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { name: 'Zoé', email_verified: true }
    })
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull()

    expect((await admin.getUserById(id)).data.user!.email).toBe(email)
    const updated = await admin.updateUserById(id, { user_metadata: { name: 'Zoé M.' }, app_metadata: { org: 'garage' } })
    expect(updated.data.user).toMatchObject({ user_metadata: { name: 'Zoé M.' }, app_metadata: { provider: 'email', org: 'garage' } })

    const duplicate = await admin.createUser({ email, password: PASSWORD })
    expect(duplicate.error).toMatchObject({ code: 'email_exists', status: 422 })

    expect((await admin.deleteUser(id)).error).toBeNull()
    expect(await rowOf('auth.users', 'id', id)).toBeUndefined()
    expect((await admin.getUserById(id)).error).toMatchObject({ code: 'user_not_found', status: 404 })
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      code: 'invalid_credentials'
    })
  })

  it('lists users newest first with pagination, total and aud as auth-js expects', async () => {
    const admin = stack.client(stack.serviceRoleKey).auth.admin
    for (let i = 0; i < 3; i++) await admin.createUser({ email: uniqueEmail('page'), password: PASSWORD, email_confirm: true })
    const { rows } = await stack.db.pool.query('select count(*)::int as n from auth.users')
    const total: number = rows[0].n
    // auth-js reads only the first digit of a page number from Link, so stay under ten pages.
    const perPage = Math.ceil(total / 3)
    const listed = await admin.listUsers({ page: 1, perPage })
    if (listed.error) throw listed.error
    const data = listed.data
    expect(data.aud).toBe('authenticated')
    expect(data.users).toHaveLength(perPage)
    expect(data.total).toBe(total)
    expect(data.nextPage).toBe(2)
    expect(data.lastPage).toBe(3)
    expect(new Date(data.users[0]!.created_at).getTime()).toBeGreaterThanOrEqual(new Date(data.users[1]!.created_at).getTime())
    const second = await admin.listUsers({ page: 2, perPage })
    expect(second.data.users.map((user) => user.id)).not.toContain(data.users[0]!.id)
  })

  it('creates users from a bcrypt password_hash, bans and soft-deletes them', async () => {
    const admin = stack.client(stack.serviceRoleKey).auth.admin
    const { rows } = await stack.db.pool.query(`select extensions.crypt($1, extensions.gen_salt('bf')) as hash`, [PASSWORD])
    const email = uniqueEmail('hashed')
    const created = await admin.createUser({ email, password_hash: rows[0].hash, email_confirm: true })
    expect(created.error).toBeNull()
    const id = created.data.user!.id
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull()

    const banned = await admin.updateUserById(id, { ban_duration: '24h' })
    expect(new Date(banned.data.user!.banned_until!).getTime()).toBeGreaterThan(Date.now())
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      code: 'user_banned',
      status: 400
    })
    await admin.updateUserById(id, { ban_duration: 'none' })
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull()

    expect((await admin.deleteUser(id, true)).error).toBeNull()
    expect(await rowOf('auth.users', 'id', id)).toMatchObject({ email: null, deleted_at: expect.any(Date) })
    expect((await stack.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      code: 'invalid_credentials'
    })
    expect((await admin.createUser({ email: uniqueEmail('bad'), password_hash: 'plain' })).error).toMatchObject({
      code: 'validation_failed'
    })
  })

  it('refuses the admin API with the anon key (not_admin) and with a user JWT', async () => {
    const anonymous = stack.client().auth.admin
    expect((await anonymous.listUsers()).error).toMatchObject({ code: 'not_admin', status: 403, message: 'User not allowed' })
    expect((await anonymous.createUser({ email: uniqueEmail('x'), password: PASSWORD })).error).toMatchObject({
      code: 'not_admin',
      status: 403
    })
    const { session } = await signedUp('victim')
    expect((await anonymous.deleteUser(session.user.id)).error).toMatchObject({ code: 'not_admin', status: 403 })
    expect(await rowOf('auth.users', 'id', session.user.id)).toBeDefined()
    const asUser = stack.client(stack.anonKey)
    await asUser.auth.setSession({ access_token: session.access_token, refresh_token: session.refresh_token })
    expect((await asUser.auth.admin.listUsers()).error).toMatchObject({ code: 'not_admin', status: 403 })
  })
})

describe('access tokens', () => {
  it('carries exactly the claims Supabase issues, signed HS256 with the project secret', async () => {
    const { session } = await signedUp('claims')
    const { payload, protectedHeader } = await jwtVerify(session.access_token, new TextEncoder().encode(stack.jwtSecret))
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(Object.keys(payload)).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'email',
      'phone',
      'app_metadata',
      'user_metadata',
      'role',
      'aal',
      'amr',
      'session_id',
      'is_anonymous'
    ])
    expect(payload).toMatchObject({
      iss: `${stack.url}/auth/v1`,
      sub: session.user.id,
      aud: 'authenticated',
      email: session.user.email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false
    })
    expect(payload.exp! - payload.iat!).toBe(3600)
    expect(payload.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }])
    expect(await rowOf('auth.sessions', 'id', payload.session_id)).toMatchObject({ user_id: session.user.id, aal: 'aal1' })
  })

  it('refuses expired, foreign-signed and deleted-user tokens on /user', async () => {
    const { session } = await signedUp('expired')
    const claims = decodeJwt(session.access_token)
    const sign = (secret: string, exp: number) =>
      new SignJWT({ ...claims, exp }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret))
    const getUserWith = (token: string) => stack.client().auth.getUser(token)
    const expired = await getUserWith(await sign(stack.jwtSecret, Math.floor(Date.now() / 1000) - 10))
    expect(expired.error).toMatchObject({ code: 'bad_jwt', status: 403 })
    const foreign = await getUserWith(await sign('another-secret-that-is-at-least-32-characters', claims.exp!))
    expect(foreign.error).toMatchObject({ code: 'bad_jwt', status: 403 })
    await stack.client(stack.serviceRoleKey).auth.admin.deleteUser(session.user.id)
    expect((await getUserWith(session.access_token)).error).toMatchObject({ code: 'user_not_found', status: 403 })
  })

  it('makes auth.uid() the user id inside a request as that user, and foreign keys to auth.users hold', async () => {
    const { session } = await signedUp('uid')
    const claims = decodeJwt(session.access_token)
    const seen = await asRequest(stack.db.pool, { role: 'authenticated', claims }, async (client) => {
      await client.query(`insert into public.auth_test_notes (body) values ('mine')`)
      const { rows } = await client.query(
        'select public.auth_test_whoami() as me, (select count(*)::int from public.auth_test_notes) as notes'
      )
      return rows[0]
    })
    expect(seen).toEqual({ me: { uid: session.user.id, role: 'authenticated', email: session.user.email }, notes: 1 })
    expect(await rowOf('public.auth_test_notes', 'user_id', session.user.id)).toMatchObject({ body: 'mine' })
  })

  it('makes auth.uid() the user id in REST requests carrying the access token, so RLS sees the user', async () => {
    const alice = await signedUp('rest-alice')
    const bob = await signedUp('rest-bob')
    const { data, error } = await alice.client.rpc('auth_test_whoami')
    expect(error).toBeNull()
    expect(data).toEqual({ uid: alice.session.user.id, role: 'authenticated', email: alice.email })
    expect((await alice.client.from('auth_test_notes').insert({ body: 'from alice' })).error).toBeNull()
    const own = await alice.client.from('auth_test_notes').select('user_id, body')
    expect(own.data).toEqual([{ user_id: alice.session.user.id, body: 'from alice' }])
    expect((await bob.client.from('auth_test_notes').select('body')).data).toEqual([])
    const forged = await bob.client.from('auth_test_notes').insert({ body: 'as alice', user_id: alice.session.user.id })
    expect(forged.error).toMatchObject({ code: '42501' })
  })
})

describe('wire format', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}/auth/v1${path}`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', ...headers },
      body
    })

  it('answers malformed JSON with 400 bad_json, in the 2024-01-01 shape with the version header', async () => {
    const response = await post('/signup', '{"email": ')
    expect(response.status).toBe(400)
    expect(response.headers.get('x-supabase-api-version')).toBe('2024-01-01')
    expect(await response.json()).toMatchObject({
      code: 'bad_json',
      message: expect.stringContaining('Could not parse request body as JSON')
    })
    const wrongType = await post('/token?grant_type=password', '{"email": 42, "password": "x"}')
    expect(wrongType.status).toBe(400)
    expect(await wrongType.json()).toMatchObject({ code: 'bad_json' })
  })

  it('answers in the initial shape {code, error_code, msg} to clients that send no API version', async () => {
    const response = await post('/token?grant_type=password', JSON.stringify({ email: 'a@b.co', password: 'x' }), {
      'x-supabase-api-version': ''
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' })
  })

  it('refuses a body over the limit with 413', async () => {
    const response = await post('/signup', JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }))
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ code: 'request_entity_too_large' })
  })

  it('requires a bearer for /user and a user JWT rather than the anon key', async () => {
    const noBearer = await fetch(`${stack.url}/auth/v1/user`, {
      headers: { apikey: stack.anonKey, 'x-supabase-api-version': '2024-01-01' }
    })
    expect(noBearer.status).toBe(401)
    expect(await noBearer.json()).toMatchObject({ code: 'no_authorization' })
    const anonKey = await fetch(`${stack.url}/auth/v1/user`, {
      headers: { apikey: stack.anonKey, authorization: `Bearer ${stack.anonKey}` }
    })
    expect(anonKey.status).toBe(403)
    expect(await anonKey.json()).toMatchObject({ error_code: 'bad_jwt' })
    const forged = await fetch(`${stack.url}/auth/v1/user`, { headers: { apikey: stack.anonKey, authorization: 'Bearer a.b.c' } })
    expect(forged.status).toBe(403)
  })

  it('serves /settings and /health', async () => {
    const settings = await fetch(`${stack.url}/auth/v1/settings`, { headers: { apikey: stack.anonKey } })
    expect(await settings.json()).toMatchObject({
      external: { email: true, anonymous_users: true },
      mailer_autoconfirm: true,
      disable_signup: false
    })
    const health = await fetch(`${stack.url}/auth/v1/health`, { headers: { apikey: stack.anonKey } })
    expect(await health.json()).toMatchObject({ name: 'GoTrue' })
  })

  it('refuses what it does not offer with a typed error instead of a retryable 5xx', async () => {
    const { error } = await stack.client().auth.signInWithOtp({ email: uniqueEmail('otp') })
    expect(error).toMatchObject({ code: 'feature_disabled', status: 422 })
    const { client } = await signedUp('mfa')
    expect((await client.auth.mfa.enroll({ factorType: 'totp' })).error).toMatchObject({ code: 'mfa_totp_enroll_not_enabled', status: 422 })
    expect((await client.auth.resetPasswordForEmail('someone@parley.test')).error).toMatchObject({ code: 'feature_disabled' })
    const logout = await fetch(`${stack.url}/auth/v1/logout?scope=everywhere`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, authorization: `Bearer ${(await client.auth.getSession()).data.session!.access_token}` }
    })
    expect(logout.status).toBe(400)
    expect(await logout.json()).toMatchObject({ error_code: 'validation_failed' })
  })
})
