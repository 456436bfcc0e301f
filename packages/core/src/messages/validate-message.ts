import { invalid, requireOneOf, requireUuid } from '../errors/validate.ts'
import type { Attachment, SendMessageInput } from '../types/api.ts'
import { Constants } from '../types/database.ts'
import { CHAT_MESSAGES_CONTENT_MAX_LENGTH } from '../types/limits.ts'

function validAttachment(value: unknown): value is Attachment {
  const item = value as Partial<Attachment> | null
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.path === 'string' &&
    typeof item.name === 'string' &&
    typeof item.size === 'number' &&
    typeof item.mime_type === 'string'
  )
}

/** Checks a send before anything leaves the browser. */
export function validateMessage(
  input: SendMessageInput
): Required<Pick<SendMessageInput, 'conversation_id' | 'content' | 'message_type' | 'attachments' | 'is_internal'>> {
  if (typeof input !== 'object' || input === null) throw invalid('sendMessage expects an object')
  const conversation_id = requireUuid(input.conversation_id, 'conversation_id')
  if (input.client_id !== undefined) requireUuid(input.client_id, 'client_id')
  const attachments = input.attachments ?? []
  if (!Array.isArray(attachments) || !attachments.every(validAttachment)) {
    throw invalid('attachments must be an array of {path, name, size, mime_type}')
  }
  const content = typeof input.content === 'string' ? input.content : ''
  if (typeof input.content !== 'string' && input.content !== undefined) throw invalid('content must be a string')
  if (content.trim() === '' && attachments.length === 0) throw invalid('A message needs text or an attachment')
  if (content.length > CHAT_MESSAGES_CONTENT_MAX_LENGTH)
    throw invalid(`content must be at most ${CHAT_MESSAGES_CONTENT_MAX_LENGTH} characters (got ${content.length})`)
  const message_type = requireOneOf(
    input.message_type ?? (attachments.length ? 'file' : 'text'),
    'message_type',
    Constants.public.Enums.message_type
  )
  if (input.is_internal !== undefined && typeof input.is_internal !== 'boolean') throw invalid('is_internal must be a boolean')
  return { conversation_id, content, message_type, attachments, is_internal: input.is_internal ?? false }
}
