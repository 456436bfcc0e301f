import type { Context } from '../client/context.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import { requireUuid } from '../errors/validate.ts'
import { compareCursor } from '../messages/compare.ts'
import { conversationTopic, isOwnTyping, parseConversationEvent } from '../messages/conversation-events.ts'
import { loadMessages } from '../messages/load-messages.ts'
import type { ChatMessage, ConversationHandlers, MessageCursor, Unsubscribe } from '../types/api.ts'

const OVERLAP_MS = 10_000
const ZERO_ID = '00000000-0000-0000-0000-000000000000'

/**
 * The seed's callback API. New messages reach onMessage once each: from the socket, and after
 * every rejoin or wake from the database (rows the socket missed), never twice.
 */
export function subscribeToConversation(context: Context, conversationId: string, handlers: ConversationHandlers): Unsubscribe {
  requireUuid(conversationId, 'conversationId')
  const seen = new Set<string>()
  let newest: MessageCursor | null = null
  let joined = false
  let stopped = false
  const cleanups: Array<() => void> = []

  function deliver(message: ChatMessage): void {
    if (seen.has(message.id)) return
    seen.add(message.id)
    if (!newest || compareCursor(newest, message) < 0) newest = { created_at: message.created_at, id: message.id }
    handlers.onMessage?.(message)
  }

  async function catchUp(): Promise<void> {
    try {
      if (!newest) {
        const [latest] = (await loadMessages(context, conversationId, { limit: 1 })).slice(-1)
        if (latest && !newest) {
          seen.add(latest.id)
          newest = { created_at: latest.created_at, id: latest.id }
        }
        return
      }
      let after: MessageCursor = { created_at: new Date(Date.parse(newest.created_at) - OVERLAP_MS).toISOString(), id: ZERO_ID }
      for (;;) {
        const rows = await loadMessages(context, conversationId, { after, limit: 100 })
        if (stopped) return
        for (const row of rows) deliver(row)
        const last = rows[rows.length - 1]
        if (!last || rows.length < 100) return
        after = { created_at: last.created_at, id: last.id }
      }
    } catch (error) {
      handlers.onStatus?.('CHANNEL_ERROR', toParleyError(error))
    }
  }

  context
    .requireSession()
    .then((session) => {
      if (stopped) return
      context.watch()
      cleanups.push(
        context.wake.listen((reason) => {
          if (reason !== 'offline' && joined) void catchUp()
        }),
        context.topics.listen(conversationTopic(session, conversationId), {
          event(name, payload) {
            const event = parseConversationEvent(name, payload, conversationId)
            if (!event) return
            if (event.type === 'message') deliver(event.message)
            else if (event.type === 'message_updated') handlers.onMessageUpdated?.(event.message)
            else if (event.type === 'typing' && !isOwnTyping(session, event.indicator)) handlers.onTyping?.(event.indicator)
            else if (event.type === 'read') handlers.onRead?.(event.receipt)
            else if (event.type === 'conversation') handlers.onConversationUpdate?.(event.conversation)
            else if (event.type === 'conversation_deleted') handlers.onDeleted?.(event.id)
          },
          status(status, error) {
            handlers.onStatus?.(status, error)
            if (status !== 'SUBSCRIBED') return
            joined = true
            void catchUp()
          }
        })
      )
      if (stopped) for (const cleanup of cleanups.splice(0)) cleanup()
    })
    .catch((error: unknown) => handlers.onStatus?.('CHANNEL_ERROR', toParleyError(error)))

  return () => {
    stopped = true
    for (const cleanup of cleanups.splice(0)) cleanup()
  }
}
