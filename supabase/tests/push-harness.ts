import { createDecipheriv, createECDH, type ECDH, hkdfSync, randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { decodeProtectedHeader, importJWK, type JWTPayload, jwtVerify } from 'jose'
import webpush from 'web-push'
import { generateVaultKey } from '../functions/_shared/push/vault.ts'

/** A request the in-test push service received. */
export interface ReceivedPush {
  path: string
  headers: IncomingMessage['headers']
  body: Buffer
}

export interface PushService {
  url: string
  received: ReceivedPush[]
  /** Answer requests to this path with this status from now on (e.g. 410 for an expired subscription). */
  respond(path: string, status: number, headers?: Record<string, string>, body?: string): void
  stop(): Promise<void>
}

/** A push service on a free port: records every request, answers 201 unless told otherwise. */
export async function startPushService(): Promise<PushService> {
  const received: ReceivedPush[] = []
  const answers = new Map<string, { status: number; headers: Record<string, string>; body: string }>()
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = request.url ?? '/'
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks) })
      const answer = answers.get(path) ?? { status: 201, headers: {}, body: '' }
      response.writeHead(answer.status, answer.headers)
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respond(path, status, headers = {}, body = '') {
      answers.set(path, { status, headers, body })
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** The browser side of a subscription: a P-256 key pair and an auth secret, as PushManager makes. */
export interface BrowserSubscription {
  endpoint: string
  keys: { p256dh: string; auth: string }
  ecdh: ECDH
}

export function browserSubscription(endpoint: string): BrowserSubscription {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  return {
    endpoint,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
    ecdh
  }
}

/**
 * RFC 8291 receiver (what the browser does), from node:crypto primitives: ECDH with the
 * sender's key from the aes128gcm header, HKDF with the auth secret, then AES-128-GCM.
 * Independent of the `web-push`/`http_ece` code that encrypts, and checked against the RFC's
 * own example.
 */
export function decryptPush(body: Buffer, uaPrivate: Buffer, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16)
  const recordSize = body.readUInt32BE(16)
  const idLength = body[20] ?? 0
  const asPublic = body.subarray(21, 21 + idLength)
  const ciphertext = body.subarray(21 + idLength)
  if (ciphertext.length > recordSize) throw new Error('more than one record')
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(uaPrivate)
  const uaPublic = ecdh.getPublicKey()
  const shared = ecdh.computeSecret(asPublic)
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic])
  const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32))
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16))
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12))
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16))
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()])
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end -= 1
  if (padded[end] !== 2) throw new Error('last record must end with the 0x02 delimiter')
  return padded.subarray(0, end)
}

export function decryptFor(subscription: BrowserSubscription, push: ReceivedPush): unknown {
  const plaintext = decryptPush(push.body, subscription.ecdh.getPrivateKey(), Buffer.from(subscription.keys.auth, 'base64url'))
  return JSON.parse(plaintext.toString('utf8'))
}

/**
 * RFC 8292: `Authorization: vapid t=<JWT>, k=<public key>`; the JWT is ES256 over the
 * application server key, with aud = the push service's origin.
 */
export async function verifyVapid(authorization: string | undefined, endpoint: string, expectedPublicKey: string): Promise<JWTPayload> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '')
  if (!match?.[1] || !match[2]) throw new Error(`not a VAPID authorization: ${authorization}`)
  if (match[2] !== expectedPublicKey) throw new Error('k is not the VAPID public key')
  const point = Buffer.from(match[2], 'base64url')
  const key = await importJWK(
    { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') },
    'ES256'
  )
  if (decodeProtectedHeader(match[1]).alg !== 'ES256') throw new Error('VAPID JWT must be ES256')
  const { payload } = await jwtVerify(match[1], key, { audience: new URL(endpoint).origin, algorithms: ['ES256'] })
  return payload
}

export interface TestVapidKeys {
  publicKey: string
  privateKey: string
  subject: string
}

/**
 * Gives a test stack's Edge Functions the push secrets (fresh VAPID pair and encryption
 * key) and lets them reach the in-test push service on 127.0.0.1.
 */
export async function writePushSecrets(stateDir: string): Promise<TestVapidKeys> {
  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:push@parley.test' }
  await writeFile(
    join(stateDir, 'env'),
    [
      `VAPID_PUBLIC_KEY=${vapid.publicKey}`,
      `VAPID_PRIVATE_KEY=${vapid.privateKey}`,
      `VAPID_SUBJECT=${vapid.subject}`,
      `PARLEY_PUSH_ENCRYPTION_KEY=${generateVaultKey()}`,
      'PARLEY_PUSH_ALLOW_PRIVATE_ENDPOINTS=true'
    ].join('\n')
  )
  return vapid
}
