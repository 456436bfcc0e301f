import { createHash } from 'node:crypto'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createClient, FunctionsHttpError } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Jwt } from '../src/http/keys.ts'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack
let project: string

beforeAll(async () => {
  // A private copy: the reload test edits a function, and resolution must work outside the repo.
  project = await mkdtemp(join(tmpdir(), 'parley-functions-'))
  await cp(resolve(import.meta.dirname, 'fixtures/functions'), join(project, 'functions'), { recursive: true })
  await writeFile(join(project, 'config.toml'), '[functions.public-hook]\nverify_jwt = false\n')
  stack = await startTestStack({ supabaseDir: project })
  await writeFile(join(stack.stateDir, 'env'), '# secrets\nGREETING="bonjour"\n')
})
afterAll(async () => {
  await stack.stop()
  await rm(project, { recursive: true, force: true })
})

function userClient(jwt: string) {
  return createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${jwt}` } }
  })
}

describe('invocation', () => {
  it('runs a Deno-style function with the JSON body, the caller and Supabase env', async () => {
    const jwt = await new Jwt().sign({ sub: '7a5b4f63-63f4-4b8f-9a42-9a4d3f1b2c11', role: 'authenticated', aud: 'authenticated' }, 3600)
    const { data, error } = await userClient(jwt).functions.invoke('hello', { body: { ping: 1 } })
    expect(error).toBeNull()
    expect(data).toEqual({
      greeting: 'bonjour from the functions host',
      body: { ping: 1 },
      path: '/hello',
      query: null,
      role: 'authenticated',
      sha256: createHash('sha256').update('parley').digest('hex'),
      client: 'function',
      env: { SUPABASE_URL: stack.url, SUPABASE_ANON_KEY: true, SUPABASE_SERVICE_ROLE_KEY: true, SUPABASE_DB_URL: true }
    })
  })

  it('refuses a correctly signed token without exp, which would never expire', async () => {
    const forever = await new Jwt().sign({ sub: '7a5b4f63-63f4-4b8f-9a42-9a4d3f1b2c11', role: 'service_role' })
    const response = await fetch(`${stack.url}/functions/v1/hello`, { headers: { Authorization: `Bearer ${forever}` } })
    expect(response.status).toBe(401)
    const auth = await fetch(`${stack.url}/auth/v1/user`, { headers: { apikey: stack.anonKey, Authorization: `Bearer ${forever}` } })
    expect(auth.status).toBe(403)
    expect(await auth.json()).toMatchObject({ error_code: 'bad_jwt', msg: expect.stringContaining('exp claim is required') })
  })

  it('passes sub-paths, query strings and methods through', async () => {
    const response = await fetch(`${stack.url}/functions/v1/hello/deeper/path?q=42`, {
      headers: { Authorization: `Bearer ${stack.anonKey}` }
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ path: '/hello/deeper/path', query: '42', role: 'anon', body: null })
  })

  it('answers 404 for an unknown function and for shared code', async () => {
    for (const name of ['nope', '_shared']) {
      const { error } = await stack.client().functions.invoke(name)
      expect(error).toBeInstanceOf(FunctionsHttpError)
      expect((error as FunctionsHttpError).context.status).toBe(404)
      expect(await (error as FunctionsHttpError).context.json()).toEqual({ code: 'NOT_FOUND', message: 'Requested function was not found' })
      expect((error as FunctionsHttpError).context.headers.get('sb-error-code')).toBe('NOT_FOUND')
    }
  })

  it('refuses methods Supabase does not pass to functions', async () => {
    const response = await fetch(`${stack.url}/functions/v1/public-hook`, { method: 'HEAD' })
    expect(response.status).toBe(405)
    expect(response.headers.get('sb-error-code')).toBe('METHOD_NOT_ALLOWED')
  })

  it('picks up an edited function on the next request', async () => {
    await mkdir(join(project, 'functions/reloaded'))
    await writeFile(join(project, 'functions/reloaded/index.ts'), "Deno.serve(() => new Response('v1'))\n")
    const first = await stack.client().functions.invoke('reloaded')
    expect(first.data).toBe('v1')
    await writeFile(join(project, 'functions/reloaded/index.ts'), "Deno.serve(() => new Response('version two'))\n")
    const second = await stack.client().functions.invoke('reloaded')
    expect(second.data).toBe('version two')
  })
})

describe('Deno', () => {
  it('runs the function in Deno with the Edge Runtime permissions: network, environment, its own files', async () => {
    const { data, error } = await stack.client().functions.invoke('sandbox')
    expect(error).toBeNull()
    expect(data).toEqual({
      deno: 'string',
      readOwnFile: 'shipped with the function\n',
      readShared: 'ok',
      readOtherFunction: 'NotCapable',
      readOutside: 'NotCapable',
      write: 'NotCapable',
      run: 'NotCapable',
      ffi: 'NotCapable',
      env: 'ok',
      sys: 'NotCapable'
    })
  })
})

describe('verify_jwt', () => {
  it('refuses a missing or invalid bearer with 401 before the function runs', async () => {
    const missing = await fetch(`${stack.url}/functions/v1/hello`, { method: 'POST' })
    expect(missing.status).toBe(401)
    expect(await missing.json()).toMatchObject({ code: 'UNAUTHORIZED_NO_AUTH_HEADER' })
    const { error } = await userClient('not-a-jwt').functions.invoke('hello', { body: {} })
    expect((error as FunctionsHttpError).context.status).toBe(401)
    expect(await (error as FunctionsHttpError).context.json()).toEqual({ code: 'UNAUTHORIZED_INVALID_JWT_FORMAT', message: 'Invalid JWT' })
  })

  it('lets a function opt out in config.toml; its CORS headers are its own', async () => {
    const response = await fetch(`${stack.url}/functions/v1/public-hook`, {
      method: 'POST',
      body: 'event',
      headers: { origin: 'http://localhost:5173' }
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('hook received')
    expect(response.headers.get('access-control-allow-origin')).toBe('*')

    const hello = await fetch(`${stack.url}/functions/v1/hello`, {
      headers: { Authorization: `Bearer ${stack.anonKey}`, origin: 'http://localhost:5173' }
    })
    expect(hello.status).toBe(200)
    expect(hello.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('passes a credential-less preflight to the function, which answers it', async () => {
    const preflight = await fetch(`${stack.url}/functions/v1/public-hook`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-headers': 'authorization, content-type' }
    })
    expect(await preflight.text()).toBe('ok')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apikey')
  })
})

describe('failures', () => {
  it('turns a throwing handler into a 500 and keeps serving', async () => {
    const { error } = await stack.client().functions.invoke('boom', { body: {} })
    expect((error as FunctionsHttpError).context.status).toBe(500)
    expect((error as FunctionsHttpError).context.headers.get('sb-error-code')).toBe('EDGE_FUNCTION_ERROR')
    const again = await stack.client().functions.invoke('public-hook')
    expect(again.data).toBe('hook received')
  })

  it('survives a function that crashes its worker, restarting it on the next request', async () => {
    const { error } = await stack.client().functions.invoke('boom?mode=crash', { method: 'GET' })
    expect((error as FunctionsHttpError).context.status).toBe(500)
    expect(await (error as FunctionsHttpError).context.json()).toMatchObject({ code: 'WORKER_ERROR' })
    const again = await stack.client().functions.invoke('boom?mode=ok', { method: 'GET' })
    expect(again.data).toBe('still here')
  })

  it('reports a function that fails to start with 503 BOOT_ERROR', async () => {
    const { error } = await stack.client().functions.invoke('broken')
    expect((error as FunctionsHttpError).context.status).toBe(503)
    expect(await (error as FunctionsHttpError).context.json()).toMatchObject({ code: 'BOOT_ERROR' })
  })
})
