import { describe, expect, it } from 'vitest'
import { backoffSeconds } from '../functions/_shared/push/backoff.ts'
import { PushError } from '../functions/_shared/push/errors.ts'
import { openTarget, sealTarget } from '../functions/_shared/push/secrets.ts'
import { endpointOf, parseRegister, parseUpdate } from '../functions/_shared/push/validate.ts'
import { createVault, generateVaultKey } from '../functions/_shared/push/vault.ts'
import { browserSubscription } from './push-harness.ts'

const owner = '2b9d6a3c-1f4e-4c8a-9b7d-5e6f7a8b9c0d'

describe('vault', () => {
  it('seals with a fresh IV each time and opens only for the same owner and key', async () => {
    const vault = await createVault(generateVaultKey())
    const a = await vault.seal('https://push.example/abc', owner)
    const b = await vault.seal('https://push.example/abc', owner)
    expect(a).not.toBe(b)
    expect(a).not.toContain('push.example')
    expect(await vault.open(a, owner)).toBe('https://push.example/abc')
    await expect(vault.open(a, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' })
    const other = await createVault(generateVaultKey())
    await expect(other.open(a, owner)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' })
    await expect(vault.open('plaintext', owner)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' })
  })

  it('fingerprints deterministically per key', async () => {
    const key = generateVaultKey()
    const one = await createVault(key)
    const two = await createVault(key)
    expect(await one.fingerprint('web:x')).toBe(await two.fingerprint('web:x'))
    expect(await one.fingerprint('web:x')).not.toBe(await (await createVault(generateVaultKey())).fingerprint('web:x'))
  })

  it('refuses a missing or short key with CONFIG_MISSING', async () => {
    await expect(createVault(undefined)).rejects.toMatchObject({
      code: 'CONFIG_MISSING',
      message: expect.stringContaining('PARLEY_PUSH_ENCRYPTION_KEY')
    })
    await expect(createVault('c2hvcnQ')).rejects.toBeInstanceOf(PushError)
  })

  it('round-trips a web subscription and a native token through seal/open', async () => {
    const vault = await createVault(generateVaultKey())
    const browser = browserSubscription('https://push.example/send/1')
    const web = await sealTarget(vault, { platform: 'web', endpoint: browser.endpoint, keys: browser.keys }, owner)
    expect(JSON.stringify(web)).not.toContain(browser.keys.auth)
    expect(await openTarget(vault, { platform: 'web', ...web }, owner)).toEqual({
      platform: 'web',
      endpoint: browser.endpoint,
      keys: browser.keys
    })
    const ios = await sealTarget(vault, { platform: 'ios', token: 'a1b2c3d4e5' }, owner)
    expect(ios.endpoint).toBeNull()
    expect(await openTarget(vault, { platform: 'ios', ...ios }, owner)).toEqual({ platform: 'ios', token: 'a1b2c3d4e5' })
  })
})

describe('register input', () => {
  const browser = browserSubscription('https://fcm.googleapis.com/fcm/send/xyz')
  const valid = { organization_id: owner, platform: 'web', endpoint: browser.endpoint, keys: browser.keys }

  it('accepts a web subscription and a native token', () => {
    expect(parseRegister(valid, false).target).toEqual({ platform: 'web', endpoint: browser.endpoint, keys: browser.keys })
    expect(
      parseRegister(
        { organization_id: owner, platform: 'android', push_token: 'fcm-token-123', preferences: { new_messages: false } },
        false
      )
    ).toMatchObject({
      target: { platform: 'android', token: 'fcm-token-123' },
      preferences: { new_messages: false }
    })
  })

  it('names what is wrong', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /JSON object/],
      [{ ...valid, organization_id: 'x' }, /organization_id must be a uuid/],
      [{ ...valid, platform: 'sms' }, /platform must be one of web, ios, android/],
      [{ ...valid, keys: { ...browser.keys, p256dh: 'AAAA' } }, /p256dh/],
      [{ ...valid, keys: { ...browser.keys, auth: '!!' } }, /auth/],
      [{ ...valid, preferences: { marketing: true } }, /unknown preference marketing/],
      [{ ...valid, preferences: { new_messages: 'yes' } }, /true or false/],
      [{ organization_id: owner, platform: 'ios' }, /push_token/]
    ]
    for (const [body, message] of cases) {
      expect(() => parseRegister(body, false)).toThrow(message)
      try {
        parseRegister(body, false)
      } catch (error) {
        expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 })
      }
    }
    expect(() => parseUpdate({ id: owner, preferences: [] })).toThrow(/JSON object/)
  })

  it('only sends to https endpoints on public hosts unless private ones are allowed', () => {
    for (const url of [
      'http://push.example/x',
      'https://localhost/x',
      'https://127.0.0.1/x',
      'https://10.1.2.3/x',
      'https://192.168.0.4/x',
      'https://169.254.169.254/latest',
      'https://[::1]/x',
      'https://metadata.google.internal/x',
      'ftp://push.example/x'
    ]) {
      expect(() => endpointOf(url, false), url).toThrow(PushError)
    }
    expect(endpointOf('https://web.push.apple.com/abc', false)).toBe('https://web.push.apple.com/abc')
    for (const url of [
      'https://push.example/x',
      'https://localhost./x',
      'https://fcm.googleapis.com.evil.example/x',
      'https://fcm.googleapis.com:8443/x',
      'https://user@fcm.googleapis.com/x'
    ]) {
      expect(() => endpointOf(url, false), url).toThrow(PushError)
    }
    expect(endpointOf('https://updates.push.services.mozilla.com/wpush/v2/x', false)).toBe(
      'https://updates.push.services.mozilla.com/wpush/v2/x'
    )
    expect(endpointOf('https://push.dealer.example/x', false, ['push.dealer.example'])).toBe('https://push.dealer.example/x')
    expect(endpointOf('http://127.0.0.1:4000/push/1', true)).toBe('http://127.0.0.1:4000/push/1')
  })
})

describe('backoff', () => {
  it('doubles from the base, caps, and respects Retry-After', () => {
    expect([1, 2, 3, 4].map((attempts) => backoffSeconds(attempts))).toEqual([30, 60, 120, 240])
    expect(backoffSeconds(40)).toBe(6 * 60 * 60)
    expect(backoffSeconds(1, 600)).toBe(600)
    expect(backoffSeconds(1, 10 ** 9)).toBe(6 * 60 * 60)
  })
})
