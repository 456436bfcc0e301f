import { afterEach, describe, expect, it, vi } from 'vitest'
import { Jwt, JwtError } from './keys.ts'

afterEach(() => vi.useRealTimers())

describe('Jwt.verify', () => {
  it('answers a token it verified before from memory, and still refuses it once expired', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T12:00:00Z'), toFake: ['Date'] })
    const jwt = new Jwt()
    const token = await jwt.sign({ sub: 'u1', role: 'authenticated' }, 60)
    const first = await jwt.verify(token)
    expect(await jwt.verify(token)).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)

    vi.setSystemTime(new Date('2026-12-02T12:01:00Z'))
    await expect(jwt.verify(token)).rejects.toMatchObject({ reason: 'expired', code: 'PGRST303' })
  })

  it('never remembers a token it refused, nor one signed with another secret', async () => {
    const jwt = new Jwt()
    const forged = await new Jwt('another-secret-with-at-least-32-characters!!').sign({ sub: 'u1' }, 60)
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await jwt.verify(forged).catch((cause: unknown) => cause)
      expect(error).toBeInstanceOf(JwtError)
      expect(error).toMatchObject({ reason: 'invalid', code: 'PGRST301' })
    }
  })
})
