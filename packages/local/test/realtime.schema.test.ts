import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../../supabase/tests/kit/demo.ts'
import { Jwt } from '../src/http/keys.ts'
import { clientFor, Inbox, joined, subscribe } from './realtime.helpers.ts'
import { startTestStack, type TestStack } from './stack.ts'

// Parley's own topics and realtime.messages policies (supabase/migrations), over the demo seed.
const ORG = DEMO.organizationId
const CONVERSATION = '66666666-6666-4666-8666-666666666601'
const JULIE = DEMO.julie.id

let stack: TestStack
const clients: SupabaseClient[] = []
const as = async (token: string) => {
  const created = await clientFor(stack.url, stack.anonKey, () => token)
  clients.push(created)
  return created
}
const sign = (sub: string, anonymous: boolean) =>
  new Jwt().sign({ sub, role: 'authenticated', aud: 'authenticated', is_anonymous: anonymous }, 3600)

let customer: string
let stranger: string
let julie: string

async function anonymousUser(): Promise<string> {
  const id = randomUUID()
  await stack.db.pool.query(
    `insert into auth.users (id, aud, role, is_anonymous, created_at, updated_at) values ($1, 'authenticated', 'authenticated', true, now(), now())`,
    [id]
  )
  return id
}

async function sendAs(userId: string, content: string, isInternal: boolean): Promise<void> {
  const client = await stack.db.pool.connect()
  try {
    await client.query('begin')
    await client.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated' })
    ])
    await client.query('select public.send_message($1, $2, $3, is_internal => $4)', [CONVERSATION, randomUUID(), content, isInternal])
    await client.query('commit')
  } catch (error) {
    await client.query('rollback')
    throw error
  } finally {
    client.release()
  }
}

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  const customerId = await anonymousUser()
  await stack.db.pool.query('insert into public.conversation_access (conversation_id, user_id) values ($1, $2)', [CONVERSATION, customerId])
  customer = await sign(customerId, true)
  stranger = await sign(await anonymousUser(), true)
  julie = await sign(JULIE, false)
})
afterAll(async () => {
  await Promise.all(clients.map((created) => created.removeAllChannels()))
  await stack.stop()
})

describe("Parley's topics", () => {
  it('refuses a customer joining another conversation, and a customer joining staff topics', async () => {
    await joined((await as(customer)).channel(`conversation:${CONVERSATION}`, { config: { private: true } }))
    const other = await subscribe((await as(stranger)).channel(`conversation:${CONVERSATION}`, { config: { private: true } }))
    expect(other.status !== 'SUBSCRIBED' && other.error?.message).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: conversation:${CONVERSATION}`
    )
    const staff = await subscribe((await as(customer)).channel(`staff:${ORG}`, { config: { private: true } }))
    expect(staff.status).toBe('CHANNEL_ERROR')
  })

  it('delivers chat messages from the database to the conversation and staff topics, internal notes to staff only', async () => {
    const customerInbox = new Inbox<{ event: string; payload: { content: string } }>()
    const staffInbox = new Inbox<{ event: string; payload: { content: string } }>()
    await joined(
      (await as(customer))
        .channel(`conversation:${CONVERSATION}`, { config: { private: true } })
        .on('broadcast', { event: 'message' }, customerInbox.push as (m: unknown) => void)
    )
    await joined(
      (await as(julie))
        .channel(`staff:${ORG}`, { config: { private: true } })
        .on('broadcast', { event: 'message' }, staffInbox.push as (m: unknown) => void)
    )

    await sendAs(JULIE, 'internal note', true)
    await sendAs(JULIE, 'hello customer', false)

    expect((await staffInbox.waitFor(2)).map((m) => m.payload.content)).toEqual(['internal note', 'hello customer'])
    expect((await customerInbox.waitFor(1)).map((m) => m.payload.content)).toEqual(['hello customer'])
    await sendAs(JULIE, 'marker', false)
    expect((await customerInbox.until((m) => m.payload.content === 'marker')).map((m) => m.payload.content)).toEqual(['hello customer'])
  })

  it('lets participants track presence but not broadcast', async () => {
    const channel = await joined(
      (await as(customer)).channel(`conversation:${CONVERSATION}`, {
        config: { private: true, presence: { key: 'customer' }, broadcast: { ack: true } }
      })
    )
    expect(await channel.track({ online: true })).toBe('ok')
    expect(await channel.send({ type: 'broadcast', event: 'message', payload: { forged: true } }, { timeout: 500 })).toBe('timed out')
  })
})
