import { decodeJwt } from 'jose'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack
beforeAll(async () => {
  stack = await startTestStack({ seed: true })
})
afterAll(() => stack.stop())

it("signs in the demo staff seeded by supabase/seed.sql with pgcrypto's bcrypt", async () => {
  for (const email of ['admin@lavoie.demo', 'julie@lavoie.demo', 'marc@lavoie.demo']) {
    const { data, error } = await stack.client().auth.signInWithPassword({ email, password: 'parley-demo' })
    expect(error).toBeNull()
    expect(decodeJwt(data.session!.access_token)).toMatchObject({ email, role: 'authenticated', is_anonymous: false })
    expect(data.user!.identities).toEqual([expect.objectContaining({ provider: 'email', user_id: data.user!.id })])
  }
  const { error } = await stack.client().auth.signInWithPassword({ email: 'julie@lavoie.demo', password: 'wrong' })
  expect(error).toMatchObject({ code: 'invalid_credentials', status: 400 })
})
