import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Jwt } from '../src/http/keys.ts'
import { startLocalStack, startServer } from '../src/stack.ts'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack
beforeAll(async () => {
  stack = await startTestStack()
})
afterAll(() => stack.stop())

describe('gateway', () => {
  it('refuses a request without an apikey, as Supabase does', async () => {
    const response = await fetch(`${stack.url}/rest/v1/`)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ message: 'No API key found in request' })
  })

  it('refuses an unknown apikey', async () => {
    const response = await fetch(`${stack.url}/rest/v1/`, { headers: { apikey: 'nope' } })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ message: 'Invalid API key' })
  })

  it('answers CORS preflight from another origin', async () => {
    const response = await fetch(`${stack.url}/rest/v1/x`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-headers': 'apikey, authorization, x-client-info' }
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(response.headers.get('access-control-allow-headers')).toContain('apikey')
  })

  it('bootstraps what Supabase provides: roles, auth.uid(), realtime.topic()', async () => {
    const { rows } = await stack.db.pool.query(
      `select set_config('request.jwt.claims', '{"sub":"7a5b4f63-63f4-4b8f-9a42-9a4d3f1b2c11","role":"authenticated"}', true) is not null as ok,
              (select count(*)::int from pg_roles where rolname in ('anon','authenticated','service_role')) as roles`
    )
    expect(rows[0]).toEqual({ ok: true, roles: 3 })
  })
})

describe('exposure beyond this machine', () => {
  const supabaseDir = resolve(import.meta.dirname, '../../../supabase')

  it('refuses a non-loopback host with the public demo JWT secret, before starting anything', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      const refused = await startLocalStack({ host, stateDir: resolve(stack.stateDir, 'never'), port: 0, dbPort: 0 }).catch(
        (error: unknown) => error
      )
      expect(refused).toMatchObject({ name: 'LocalStackError', code: 'INSECURE_JWT_SECRET' })
      expect((refused as Error).message).toContain('PARLEY_JWT_SECRET')
      await expect(startServer({ databaseUrl: stack.db.url, host, port: 0, supabaseDir, stateDir: stack.stateDir })).rejects.toMatchObject({
        code: 'INSECURE_JWT_SECRET'
      })
    }
    await expect(
      startServer({ databaseUrl: stack.db.url, port: 0, supabaseDir, stateDir: stack.stateDir, jwtSecret: 'short' })
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIG'
    })
  })

  it('listens on every address with a secret of its own, signing its keys with it', async () => {
    const jwtSecret = 'a-deployment-secret-nobody-else-knows-0123456789'
    const server = await startServer({
      databaseUrl: stack.db.url,
      host: '0.0.0.0',
      port: 0,
      supabaseDir,
      stateDir: stack.stateDir,
      jwtSecret
    })
    try {
      expect(await new Jwt(jwtSecret).verify(server.serviceRoleKey)).toMatchObject({ role: 'service_role' })
      const url = server.url.replace('0.0.0.0', '127.0.0.1')
      expect((await fetch(`${url}/rest/v1/`, { headers: { apikey: server.anonKey } })).status).toBe(200)
      const demoKey = await fetch(`${url}/rest/v1/`, { headers: { apikey: stack.serviceRoleKey } })
      expect(demoKey.status).toBe(401)
    } finally {
      await server.stop()
    }
  })
})
