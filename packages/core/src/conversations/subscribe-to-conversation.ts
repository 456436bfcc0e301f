import type { Context } from '../client/context.ts'
import { liveTopic } from '../client/live-topic.ts'
import { requireUuid } from '../errors/validate.ts'
import { catchUpMessages } from '../messages/catch-up.ts'
import { compareCursor } from '../messages/compare.ts'
import { conversationOf, conversationTopic, isOwnTyping, parseConversationEvent } from '../messages/conversation-events.ts'
import { loadMessages } from '../messages/load-messages.ts'
import type { ChatMessage, ConversationHandlers, ConversationView, MessageCursor, Unsubscribe } from '../types/api.ts'

/**
 * A callback API over the same live lifecycle as the stores. New messages reach
 * onMessage once each: from the socket, and after every rejoin or wake from the database
 * (rows the socket missed), never twice.
 */
export function subscribeToConversation(context: Context, conversationId: string, handlers: ConversationHandlers): Unsubscribe {
  requireUuid(conversationId, 'conversationId')
  const seen = new Set<string>()
  let newest: MessageCursor | null = null
  let stopped = false

  function deliver(message: ChatMessage): void {
    if (stopped || seen.has(message.id)) return
    seen.add(message.id)
    if (!newest || compareCursor(newest, message) < 0) newest = { created_at: message.created_at, id: message.id }
    handlers.onMessage?.(message)
  }

  const release = liveTopic(context, {
    topics: (session) => [conversationTopic(session, conversationId)],
    event(name, payload, session) {
      const event = parseConversationEvent(name, payload, conversationId)
      if (!event) return
      if (event.type === 'message') deliver(event.message)
      else if (event.type === 'message_updated') handlers.onMessageUpdated?.(event.message)
      else if (event.type === 'typing' && !isOwnTyping(session, event.indicator)) handlers.onTyping?.(event.indicator)
      else if (event.type === 'read') handlers.onRead?.(event.receipt)
      else if (event.type === 'conversation_deleted') handlers.onDeleted?.(event.id)
      // A `conversation` event, or the state a message or read receipt carries.
      const state = conversationOf(name, payload)
      if (state?.id === conversationId) handlers.onConversationUpdate?.(state as unknown as ConversationView)
    },
    async refresh() {
      if (newest) return catchUpMessages(context, conversationId, newest, (rows) => rows.forEach(deliver))
      // The first read only sets where "new" starts.
      const [latest] = (await loadMessages(context, conversationId, { limit: 1 })).slice(-1)
      if (latest && !newest) {
        seen.add(latest.id)
        newest = { created_at: latest.created_at, id: latest.id }
      }
    },
    report: (status, error) => handlers.onStatus?.(status, error)
  }).open()

  return () => {
    stopped = true
    release()
  }
}
