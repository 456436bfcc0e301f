import { request } from 'node:http'
import { AuthApiError } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from './stack.ts'

// Supabase's defaults, as `npm run local` and `npm run demo` start: the test kit turns them off
// everywhere else because every test signs in from 127.0.0.1.
let stack: TestStack
beforeAll(async () => {
  stack = await startTestStack({ auth: { rateLimits: true, bcryptCost: 4 } })
})
afterAll(() => stack.stop())

const PASSWORD = 'correct horse battery'

/** POST /auth/v1{path} from a chosen loopback source address, with any extra headers. */
function post(
  path: string,
  body: unknown,
  options: { from?: string; headers?: Record<string, string> } = {}
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(`${stack.url}/auth/v1${path}`)
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: options.from ?? '127.0.0.1',
        headers: { apikey: stack.anonKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', ...options.headers }
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') as Record<string, unknown> }))
      }
    )
    req.once('error', reject)
    req.end(JSON.stringify(body))
  })
}

const LIMITED = { status: 429, body: { code: 'over_request_rate_limit', message: 'Request rate limit reached' } }

describe('per-address rate limits (Supabase defaults)', () => {
  it('allows 30 anonymous sign-ins per address per hour, whatever X-Forwarded-For says', async () => {
    for (let i = 0; i < 30; i++) expect((await post('/signup', {}, { from: '127.0.0.3' })).status).toBe(200)
    expect(await post('/signup', {}, { from: '127.0.0.3' })).toMatchObject(LIMITED)
    expect(await post('/signup', {}, { from: '127.0.0.3', headers: { 'x-forwarded-for': '198.51.100.7' } })).toMatchObject(LIMITED)
    const { error } = await stack.client().auth.signInAnonymously()
    expect(error).toBeNull()
  })

  it('allows bursts of 30 email sign-ups per address, existing addresses included', async () => {
    const stamp = Date.now()
    const email = (i: number) => `limit-${i}-${stamp}@parley.test`
    for (let i = 0; i < 29; i++)
      expect((await post('/signup', { email: email(i), password: PASSWORD }, { from: '127.0.0.4' })).status).toBe(200)
    expect((await post('/signup', { email: email(0), password: PASSWORD }, { from: '127.0.0.4' })).status).toBe(422)
    expect(await post('/signup', { email: email(99), password: PASSWORD }, { from: '127.0.0.4' })).toMatchObject(LIMITED)
    expect((await post('/signup', {}, { from: '127.0.0.4' })).status).toBe(200)
  })

  it('allows bursts of 30 /token calls per address: password guessing stops there, the right password too', async () => {
    const email = `guess-${Date.now()}@parley.test`
    expect((await post('/signup', { email, password: PASSWORD }, { from: '127.0.0.5' })).status).toBe(200)
    for (let i = 0; i < 30; i++) {
      expect((await post('/token?grant_type=password', { email, password: `wrong-${i}` }, { from: '127.0.0.5' })).body).toMatchObject({
        code: 'invalid_credentials'
      })
    }
    expect(await post('/token?grant_type=password', { email, password: PASSWORD }, { from: '127.0.0.5' })).toMatchObject(LIMITED)
    expect(await post('/token?grant_type=refresh_token', { refresh_token: 'whatever' }, { from: '127.0.0.5' })).toMatchObject(LIMITED)
    const { error } = await stack.client().auth.signInWithPassword({ email, password: PASSWORD })
    expect(error).toBeNull()
  })

  it('answers as GoTrue does, so auth-js raises an AuthApiError with status 429', async () => {
    const client = stack.client()
    let error: unknown
    for (let i = 0; i < 40 && !error; i++) error = (await client.auth.signInAnonymously()).error
    expect(error).toBeInstanceOf(AuthApiError)
    expect(error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
  })
})
