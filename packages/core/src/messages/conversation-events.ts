import type { ChatMessage, ConversationView, ParleySession, ReadReceipt, TypingIndicator } from '../types/api.ts'

/** `conversation`: the conversation as the message or receipt left it, when it changed it. */
export type ConversationEvent =
  | { type: 'message'; message: ChatMessage; conversation: ConversationView | null }
  | { type: 'message_updated'; message: ChatMessage }
  | { type: 'typing'; indicator: TypingIndicator }
  | { type: 'read'; receipt: ReadReceipt; conversation: ConversationView | null }
  | { type: 'conversation'; conversation: ConversationView }
  | { type: 'conversation_deleted'; id: string }

/** Customers hear their conversation's topic; staff hear their organization's and filter. */
export function conversationTopic(session: ParleySession, conversationId: string): string {
  return session.kind === 'staff' && session.profile ? `staff:${session.profile.organization_id}` : `conversation:${conversationId}`
}

/** Broadcasts built with realtime.broadcast_changes wrap the row in `record`. */
export function unwrapRecord(payload: Record<string, unknown>): Record<string, unknown> {
  const record = payload.record
  return typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : payload
}

/**
 * The conversation row a broadcast leaves behind, in the listener's projection: a
 * `conversation` event's row, or the state a `message` or `read` carries (the database sends
 * one broadcast per audience per change, see the realtime migration); null for anything else.
 */
export function conversationOf(name: string, payload: Record<string, unknown>): Record<string, unknown> | null {
  const record = unwrapRecord(payload)
  if (name === 'conversation') return record
  if (name !== 'message' && name !== 'read') return null
  const carried = record.conversation
  return typeof carried === 'object' && carried !== null ? (carried as Record<string, unknown>) : null
}

function carried(name: string, payload: Record<string, unknown>, conversationId: string): ConversationView | null {
  const row = conversationOf(name, payload)
  return row?.id === conversationId ? (row as unknown as ConversationView) : null
}

/** Parses one broadcast for one conversation; null when it is about another or malformed. */
export function parseConversationEvent(name: string, payload: Record<string, unknown>, conversationId: string): ConversationEvent | null {
  const record = unwrapRecord(payload)
  switch (name) {
    case 'message':
    case 'message_updated': {
      if (record.conversation_id !== conversationId || typeof record.id !== 'string') return null
      const { conversation: _state, ...message } = record
      if (name === 'message_updated') return { type: name, message: message as unknown as ChatMessage }
      return { type: name, message: message as unknown as ChatMessage, conversation: carried(name, payload, conversationId) }
    }
    case 'typing':
      if (record.conversation_id !== conversationId) return null
      return { type: 'typing', indicator: record as unknown as TypingIndicator }
    case 'read': {
      if (record.conversation_id !== conversationId || typeof record.read_at !== 'string') return null
      const { conversation: _state, ...receipt } = record
      return { type: 'read', receipt: receipt as unknown as ReadReceipt, conversation: carried(name, payload, conversationId) }
    }
    case 'conversation':
      if (record.id !== conversationId) return null
      return { type: 'conversation', conversation: record as unknown as ConversationView }
    case 'conversation_deleted':
      if (record.id !== conversationId) return null
      return { type: 'conversation_deleted', id: conversationId }
    default:
      return null
  }
}

/** Your own typing comes back on staff topics; it is not news to you. */
export function isOwnTyping(session: ParleySession, indicator: TypingIndicator): boolean {
  if (session.kind === 'customer') return indicator.user_type === 'customer'
  return indicator.user_type === 'staff' && indicator.user_name === (session.profile?.display_name ?? null)
}
