import type { ChatMessage, ConversationView, ParleySession, Profile, ReadReceipt, TypingIndicator } from '../types/api.ts'

export type ConversationEvent =
  | { type: 'message'; message: ChatMessage }
  | { type: 'message_updated'; message: ChatMessage }
  | { type: 'typing'; indicator: TypingIndicator }
  | { type: 'read'; receipt: ReadReceipt }
  | { type: 'conversation'; conversation: ConversationView }
  | { type: 'conversation_deleted'; id: string }

/**
 * The organization's staff topic by its own name; the topic hub asks the server for its
 * current one (it moves whenever a member leaves the chat).
 */
export function staffTopic(profile: Profile): string {
  return `staff:${profile.organization_id}`
}

/** Customers hear their conversation's topic; staff hear their organization's and filter. */
export function conversationTopic(session: ParleySession, conversationId: string): string {
  return session.kind === 'staff' && session.profile ? staffTopic(session.profile) : `conversation:${conversationId}`
}

/**
 * The conversation as a broadcast leaves it, in the listener's projection: a `conversation`
 * event's row, or the state a `message` or `read` carries (the database sends one broadcast
 * per audience per change, see the realtime migration). Callers check its `id`, which
 * anything but a row lacks.
 */
export function conversationOf(name: string, payload: Record<string, unknown>): Partial<Record<string, unknown>> | undefined {
  return (name === 'conversation' ? payload : payload.conversation) as Partial<Record<string, unknown>> | undefined
}

/** Parses one broadcast for one conversation; null when it is about another or malformed. */
export function parseConversationEvent(name: string, payload: Record<string, unknown>, conversationId: string): ConversationEvent | null {
  // The state an event carries is conversationOf's; the message or receipt keeps to its own fields.
  const { conversation: _carried, ...record } = payload
  switch (name) {
    case 'message':
    case 'message_updated':
      if (record.conversation_id !== conversationId || typeof record.id !== 'string') return null
      return { type: name, message: record as unknown as ChatMessage }
    case 'typing':
      if (record.conversation_id !== conversationId) return null
      return { type: 'typing', indicator: record as unknown as TypingIndicator }
    case 'read':
      if (record.conversation_id !== conversationId || typeof record.read_at !== 'string') return null
      return { type: 'read', receipt: record as unknown as ReadReceipt }
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
