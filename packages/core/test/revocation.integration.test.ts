// Revocation reaches channels already joined: when someone loses access to a conversation, a
// claim or the organization's staff topic, that topic moves to a new name; core follows it for those who still have access, and
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

it('an agent deactivated stops hearing the staff topic; a colleague’s inbox, conversation and unread count follow it and miss nothing sent during the move', async () => {
  const { parley: customer } = connect()
  const { parley: julie } = connect()
  const { parley: marc } = connect()
  const { client: adminClient } = connect()
  await julie.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  await marc.signIn({ email: DEMO.marc.email, password: DEMO.marc.password })
  expect((await adminClient.auth.signInWithPassword({ email: DEMO.admin.email, password: DEMO.admin.password })).error).toBeNull()
  const started = await customer.startConversation({
    organization_id: DEMO.organizationId,
    customer_name: 'Léa Morin',
    customer_email: 'lea@example.com'
  })
  const id = started.conversation_id

  const julieInbox = julie.inbox()
  const julieChat = julie.conversation(id)
  const marcInbox = marc.inbox()
  const marcChat = marc.conversation(id)
  releases.push(
    keep(julieInbox.$conversations),
    keep(julieChat.$messages),
    keep(julie.$unread),
    keep(marcInbox.$conversations),
    keep(marcChat.$messages)
  )
  await until(() => julie.$connection.get() === 'connected' && marc.$connection.get() === 'connected', 'both agents on the staff topic')
  await customer.sendMessage({ conversation_id: id, content: 'before' })
  await until(() => marcChat.$messages.get().some((message) => message.content === 'before'), 'the agent about to leave hears the topic')

  expect((await adminClient.rpc('deactivate_member', { member_id: DEMO.marc.id })).error).toBeNull()
  // Sent at once: they may go out before Julie has rejoined; her catch-up after the rejoin brings them.
  const during = await customer.sendMessage({ conversation_id: id, content: 'right after' })
  await julie.sendMessage({ conversation_id: id, content: 'NOTE right after', is_internal: true })
  const contents = (chat: typeof julieChat) => chat.$messages.get().map((message) => message.content)
  await until(
    () => contents(julieChat).includes('right after') && contents(julieChat).includes('NOTE right after'),
    'the colleague gets both'
  )
  await until(
    () => julieInbox.$conversations.get().find((row) => row.id === id)?.last_message_at === during.created_at,
    'the colleague’s inbox shows the message sent during the move'
  )
  await until(() => julie.$connection.get() === 'connected', 'the colleague rejoined')
  const unread = julie.$unread.get()
  await customer.sendMessage({ conversation_id: id, content: 'after' })
  await until(() => contents(julieChat).includes('after'), 'the colleague hears the moved topic live')
  await until(() => julie.$unread.get() === unread + 1, 'the unread count follows the moved topic')

  await until(() => marcInbox.$error.get()?.code === 'NOT_FOUND', 'the deactivated agent is told they lost the staff topic')
  for (const content of ['right after', 'NOTE right after', 'after']) expect(contents(marcChat)).not.toContain(content)
  expect(marcInbox.$conversations.get().find((row) => row.id === id)?.last_message_at).not.toBe(during.created_at)

  // A page opened after the move joins the new name at once: the refused first name is no error.
  const { parley: later } = connect()
  await later.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  const laterInbox = later.inbox()
  const errors: unknown[] = []
  releases.push(
    keep(laterInbox.$conversations),
    laterInbox.$error.listen((error) => errors.push(error))
  )
  await until(() => later.$connection.get() === 'connected', 'a new page joins the moved staff topic')
  await until(() => laterInbox.$conversations.get().some((row) => row.id === id), 'and lists the conversation')
  expect(errors.filter(Boolean)).toEqual([])
})
