// Revocation reaches channels already joined: when someone loses access to a conversation or
// claim, its topic moves to a new name; core follows it for those who still have access, and
// whoever lost it hears nothing more. Unmodified supabase-js over the local stack.
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
import { createParley, type Parley } from '../src/index.ts'
import { DEMO, keep, until } from './helpers.ts'

let stack: TestStack
const parleys: Parley[] = []
const releases: Array<() => void> = []

function connect(): { parley: Parley; client: SupabaseClient } {
  const client = stack.client()
  const parley = createParley({ supabase: client }, { storage: null, retryMinMs: 100, retryMaxMs: 1000 })
  parleys.push(parley)
  return { parley, client }
}

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
})

afterAll(async () => {
  for (const release of releases) release()
  for (const parley of parleys) await parley.destroy()
  await stack?.stop()
})

it('a kicked device stops hearing the conversation while its own customer rejoins the moved topic and misses nothing', async () => {
  const { parley: ada } = connect()
  const { parley: mallory } = connect()
  const { parley: agent, client: agentClient } = connect()
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  const started = await ada.startConversation({
    organization_id: DEMO.organizationId,
    customer_name: 'Ada Roy',
    customer_email: 'ada@example.com'
  })
  const id = started.conversation_id
  await mallory.resumeConversation(started.access_token)
  const malloryId = mallory.$session.get()!.userId

  const adaChat = ada.conversation(id)
  const malloryChat = mallory.conversation(id)
  const heardByAda: string[] = []
  releases.push(
    keep(adaChat.$messages),
    keep(malloryChat.$messages),
    ada.subscribeToConversation(id, { onMessage: (message) => heardByAda.push(message.content) })
  )
  await until(() => ada.$connection.get() === 'connected' && mallory.$connection.get() === 'connected', 'both customers connected')
  await agent.sendMessage({ conversation_id: id, content: 'before' })
  await until(() => malloryChat.$messages.get().some((message) => message.content === 'before'), 'the leaked device hears the conversation')

  const kicked = await agentClient.from('conversation_access').delete().eq('conversation_id', id).eq('user_id', malloryId)
  expect(kicked.error).toBeNull()
  // Sent at once: it may go out before Ada has rejoined; her catch-up after the rejoin brings it.
  await agent.sendMessage({ conversation_id: id, content: 'right after' })
  await until(
    () => adaChat.$messages.get().some((message) => message.content === 'right after'),
    'the customer gets the message sent during the move'
  )
  await until(() => ada.$connection.get() === 'connected', 'the customer rejoined')
  await agent.sendMessage({ conversation_id: id, content: 'after' })
  await until(() => adaChat.$messages.get().some((message) => message.content === 'after'), 'the customer hears the moved topic live')
  await until(() => heardByAda.includes('right after') && heardByAda.includes('after'), 'the callback API followed the move too')

  await until(() => malloryChat.$error.get()?.code === 'NOT_FOUND', 'the kicked device is told it lost the conversation')
  expect(malloryChat.$messages.get().map((message) => message.content)).not.toContain('right after')
  expect(malloryChat.$messages.get().map((message) => message.content)).not.toContain('after')
  expect(heardByAda.filter((content) => content === 'after')).toHaveLength(1)
})

it('staff following a claim follow its topic when the claim token is reissued', async () => {
  const { parley: agent } = connect()
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  const { parley: customer } = connect()
  await customer.resumeConversation(await agent.issueClaimAccessToken(DEMO.claimId))
  const staffTimeline = agent.claimTimeline(DEMO.claimId)
  const customerTimeline = customer.claimTimeline(DEMO.claimId)
  releases.push(keep(staffTimeline.$updates), keep(customerTimeline.$updates))
  await until(() => agent.$connection.get() === 'connected' && customer.$connection.get() === 'connected', 'both follow the claim')

  await agent.issueClaimAccessToken(DEMO.claimId)
  await until(() => customerTimeline.$error.get()?.code === 'NOT_FOUND', 'the customer with the old token lost the claim')
  await until(() => agent.$connection.get() === 'connected', 'staff rejoined the moved topic')
  const update = await agent.changeClaimStatus({ claim_id: DEMO.claimId, new_status: 'approved' })
  await until(() => staffTimeline.$updates.get().some((row) => row.id === update.id), 'staff hear the next status change')
  expect(customerTimeline.$updates.get().some((row) => row.id === update.id)).toBe(false)
})
