import { describe, expect, it, vi } from 'vitest'
import { CUSTOMER, fakeContext, STAFF, settle } from '../../test/fake-context.ts'
import type { ChatMessage } from '../types/api.ts'
import { subscribeToConversation } from './subscribe-to-conversation.ts'

const database: ChatMessage[] = []
vi.mock('../messages/load-messages.ts', () => ({
  loadMessages: async (_context: unknown, _id: string, options: { after?: { created_at: string }; limit?: number }) =>
    options.after ? database.filter((row) => row.created_at > (options.after?.created_at ?? '')) : database.slice(-(options.limit ?? 50))
}))

const id = '66666666-6666-4666-8666-666666666601'
function row(n: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${n}`,
    conversation_id: id,
    content: `c${n}`,
    created_at: `2026-11-24T07:00:0${n}.000000+00:00`,
    ...overrides
  } as ChatMessage
}

describe('subscribeToConversation', () => {
  it('delivers each new message once, from the socket and from catch-up after a rejoin', async () => {
    database.splice(0, database.length, row(1))
    const server = fakeContext(CUSTOMER)
    const heard: string[] = []
    const typing: string[] = []
    const updates: string[] = []
    const statuses: string[] = []
    const stop = subscribeToConversation(server.context, id, {
      onMessage: (message) => heard.push(message.id),
      onTyping: (indicator) => typing.push(indicator.user_type),
      onConversationUpdate: (conversation) => updates.push(conversation.status ?? ''),
      onStatus: (status) => statuses.push(status)
    })
    await settle()
    const topic = `conversation:${id}`
    server.status(topic, 'SUBSCRIBED')
    await settle()
    server.broadcast(topic, 'message', row(2))
    server.broadcast(topic, 'message', row(2))
    database.push(row(2), row(3), row(4))
    server.status(topic, 'CHANNEL_ERROR')
    server.status(topic, 'SUBSCRIBED')
    await settle()
    server.broadcast(topic, 'message', row(4))
    server.broadcast(topic, 'typing', { conversation_id: id, user_type: 'customer', is_typing: true })
    server.broadcast(topic, 'typing', { conversation_id: id, user_type: 'staff', user_name: 'Julie', is_typing: true })
    server.broadcast(topic, 'conversation', { id, status: 'resolved' })
    // A message that reopens the conversation carries its new state.
    server.broadcast(topic, 'message', { ...row(5), conversation: { id, status: 'active' } })
    expect(heard).toEqual(['m2', 'm3', 'm4', 'm5'])
    expect(typing).toEqual(['staff'])
    expect(updates).toEqual(['resolved', 'active'])
    expect(statuses).toEqual(['SUBSCRIBED', 'CHANNEL_ERROR', 'SUBSCRIBED'])
    stop()
    expect(server.topics()).toEqual([])
  })

  it('listens on the organization topic for staff and keeps to this conversation', async () => {
    database.splice(0, database.length)
    const server = fakeContext(STAFF)
    const heard: string[] = []
    const stop = subscribeToConversation(server.context, id, { onMessage: (message) => heard.push(message.id) })
    await settle()
    server.status('staff:org', 'SUBSCRIBED')
    await settle()
    server.broadcast('staff:org', 'message', row(5, { is_internal: true }))
    server.broadcast('staff:org', 'message', row(6, { conversation_id: 'other' }))
    expect(heard).toEqual(['m5'])
    stop()
  })

  it('reports a missing session through onStatus and refuses a bad id at once', async () => {
    const server = fakeContext(null)
    const errors: string[] = []
    subscribeToConversation(server.context, id, { onStatus: (status) => errors.push(status) })
    await settle()
    expect(errors).toEqual(['CHANNEL_ERROR'])
    expect(() => subscribeToConversation(server.context, 'nope', {})).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })
})
