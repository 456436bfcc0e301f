import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createSecureServer, type Http2SecureServer } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { importSPKI, jwtVerify } from 'jose'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestStack, type TestStack } from './stack.ts'

// APNs accepts HTTP/2 only. The project's APNs sender, run by a function in Deno as on
// Supabase, against a local HTTP/2-only TLS server standing in for api.push.apple.com.
const repoFunctions = resolve(import.meta.dirname, '../../../supabase/functions')
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const seen: { httpVersion: string; path: string; authorization: string; topic: string }[] = []
let project: string
let apns: Http2SecureServer
let stack: TestStack

/** A throwaway CA and a 127.0.0.1 certificate it signed, made with the openssl CLI. */
function certificates(dir: string): { ca: string; key: string; cert: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  const ec256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  run('req', '-x509', ...ec256, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=parley-test-ca', '-days', '1')
  run('req', ...ec256, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1')
  execFileSync('sh', ['-c', "printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > leaf.ext"], { cwd: dir })
  run(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '1',
    '-extfile',
    'leaf.ext'
  )
  return { ca: join(dir, 'ca.pem'), key: join(dir, 'leaf.key'), cert: join(dir, 'leaf.pem') }
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'parley-http2-'))
  const tls = certificates(project)
  apns = createSecureServer({ key: await readFile(tls.key), cert: await readFile(tls.cert), allowHTTP1: false }, (req, res) => {
    seen.push({
      httpVersion: req.httpVersion,
      path: req.url,
      authorization: String(req.headers.authorization),
      topic: String(req.headers['apns-topic'])
    })
    req.resume()
    req.on('end', () => res.writeHead(200, { 'apns-id': 'test' }).end())
  })
  await new Promise<void>((done) => apns.listen(0, '127.0.0.1', done))

  await mkdir(join(project, 'functions/apns-probe'), { recursive: true })
  await cp(join(repoFunctions, 'deno.json'), join(project, 'functions/deno.json'))
  await cp(join(repoFunctions, '_shared'), join(project, 'functions/_shared'), { recursive: true })
  await writeFile(
    join(project, 'functions/apns-probe/index.ts'),
    `import { createApnsSender } from '../_shared/push/senders/apns.ts'
const sender = createApnsSender({
  teamId: 'TEAM123456', keyId: 'KEY1234567', bundleId: 'com.parley.dealer', production: false,
  privateKey: Deno.env.get('APNS_PRIVATE_KEY'), origin: Deno.env.get('APNS_TEST_ORIGIN')
})
Deno.serve(async () => Response.json(await sender.send({ platform: 'ios', token: 'device-token' }, { type: 'new_message', title: 'Hello', body: 'World', data: {} })))
`
  )
  stack = await startTestStack({ supabaseDir: project })
  const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n')
  // DENO_CERT is Deno's own variable: the function process trusts the test CA, as Supabase trusts Apple's.
  await writeFile(
    join(stack.stateDir, 'env'),
    `APNS_PRIVATE_KEY="${pem}"\nAPNS_TEST_ORIGIN=https://127.0.0.1:${(apns.address() as AddressInfo).port}\nDENO_CERT=${tls.ca}\n`
  )
})
afterAll(async () => {
  await stack?.stop()
  await new Promise((done) => apns?.close(done))
  await rm(project, { recursive: true, force: true })
})

it('sends an APNs push over HTTP/2 from a function, as on Supabase', async () => {
  const response = await fetch(`${stack.url}/functions/v1/apns-probe`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.serviceRoleKey}` }
  })
  expect(await response.json()).toEqual({ outcome: 'sent', status: 200 })
  expect(seen).toHaveLength(1)
  expect(seen[0]).toMatchObject({ httpVersion: '2.0', path: '/3/device/device-token', topic: 'com.parley.dealer' })
  const key = await importSPKI(ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'ES256')
  expect((await jwtVerify(seen[0]!.authorization.replace(/^bearer /, ''), key, { issuer: 'TEAM123456' })).payload.iat).toBeTypeOf('number')
})
