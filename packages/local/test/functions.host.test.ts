import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FunctionHost } from '../src/functions/host.ts'

// The host alone, with a short idle timeout standing in for Supabase's 150 s (long enough
// for a function that does answer to do so on a loaded machine).
let host: FunctionHost
let server: Server
let base: string

beforeAll(async () => {
  host = new FunctionHost(resolve(import.meta.dirname, 'fixtures/functions'), { env: () => ({}), watchFiles: () => [], idleTimeoutMs: 2000 })
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

it('answers 504 IDLE_TIMEOUT when a function never responds, and keeps the worker serving', async () => {
  const hung = await fetch(`${base}/?mode=hang`)
  expect(hung.status).toBe(504)
  expect(hung.headers.get('sb-error-code')).toBe('IDLE_TIMEOUT')
  expect(await hung.json()).toMatchObject({ code: 'IDLE_TIMEOUT' })
  const ok = await fetch(`${base}/?mode=ok`)
  expect(await ok.text()).toBe('still here')
})
