import { generateKeyPairSync } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApnsSender } from '../functions/_shared/push/senders/apns.ts'
import { createFcmSender } from '../functions/_shared/push/senders/fcm.ts'
import type { PushMessage } from '../functions/_shared/push/types.ts'

interface Seen {
  path: string
  headers: IncomingMessage['headers']
  body: string
}

/** Stands in for Google's OAuth token endpoint, FCM and APNs: routes by path prefix. */
let server: Server
let origin = ''
const seen: Seen[] = []
const answers = new Map<string, { status: number; body: string }>()

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const path = request.url ?? '/'
      seen.push({ path, headers: request.headers, body })
      if (path === '/token') {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ access_token: 'ya29.test-token', expires_in: 3600, token_type: 'Bearer' }))
        return
      }
      const answer = [...answers].find(([prefix]) => path.includes(prefix))?.[1] ?? {
        status: 200,
        body: '{"name":"projects/p/messages/1"}'
      }
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const message: PushMessage = {
  type: 'claim_update',
  title: 'Claim C-1: Approved',
  body: 'Status changed from Under Review to Approved',
  collapseKey: '0b7c2d1e-3f4a-4b5c-8d6e-7f8091a2b3c4',
  data: { claim_id: '0b7c2d1e-3f4a-4b5c-8d6e-7f8091a2b3c4', attempt: 1 }
}

describe('FCM HTTP v1 sender', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const account = () => ({
    project_id: 'parley-test',
    client_email: 'push@parley-test.iam.gserviceaccount.com',
    private_key: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    token_uri: `${origin}/token`
  })

  it('exchanges a service-account JWT for an access token, then sends the message', async () => {
    const sender = createFcmSender({ serviceAccount: account(), baseUrl: origin })
    const result = await sender.send({ platform: 'android', token: 'device-token-1' }, message)
    expect(result).toEqual({ outcome: 'sent', status: 200 })

    const exchange = seen.find((entry) => entry.path === '/token')!
    const form = new URLSearchParams(exchange.body)
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer')
    const key = await importSPKI(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256')
    const { payload } = await jwtVerify(form.get('assertion')!, key, { audience: `${origin}/token`, issuer: account().client_email })
    expect(payload.scope).toBe('https://www.googleapis.com/auth/firebase.messaging')

    const send = seen.at(-1)!
    expect(send.path).toBe('/v1/projects/parley-test/messages:send')
    expect(send.headers.authorization).toBe('Bearer ya29.test-token')
    expect(JSON.parse(send.body)).toEqual({
      message: {
        token: 'device-token-1',
        notification: { title: message.title, body: message.body },
        data: { type: 'claim_update', claim_id: message.data.claim_id, attempt: '1' },
        android: { priority: 'normal', collapse_key: message.collapseKey }
      }
    })
  })

  it('reuses the access token and reports UNREGISTERED as gone', async () => {
    const sender = createFcmSender({ serviceAccount: account(), baseUrl: origin })
    await sender.send({ platform: 'android', token: 'device-token-2' }, message)
    const exchanges = seen.filter((entry) => entry.path === '/token').length
    answers.set('messages:send', {
      status: 404,
      body: JSON.stringify({ error: { status: 'NOT_FOUND', details: [{ errorCode: 'UNREGISTERED' }] } })
    })
    const result = await sender.send({ platform: 'android', token: 'device-token-2' }, message)
    answers.clear()
    expect(result).toEqual({ outcome: 'gone', status: 404, error: 'UNREGISTERED' })
    expect(seen.filter((entry) => entry.path === '/token').length).toBe(exchanges)
  })

  it('retries on 503 and refuses a web target', async () => {
    const sender = createFcmSender({ serviceAccount: account(), baseUrl: origin })
    answers.set('messages:send', { status: 503, body: '{"error":{"status":"UNAVAILABLE"}}' })
    expect((await sender.send({ platform: 'android', token: 't' }, message)).outcome).toBe('retry')
    answers.clear()
    expect((await sender.send({ platform: 'web', endpoint: 'https://x', keys: { p256dh: '', auth: '' } }, message)).outcome).toBe('failed')
  })
})

describe('APNs sender', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const config = () => ({
    teamId: 'TEAM123456',
    keyId: 'KEY1234567',
    privateKey: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    bundleId: 'com.parley.dealer',
    production: false,
    origin
  })

  it('signs an ES256 provider token (kid, iss) and posts the alert to /3/device/<token>', async () => {
    const result = await createApnsSender(config()).send({ platform: 'ios', token: 'abc123' }, message)
    expect(result).toEqual({ outcome: 'sent', status: 200 })
    const request = seen.at(-1)!
    expect(request.path).toBe('/3/device/abc123')
    expect(request.headers['apns-topic']).toBe('com.parley.dealer')
    expect(request.headers['apns-push-type']).toBe('alert')
    expect(request.headers['apns-collapse-id']).toBe(message.collapseKey)
    const token = request.headers.authorization!.replace(/^bearer /, '')
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: 'KEY1234567' })
    const key = await importSPKI(ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'ES256')
    expect((await jwtVerify(token, key, { issuer: 'TEAM123456' })).payload.iat).toBeTypeOf('number')
    expect(JSON.parse(request.body)).toMatchObject({
      aps: { alert: { title: message.title, body: message.body }, 'thread-id': message.collapseKey },
      parley: { type: 'claim_update', claim_id: message.data.claim_id }
    })
  })

  it('reports 410 Unregistered and 400 BadDeviceToken as gone, 403 as failed', async () => {
    const sender = createApnsSender(config())
    answers.set('/3/device/dead', { status: 410, body: '{"reason":"Unregistered"}' })
    answers.set('/3/device/bad', { status: 400, body: '{"reason":"BadDeviceToken"}' })
    answers.set('/3/device/forbidden', { status: 403, body: '{"reason":"InvalidProviderToken"}' })
    expect(await sender.send({ platform: 'ios', token: 'dead' }, message)).toEqual({ outcome: 'gone', status: 410, error: 'Unregistered' })
    expect(await sender.send({ platform: 'ios', token: 'bad' }, message)).toEqual({ outcome: 'gone', status: 400, error: 'BadDeviceToken' })
    expect(await sender.send({ platform: 'ios', token: 'forbidden' }, message)).toEqual({
      outcome: 'failed',
      status: 403,
      error: 'InvalidProviderToken'
    })
    answers.clear()
  })
})
