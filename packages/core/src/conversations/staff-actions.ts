import type { Context } from '../client/context.ts'
import { invalid, requireOneOf, requireUuid } from '../errors/validate.ts'
import type { ChatConversation, ConversationPriority, ConversationStatus } from '../types/api.ts'
import { Constants } from '../types/database.ts'
import { CHAT_CONVERSATIONS_INTERNAL_NOTES_MAX_LENGTH } from '../types/limits.ts'
import { updateConversation } from './update-conversation.ts'

export async function assignConversation(context: Context, conversationId: string, profileId: string | null): Promise<ChatConversation> {
  return updateConversation(context, conversationId, { assigned_to: profileId === null ? null : requireUuid(profileId, 'profileId') })
}

export async function setPriority(context: Context, conversationId: string, priority: ConversationPriority): Promise<ChatConversation> {
  return updateConversation(context, conversationId, {
    priority: requireOneOf(priority, 'priority', Constants.public.Enums.conversation_priority)
  })
}

export async function setTags(context: Context, conversationId: string, tags: readonly string[]): Promise<ChatConversation> {
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string' && tag.trim() !== '' && tag.length <= 50)) {
    throw invalid('tags must be non-empty strings of at most 50 characters')
  }
  return updateConversation(context, conversationId, { tags: [...new Set(tags.map((tag) => tag.trim()))] })
}

export async function setInternalNotes(context: Context, conversationId: string, notes: string | null): Promise<ChatConversation> {
  const longest = CHAT_CONVERSATIONS_INTERNAL_NOTES_MAX_LENGTH
  if (notes !== null && (typeof notes !== 'string' || notes.length > longest))
    throw invalid(`notes must be a string of at most ${longest} characters, or null`)
  return updateConversation(context, conversationId, { internal_notes: notes })
}

export async function setStatus(context: Context, conversationId: string, status: ConversationStatus): Promise<ChatConversation> {
  return updateConversation(context, conversationId, { status })
}
