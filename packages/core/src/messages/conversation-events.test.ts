import { describe, expect, it } from 'vitest'
import type { ParleySession } from '../types/api.ts'
import { conversationOf, conversationTopic, isOwnTyping, parseConversationEvent } from './conversation-events.ts'

const id = '66666666-6666-4666-8666-666666666601'
const staff: ParleySession = {
  userId: 'u',
  kind: 'staff',
  profile: { organization_id: 'org', display_name: 'Julie Tremblay' } as ParleySession['profile']
}
const customer: ParleySession = { userId: 'c', kind: 'customer', profile: null }

describe('conversation events', () => {
  it('picks the topic per audience', () => {
    expect(conversationTopic(customer, id)).toBe(`conversation:${id}`)
    expect(conversationTopic(staff, id)).toBe('staff:org')
  })

  it('parses each event for this conversation and ignores others', () => {
    expect(parseConversationEvent('message', { id: 'm', conversation_id: id }, id)).toMatchObject({ type: 'message' })
    expect(parseConversationEvent('message', { id: 'm', conversation_id: 'other' }, id)).toBeNull()
    expect(parseConversationEvent('message', { conversation_id: id }, id)).toBeNull()
    expect(parseConversationEvent('typing', { conversation_id: id, user_type: 'staff' }, id)).toMatchObject({ type: 'typing' })
    expect(parseConversationEvent('read', { conversation_id: id, reader: 'staff', read_at: 'now' }, id)).toMatchObject({ type: 'read' })
    expect(parseConversationEvent('read', { conversation_id: id }, id)).toBeNull()
    expect(parseConversationEvent('conversation', { id, status: 'resolved' }, id)).toMatchObject({
      type: 'conversation',
      conversation: { status: 'resolved' }
    })
    expect(parseConversationEvent('conversation_deleted', { id }, id)).toEqual({ type: 'conversation_deleted', id })
    expect(parseConversationEvent('claim_status', { id }, id)).toBeNull()
  })

  it('takes the conversation a message or a read receipt carries out of it', () => {
    const state = { id, unread_count_customer: 2 }
    expect(parseConversationEvent('message', { id: 'm', conversation_id: id, conversation: state }, id)).toEqual({
      type: 'message',
      message: { id: 'm', conversation_id: id }
    })
    expect(parseConversationEvent('read', { conversation_id: id, reader: 'staff', read_at: 'now', conversation: state }, id)).toEqual({
      type: 'read',
      receipt: { conversation_id: id, reader: 'staff', read_at: 'now' }
    })
    expect(conversationOf('message', { id: 'm', conversation: state })).toBe(state)
    expect(conversationOf('read', { conversation_id: id, conversation: state })).toBe(state)
    expect(conversationOf('conversation', state)).toBe(state)
    expect(conversationOf('message', { id: 'm' })).toBeUndefined()
  })

  it('recognises one’s own typing', () => {
    expect(isOwnTyping(customer, { conversation_id: id, user_type: 'customer', user_name: 'Ada', is_typing: true, expires_at: '' })).toBe(
      true
    )
    expect(
      isOwnTyping(staff, { conversation_id: id, user_type: 'staff', user_name: 'Julie Tremblay', is_typing: true, expires_at: '' })
    ).toBe(true)
    expect(
      isOwnTyping(staff, { conversation_id: id, user_type: 'staff', user_name: 'Marc Bouchard', is_typing: true, expires_at: '' })
    ).toBe(false)
  })
})
