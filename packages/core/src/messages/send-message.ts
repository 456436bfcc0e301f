import type { Context } from '../client/context.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { ChatMessage, SendMessageInput } from '../types/api.ts'
import { newClientId } from './new-client-id.ts'
import { validateMessage } from './validate-message.ts'

/**
 * Validates, then queues the send in the outbox: it goes out now when online, or in order
 * on reconnect; resolves with the server row.
 */
export async function sendMessage(context: Context, outbox: Outbox, input: SendMessageInput): Promise<ChatMessage> {
  const message = validateMessage(input)
  const session = await context.requireSession()
  outbox.bindUser(session.userId)
  context.watch()
  return outbox.enqueue({
    ...message,
    client_id: input.client_id ?? newClientId(),
    queued_at: new Date().toISOString(),
    attempts: 0
  })
}
