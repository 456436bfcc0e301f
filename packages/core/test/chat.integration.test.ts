// A customer and staff through @parley/core over the local stack with unmodified supabase-js:
// both directions, typing, read receipts, internal notes, claims, inbox, notifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../local/test/stack.ts'
import { type ChatMessage, type ClaimStatusUpdate, createParley, type Parley, ParleyError, type TypingIndicator } from '../src/index.ts'
import { DEMO, keep, until } from './helpers.ts'

let stack: TestStack
let customer: Parley
let agent: Parley
let conversationId: string
let accessToken: string
const releases: Array<() => void> = []

// Typing stays on until the send stops it: an idle stop after a fraction of a second could
// come before a loaded machine has shown the indicator at all.
function parley(): Parley {
  return createParley({ supabase: stack.client() }, { storage: null, typingThrottleMs: 200, typingIdleMs: 15_000, pageSize: 5 })
}

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  customer = parley()
  agent = parley()
  await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
  const started = await customer.startConversation({
    organization_id: DEMO.organizationId,
    customer_name: 'Ada Roy',
    customer_email: 'ada@example.com',
    subject: 'Brakes'
  })
  conversationId = started.conversation_id
  accessToken = started.access_token
})

afterAll(async () => {
  for (const release of releases) release()
  await customer?.destroy()
  await agent?.destroy()
  await stack?.stop()
})

