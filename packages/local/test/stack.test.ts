import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
