import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthConfigError, authConfigFromEnv, DEFAULT_AUTH_CONFIG } from '../src/auth/config.ts'
import { startTestStack, type TestStack } from './stack.ts'

describe('authConfigFromEnv', () => {
  it("defaults to Supabase's: 3600 s tokens, bcrypt cost 10, 10 s reuse interval, 6-character passwords", () => {
    expect(authConfigFromEnv({})).toEqual(DEFAULT_AUTH_CONFIG)
    expect(DEFAULT_AUTH_CONFIG).toMatchObject({ jwtExpiry: 3600, bcryptCost: 10, refreshTokenReuseInterval: 10, passwordMinLength: 6 })
  })

  it("limits per address with Supabase's defaults: 30 sign-ups / 5 min, 30 anonymous sign-ins / h, 150 /token calls / 5 min; PARLEY_RATE_LIMITS=off turns them off", () => {
    expect(DEFAULT_AUTH_CONFIG).toMatchObject({ rateLimits: true, rateLimitSignUps: 30, rateLimitAnonymousUsers: 30, rateLimitToken: 150 })
    expect(authConfigFromEnv({ PARLEY_RATE_LIMITS: 'off' }).rateLimits).toBe(false)
    expect(authConfigFromEnv({ PARLEY_RATE_LIMIT_ANONYMOUS_USERS: '500' }).rateLimitAnonymousUsers).toBe(500)
    expect(() => authConfigFromEnv({ PARLEY_RATE_LIMITS: 'no' })).toThrow(AuthConfigError)
    expect(() => authConfigFromEnv({ PARLEY_RATE_LIMIT_TOKEN: '0' })).toThrow(AuthConfigError)
  })

  it('reads PARLEY_* overrides and refuses malformed ones with a typed error', () => {
    expect(authConfigFromEnv({ PARLEY_JWT_EXPIRY: '60', PARLEY_BCRYPT_COST: '4' })).toMatchObject({ jwtExpiry: 60, bcryptCost: 4 })
    for (const [name, value] of [
      ['PARLEY_JWT_EXPIRY', 'soon'],
      ['PARLEY_BCRYPT_COST', '3'],
      ['PARLEY_REFRESH_TOKEN_REUSE_INTERVAL', '-1']
    ]) {
      expect(() => authConfigFromEnv({ [name!]: value })).toThrow(AuthConfigError)
    }
    try {
      authConfigFromEnv({ PARLEY_JWT_EXPIRY: '1.5' })
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_AUTH_CONFIG', message: expect.stringContaining('PARLEY_JWT_EXPIRY') })
    }
  })
})

describe('a stack started with PARLEY_JWT_EXPIRY=120 and PARLEY_REFRESH_TOKEN_REUSE_INTERVAL=0', () => {
  let stack: TestStack
  beforeAll(async () => {
    const overrides = { PARLEY_JWT_EXPIRY: '120', PARLEY_REFRESH_TOKEN_REUSE_INTERVAL: '0', PARLEY_BCRYPT_COST: '4' }
    const previous = Object.fromEntries(Object.keys(overrides).map((name) => [name, process.env[name]]))
    Object.assign(process.env, overrides)
    try {
      stack = await startTestStack()
    } finally {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })
  afterAll(() => stack.stop())

  it('issues access tokens that live 120 s', async () => {
    const { data } = await stack.client().auth.signUp({ email: 'expiry@parley.test', password: 'long enough' })
    expect(data.session!.expires_in).toBe(120)
    const claims = decodeJwt(data.session!.access_token)
    expect(claims.exp! - claims.iat!).toBe(120)
  })

  it('refuses any replay of a rotated token that is not the parent of the active one', async () => {
    const client = stack.client()
    const { data } = await client.auth.signInAnonymously()
    await client.auth.refreshSession()
    await client.auth.refreshSession()
    const { error } = await stack.client().auth.refreshSession({ refresh_token: data.session!.refresh_token })
    expect(error).toMatchObject({ code: 'refresh_token_already_used', status: 400 })
  })
})