describe('conversation', () => {
  it('starts a conversation anonymously and returns the access token once', async () => {
    expect(accessToken).toMatch(/^[0-9a-f]{64}$/)
    expect(customer.$session.get()).toMatchObject({ kind: 'customer', profile: null })
    const mine = await customer.listConversations()
    expect(mine.map((row) => row.id)).toEqual([conversationId])
    expect(mine[0]).not.toHaveProperty('internal_notes')
    expect(mine[0]).not.toHaveProperty('tags')
  })

  it('chats both ways live, through the stores and the seed callback API', async () => {
    const customerChat = customer.conversation(conversationId)
    const agentChat = agent.conversation(conversationId)
    releases.push(keep(customerChat.$messages), keep(agentChat.$messages))
    const heardByCustomer: ChatMessage[] = []
    releases.push(customer.subscribeToConversation(conversationId, { onMessage: (message) => heardByCustomer.push(message) }))
    await until(() => customer.$connection.get() === 'connected' && agent.$connection.get() === 'connected', 'both connected')

    const sent = await customerChat.send('Bonjour, mes freins grincent.')
    expect(sent).toMatchObject({ sender_type: 'customer', sender_name: 'Ada Roy', content: 'Bonjour, mes freins grincent.' })
    await until(() => agentChat.$messages.get().some((message) => message.id === sent.id), 'agent receives')

    const reply = await agent.sendMessage({
      conversation_id: conversationId,
      content: 'Bonjour Ada, je regarde.',
      sender_type: 'staff',
      sender_name: 'ignored'
    })
    expect(reply).toMatchObject({ sender_type: 'staff', sender_name: DEMO.julie.name })
    await until(() => customerChat.$messages.get().some((message) => message.id === reply.id), 'customer receives')
    await until(() => heardByCustomer.some((message) => message.id === reply.id), 'seed onMessage')

    expect(customerChat.$messages.get().map((message) => [message.content, message.delivery])).toEqual([
      ['Bonjour, mes freins grincent.', 'sent'],
      ['Bonjour Ada, je regarde.', 'sent']
    ])
    expect(agentChat.$messages.get().map((message) => message.id)).toEqual(customerChat.$messages.get().map((message) => message.id))
  })

  it('shows typing on the other side, throttled, and stops on send', async () => {
    const agentChat = agent.conversation(conversationId)
    const customerChat = customer.conversation(conversationId)
    releases.push(keep(agentChat.$typing))
    const seen: TypingIndicator[] = []
    releases.push(agent.subscribeToConversation(conversationId, { onTyping: (indicator) => seen.push(indicator) }))
    customerChat.notifyTyping()
    customerChat.notifyTyping()
    await until(
      () => agentChat.$typing.get().some((indicator) => indicator.user_type === 'customer' && indicator.user_name === 'Ada Roy'),
      'agent sees typing'
    )
    await customerChat.send('Voici une précision.')
    await until(() => agentChat.$typing.get().length === 0, 'typing cleared on send')
    expect(seen.filter((indicator) => indicator.is_typing).length).toBeGreaterThanOrEqual(1)
    expect(seen.some((indicator) => indicator.user_type === 'staff')).toBe(false)
  })

  it('sends read receipts both ways and resets unread counts', async () => {
    const agentChat = agent.conversation(conversationId)
    const customerChat = customer.conversation(conversationId)
    releases.push(keep(customerChat.$read), keep(customerChat.$unread))
    await until(() => agentChat.$unread.get() > 0, 'staff unread count')
    await agentChat.markRead()
    expect(agentChat.$unread.get()).toBe(0)
    await until(() => customerChat.$read.get().staff !== null, 'customer hears staff read')
    await until(
      () =>
        customerChat.$messages
          .get()
          .filter((message) => message.sender_type === 'customer')
          .every((message) => message.read_by_staff),
      'messages marked read by staff'
    )

    await until(() => customerChat.$unread.get() === 1, 'customer unread count')
    await customerChat.markRead()
    await until(() => agentChat.$read.get().customer !== null, 'agent hears customer read')
    expect(customerChat.$unread.get()).toBe(0)
  })

  it('never delivers internal notes to the customer', async () => {
    const customerChat = customer.conversation(conversationId)
    const agentChat = agent.conversation(conversationId)
    const heard: ChatMessage[] = []
    releases.push(customer.subscribeToConversation(conversationId, { onMessage: (message) => heard.push(message) }))
    const note = await agentChat.send('Client fidèle, geste commercial possible.', { is_internal: true })
    expect(note.is_internal).toBe(true)
    await until(() => agentChat.$messages.get().some((message) => message.id === note.id), 'staff sees the note')
    const after = await agent.sendMessage({ conversation_id: conversationId, content: 'Pouvez-vous passer mardi ?' })
    await until(() => customerChat.$messages.get().some((message) => message.id === after.id), 'customer gets the public reply')
    await until(() => heard.some((message) => message.id === after.id), 'seed listener gets the public reply')
    await customerChat.catchUp()
    expect(customerChat.$messages.get().some((message) => message.is_internal || message.id === note.id)).toBe(false)
    expect(heard.some((message) => message.id === note.id)).toBe(false)
    expect((await customer.loadMessages(conversationId, { limit: 100 })).some((message) => message.id === note.id)).toBe(false)
    await expect(customer.sendMessage({ conversation_id: conversationId, content: 'sneaky', is_internal: true })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED'
    })
  })

  it('pages back through older messages by cursor', async () => {
    const fresh = parley()
    for (const content of ['un', 'deux', 'trois', 'quatre']) await customer.sendMessage({ conversation_id: conversationId, content })
    await fresh.resumeConversation(accessToken)
    const chat = fresh.conversation(conversationId)
    releases.push(keep(chat.$messages))
    await until(() => chat.$messages.get().length === 5, 'first page')
    const all = await agent.loadMessages(conversationId, { limit: 100 })
    const publicIds = all.filter((message) => !message.is_internal).map((message) => message.id)
    expect(publicIds.length).toBeGreaterThan(5)
    while (chat.$hasMore.get()) await chat.loadOlder()
    expect(chat.$messages.get().map((message) => message.id)).toEqual(publicIds)
    await fresh.destroy()
  })

  it('resumes on another device with the token and sees the history', async () => {
    const phone = parley()
    const access = await phone.resumeConversation(accessToken)
    expect(access).toEqual({ conversation_id: conversationId, claim_id: null })
    const history = await phone.loadMessages(conversationId, { limit: 100 })
    expect(history.length).toBeGreaterThan(3)
    const other = parley()
    await expect(other.resumeConversation('0'.repeat(64))).rejects.toMatchObject({ code: 'TOKEN_INVALID', status: 401 })
    await expect(other.resumeConversation('nope')).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
    await phone.destroy()
    await other.destroy()
  })

  it('uploads an attachment with progress and sends it as a file message', async () => {
    const chat = customer.conversation(conversationId)
    const progress: number[] = []
    const file = new File(['Facture #1234'], 'facture.txt', { type: 'text/plain' })
    const message = await chat.sendFile(file, { content: 'La facture', onProgress: (fraction) => progress.push(fraction) })
    expect(message).toMatchObject({ message_type: 'file', content: 'La facture' })
    const [attachment] = message.attachments as Array<{ path: string; name: string; size: number; mime_type: string }>
    expect(attachment).toMatchObject({ name: 'facture.txt', size: 13, mime_type: 'text/plain' })
    expect(attachment?.path).toBe(`${DEMO.organizationId}/${conversationId}/${message.client_id}/facture.txt`)
    expect(progress[0]).toBe(0)
    expect(progress[progress.length - 1]).toBe(1)
    const url = await agent.getAttachmentUrl(attachment!)
    expect(await (await fetch(url)).text()).toBe('Facture #1234')
    await expect(chat.sendFile(new File(['x'], 'run.exe', { type: 'application/x-msdownload' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    await expect(chat.sendFile(new File([new Uint8Array(11 * 1024 * 1024)], 'big.pdf', { type: 'application/pdf' }))).rejects.toMatchObject(
      { code: 'INVALID_INPUT' }
    )
  })
})

describe('staff', () => {
  it('keeps a live inbox with filters and counts, and applies staff actions', async () => {
    const inbox = agent.inbox({ status: 'active' })
    releases.push(keep(inbox.$conversations), keep(inbox.$counts))
    await until(() => inbox.$conversations.get().some((row) => row.id === conversationId), 'inbox loaded')

    const newcomer = parley()
    const started = await newcomer.startConversation({
      organization_id: DEMO.organizationId,
      customer_name: 'Bob Nadeau',
      customer_email: 'bob@example.com'
    })
    await until(() => inbox.$conversations.get().some((row) => row.id === started.conversation_id), 'new conversation appears live')
    await newcomer.sendMessage({ conversation_id: started.conversation_id, content: 'Allo ?' })
    await until(
      () => inbox.$conversations.get()[0]?.id === started.conversation_id && (inbox.$conversations.get()[0]?.unread_count_staff ?? 0) > 0,
      'newest activity first, unread'
    )

    await agent.setPriority(started.conversation_id, 'urgent')
    await agent.setTags(started.conversation_id, ['freins', 'vip'])
    await agent.assignConversation(started.conversation_id, DEMO.marc.id)
    inbox.setFilters({ priority: 'urgent', tag: 'vip', assignee: DEMO.marc.id, unread: true })
    await until(
      () => inbox.$conversations.get().length === 1 && inbox.$conversations.get()[0]?.id === started.conversation_id,
      'filters apply to live rows'
    )
    expect(inbox.$counts.get().byPriority.urgent).toBeGreaterThanOrEqual(1)

    const resolved = await agent.resolveConversation(started.conversation_id)
    expect(resolved.status).toBe('resolved')
    inbox.setFilters({ status: 'resolved' })
    await until(() => inbox.$conversations.get().some((row) => row.id === started.conversation_id), 'resolved filter')
    await agent.archiveConversation(started.conversation_id)
    await agent.reopenConversation(started.conversation_id)
    inbox.setFilters({ status: 'active', search: 'nadeau' })
    await until(() => inbox.$conversations.get().length === 1, 'reopened and searchable')

    await expect(newcomer.setPriority(started.conversation_id, 'low')).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    await expect(agent.setPriority(started.conversation_id, 'whenever' as 'low')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await newcomer.destroy()
  })

  it('delivers claim status changes live to the customer timeline and the admin notification centre', async () => {
    const follower = parley()
    const access = await follower.resumeConversation(DEMO.conversationToken)
    expect(access.claim_id).toBe(DEMO.claimId)
    const timeline = follower.claimTimeline(DEMO.claimId)
    releases.push(keep(timeline.$updates))
    const heard: ClaimStatusUpdate[] = []
    releases.push(follower.subscribeToClaimUpdates(DEMO.claimId, (update) => heard.push(update)))
    await until(() => timeline.$status.get() === 'under_review', 'timeline loaded')
    const before = timeline.$updates.get().length

    const admin = parley()
    await admin.signIn({ email: DEMO.admin.email, password: DEMO.admin.password })
    const centre = admin.notifications()
    releases.push(keep(centre.$items))
    await until(() => admin.$connection.get() === 'connected', 'admin connected')

    const update = await agent.changeClaimStatus({
      claim_id: DEMO.claimId,
      new_status: 'approved',
      reason: 'Couvert par la garantie',
      notes: 'Pièces commandées'
    })
    expect(update).toMatchObject({
      old_status: 'under_review',
      new_status: 'approved',
      changed_by: DEMO.julie.id,
      changed_by_name: DEMO.julie.name,
      notes: 'Pièces commandées'
    })
    await until(() => timeline.$updates.get().length === before + 1 && timeline.$status.get() === 'approved', 'customer timeline live')
    await until(() => heard.some((row) => row.id === update.id), 'seed subscribeToClaimUpdates')
    // The reason is the customer's to read; the notes are the staff's.
    expect(timeline.$updates.get().at(-1)).toMatchObject({ reason: 'Couvert par la garantie', notes: null })
    expect(heard.find((row) => row.id === update.id)).toMatchObject({ notes: null })

    await until(() => centre.$items.get().some((item) => item.type === 'claim_update' && item.data !== null), 'admin notification live')
    expect(centre.$unreadCount.get()).toBeGreaterThan(0)
    await centre.markAllRead()
    expect(centre.$unreadCount.get()).toBe(0)
    await centre.refresh()
    expect(centre.$unreadCount.get()).toBe(0)

    const seedShape = await agent.createClaimStatusUpdate({
      organization_id: DEMO.organizationId,
      claim_id: DEMO.claimId,
      old_status: 'ignored',
      new_status: 'in_repair',
      changed_by: 'ignored',
      changed_by_name: 'ignored'
    })
    expect(seedShape).toMatchObject({ old_status: 'approved', new_status: 'in_repair', changed_by_name: DEMO.julie.name })
    await until(() => timeline.$status.get() === 'in_repair', 'second change live')
    await expect(follower.changeClaimStatus({ claim_id: DEMO.claimId, new_status: 'closed' })).rejects.toBeInstanceOf(ParleyError)
    await follower.destroy()
    await admin.destroy()
  })

  it('reports clear typed errors', async () => {
    await expect(agent.signIn({ email: DEMO.julie.email, password: 'wrong' })).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })
    await expect(agent.sendMessage({ conversation_id: 'nope', content: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(agent.sendMessage({ conversation_id: conversationId, content: 'x'.repeat(10_001) })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    await expect(agent.markRead('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 })
  })

  it('reports the customer rate limit as RATE_LIMITED with retryAfter, and marks the message failed', async () => {
    const chatty = parley()
    const { conversation_id } = await chatty.startConversation({
      organization_id: DEMO.organizationId,
      customer_name: 'Chatty',
      customer_email: 'chatty@example.com'
    })
    const chat = chatty.conversation(conversation_id)
    releases.push(keep(chat.$messages))
    const sends = Array.from({ length: 21 }, (_, index) => chat.send(`message ${index + 1}`))
    const settled = await Promise.allSettled(sends)
    expect(settled.slice(0, 20).every((result) => result.status === 'fulfilled')).toBe(true)
    const last = settled[20]
    expect(last?.status).toBe('rejected')
    const error = (last as PromiseRejectedResult).reason as ParleyError
    expect(error).toBeInstanceOf(ParleyError)
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 })
    expect(error.retryAfter).toBeGreaterThan(0)
    await until(() => chat.$messages.get().at(-1)?.delivery === 'failed', 'failed message shown')
    expect(chat.$messages.get().at(-1)).toMatchObject({
      content: 'message 21',
      delivery: 'failed',
      error: expect.objectContaining({ code: 'RATE_LIMITED' })
    })
    await chatty.destroy()
  })
})
