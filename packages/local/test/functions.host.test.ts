import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LocalStackError } from '../src/db/errors.ts'
import { denoExecutable } from '../src/functions/deno-binary.ts'
import { FunctionHost } from '../src/functions/host.ts'

// The host alone, with a short idle timeout standing in for Supabase's 150 s (long enough
// for a function that does answer to do so on a loaded machine).
let host: FunctionHost
let server: Server
let base: string

beforeAll(async () => {
  host = new FunctionHost(resolve(import.meta.dirname, 'fixtures/functions'), {
    env: () => ({}),
    watchFiles: () => [],
    denoDir: process.env.DENO_DIR ?? join(tmpdir(), 'parley-deno'),
    idleTimeoutMs: 2000
  })
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local')
    void host.dispatch('boom', host.entryOf('boom') as string, { req, res, url: `http://local/boom${url.search}`, body: null })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await host.close()
  await new Promise((done) => server.close(done))
})

it('answers 504 IDLE_TIMEOUT when a function never responds, aborts its request.signal and keeps it serving', async () => {
  const hung = await fetch(`${base}/?mode=hang`)
  expect(hung.status).toBe(504)
  expect(hung.headers.get('sb-error-code')).toBe('IDLE_TIMEOUT')
  expect(await hung.json()).toMatchObject({ code: 'IDLE_TIMEOUT' })
  // The host closed the connection: the handler's request.signal fired, as on Supabase.
  await expect.poll(async () => (await fetch(`${base}/?mode=hang-aborted`)).json(), { timeout: 20_000, interval: 50 }).toBe(true)
  const ok = await fetch(`${base}/?mode=ok`)
  expect(await ok.text()).toBe('still here')
})

it('says what to install when the deno package has no binary for this platform', async () => {
  const elsewhere = await mkdtemp(join(tmpdir(), 'parley-no-deno-'))
  try {
    const error = (() => {
      try {
        denoExecutable(pathToFileURL(join(elsewhere, 'index.js')).href)
      } catch (thrown) {
        return thrown
      }
    })()
    expect(error).toBeInstanceOf(LocalStackError)
    expect(error).toMatchObject({ code: 'DENO_NOT_FOUND', message: expect.stringContaining('npm install deno') })
  } finally {
    await rm(elsewhere, { recursive: true, force: true })
  }
})
