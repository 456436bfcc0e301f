import type { Context } from '../client/context.ts'
import { invalid, requireOneOf, requireUuid } from '../errors/validate.ts'
import type { ChatConversation, ConversationPriority, ConversationStatus } from '../types/api.ts'
import { updateConversation } from './update-conversation.ts'

const PRIORITIES: readonly ConversationPriority[] = ['low', 'normal', 'high', 'urgent']

export async function assignConversation(context: Context, conversationId: string, profileId: string | null): Promise<ChatConversation> {
  return updateConversation(context, conversationId, { assigned_to: profileId === null ? null : requireUuid(profileId, 'profileId') })
}

export async function setPriority(context: Context, conversationId: string, priority: ConversationPriority): Promise<ChatConversation> {
  return updateConversation(context, conversationId, { priority: requireOneOf(priority, 'priority', PRIORITIES) })
}

export async function setTags(context: Context, conversationId: string, tags: readonly string[]): Promise<ChatConversation> {
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string' && tag.trim() !== '' && tag.length <= 50)) {
    throw invalid('tags must be non-empty strings of at most 50 characters')
  }
  return updateConversation(context, conversationId, { tags: [...new Set(tags.map((tag) => tag.trim()))] })
}

export async function setInternalNotes(context: Context, conversationId: string, notes: string | null): Promise<ChatConversation> {
  if (notes !== null && (typeof notes !== 'string' || notes.length > 10_000)) throw invalid('notes must be a string of at most 10,000 characters, or null')
  return updateConversation(context, conversationId, { internal_notes: notes })
}

export async function setStatus(context: Context, conversationId: string, status: ConversationStatus): Promise<ChatConversation> {
  return updateConversation(context, conversationId, { status })
}
