import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import webpush from 'web-push'
import { createWebPushSender } from '../functions/_shared/push/senders/web-push.ts'
import type { PushMessage } from '../functions/_shared/push/types.ts'
import { browserSubscription, decryptFor, decryptPush, type PushService, startPushService, verifyVapid } from './push-harness.ts'

// RFC 8291 section 5 / appendix A.
const RFC = {
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  body: 'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN'
}

const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:push@parley.test' }
const message: PushMessage = {
  type: 'new_message',
  title: 'New message from Ana',
  body: 'Is my car ready? 🚗',
  url: 'https://dealer.example/support?c=1',
  collapseKey: '6f1c2a8e-4b7d-4e0f-9a51-2d3c4b5a6978',
  tag: 'parley:conversation:6f1c2a8e-4b7d-4e0f-9a51-2d3c4b5a6978',
  data: { conversation_id: '6f1c2a8e-4b7d-4e0f-9a51-2d3c4b5a6978' }
}

let service: PushService
beforeAll(async () => {
  service = await startPushService()
})
afterAll(() => service.stop())

describe('RFC 8291 receiver', () => {
  it('decrypts the RFC 8291 section 5 example (known answer)', () => {
    const plaintext = decryptPush(
      Buffer.from(RFC.body, 'base64url'),
      Buffer.from(RFC.uaPrivate, 'base64url'),
      Buffer.from(RFC.auth, 'base64url')
    )
    expect(plaintext.toString('utf8')).toBe('When I grow up, I want to be a watermelon')
  })

  it('rejects the example under a different auth secret', () => {
    expect(() => decryptPush(Buffer.from(RFC.body, 'base64url'), Buffer.from(RFC.uaPrivate, 'base64url'), Buffer.alloc(16))).toThrow()
  })
})

describe('Web Push sender', () => {
  it('sends an aes128gcm message the subscription decrypts, signed with a VAPID JWT for the endpoint origin', async () => {
    const subscription = browserSubscription(`${service.url}/push/ok`)
    const sender = createWebPushSender({ vapid, ttl: 3600 })
    const result = await sender.send({ platform: 'web', endpoint: subscription.endpoint, keys: subscription.keys }, message)
    expect(result).toEqual({ outcome: 'sent', status: 201 })

    const push = service.received.at(-1)!
    expect(push.path).toBe('/push/ok')
    expect(push.headers['content-encoding']).toBe('aes128gcm')
    expect(push.headers.ttl).toBe('3600')
    expect(push.headers.urgency).toBe('high')
    expect(push.headers.topic).toBe('6f1c2a8e4b7d4e0f9a512d3c4b5a6978')
    expect(decryptFor(subscription, push)).toEqual({
      title: 'New message from Ana',
      body: 'Is my car ready? 🚗',
      tag: message.tag,
      data: { conversation_id: message.data.conversation_id, type: 'new_message', url: message.url }
    })
    const claims = await verifyVapid(push.headers.authorization, subscription.endpoint, vapid.publicKey)
    expect(claims.sub).toBe('mailto:push@parley.test')
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(24 * 60 * 60)
  })

  it('does not verify under another VAPID key', async () => {
    const subscription = browserSubscription(`${service.url}/push/other-key`)
    await createWebPushSender({ vapid }).send({ platform: 'web', endpoint: subscription.endpoint, keys: subscription.keys }, message)
    const push = service.received.at(-1)!
    await expect(verifyVapid(push.headers.authorization, subscription.endpoint, webpush.generateVAPIDKeys().publicKey)).rejects.toThrow()
  })

  it('reports 404 and 410 as gone, 429 and 5xx as retry (with Retry-After), other 4xx as failed', async () => {
    const sender = createWebPushSender({ vapid })
    const cases: Array<[string, number, Record<string, string>, object]> = [
      ['/push/gone', 410, {}, { outcome: 'gone', status: 410 }],
      ['/push/missing', 404, {}, { outcome: 'gone', status: 404 }],
      ['/push/busy', 429, { 'retry-after': '120' }, { outcome: 'retry', status: 429, retryAfterSeconds: 120 }],
      ['/push/down', 503, {}, { outcome: 'retry', status: 503 }],
      ['/push/too-big', 413, {}, { outcome: 'failed', status: 413 }]
    ]
    for (const [path, status, headers, expected] of cases) {
      service.respond(path, status, headers, 'nope')
      const subscription = browserSubscription(`${service.url}${path}`)
      const result = await sender.send({ platform: 'web', endpoint: subscription.endpoint, keys: subscription.keys }, message)
      expect(result).toMatchObject(expected)
    }
  })

  it('treats an unreachable push service as transient', async () => {
    const subscription = browserSubscription('http://127.0.0.1:9/push/closed')
    const result = await createWebPushSender({ vapid }).send(
      { platform: 'web', endpoint: subscription.endpoint, keys: subscription.keys },
      message
    )
    expect(result.outcome).toBe('retry')
    expect(result.status).toBe(0)
  })

  it('fails (without sending) when the stored keys are malformed', async () => {
    const before = service.received.length
    const result = await createWebPushSender({ vapid }).send(
      { platform: 'web', endpoint: `${service.url}/push/bad`, keys: { p256dh: 'AAAA', auth: 'AAAA' } },
      message
    )
    expect(result.outcome).toBe('failed')
    expect(service.received.length).toBe(before)
  })

  it('keeps a long message within one Web Push record', async () => {
    const subscription = browserSubscription(`${service.url}/push/long`)
    const long = { ...message, title: 'T'.repeat(500), body: '€'.repeat(5000) }
    expect(
      (await createWebPushSender({ vapid }).send({ platform: 'web', endpoint: subscription.endpoint, keys: subscription.keys }, long))
        .outcome
    ).toBe('sent')
    const payload = decryptFor(subscription, service.received.at(-1)!) as { title: string; body: string }
    expect(payload.title.length).toBeLessThanOrEqual(120)
    expect(payload.body.length).toBeLessThanOrEqual(600)
  })
})
