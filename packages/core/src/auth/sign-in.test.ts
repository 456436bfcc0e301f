import { describe, expect, it } from 'vitest'
import { fakeContext, STAFF } from '../../test/fake-context.ts'
import { signIn, signOut } from './sign-in.ts'

function setUp(error: unknown) {
  const server = fakeContext(STAFF)
  const calls: string[] = []
  Object.assign(server.context, {
    supabase: () => ({
      auth: {
        signInWithPassword: async ({ email }: { email: string }) => (calls.push(`in:${email}`), { data: {}, error }),
        signOut: async ({ scope }: { scope: string }) => (calls.push(`out:${scope}`), { error: null })
      }
    })
  })
  return { context: server.context, calls }
}

describe('signIn', () => {
  it('signs in and returns the reloaded session', async () => {
    const { context, calls } = setUp(null)
    expect(await signIn(context, { email: ' julie@lavoie.demo ', password: 'parley-demo' })).toBe(STAFF)
    expect(calls).toEqual(['in:julie@lavoie.demo'])
  })

  it('maps wrong credentials to NOT_AUTHORIZED and checks input first', async () => {
    const { context, calls } = setUp({
      name: 'AuthApiError',
      code: 'invalid_credentials',
      message: 'Invalid login credentials',
      status: 400
    })
    await expect(signIn(context, { email: 'julie@lavoie.demo', password: 'nope' })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
      status: 400
    })
    await expect(signIn(context, { email: 'julie', password: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(signIn(context, { email: 'julie@lavoie.demo', password: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(calls).toHaveLength(1)
  })

  it('signs this device out', async () => {
    const { context, calls } = setUp(null)
    await signOut(context)
    expect(calls).toEqual(['out:local'])
  })
})
