import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { invalid, optionalText, requireUuid } from '../errors/validate.ts'
import { CONVERSATION_RESOLUTIONS_COMMENT_MAX_LENGTH } from '../types/limits.ts'

export async function rateConversation(context: Context, conversationId: string, rating: number, comment?: string | null): Promise<void> {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw invalid('rating must be a whole number from 1 to 5')
  await call(
    context.supabase().rpc('rate_conversation', {
      conversation_id: requireUuid(conversationId, 'conversationId'),
      rating,
      comment:
        typeof comment === 'string' && comment.trim() === ''
          ? null
          : optionalText(comment, 'comment', CONVERSATION_RESOLUTIONS_COMMENT_MAX_LENGTH)
    })
  )
}
