import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { invalid, optionalText, requireEmail, requireText, requireUuid } from '../errors/validate.ts'
import type { StartConversationInput, StartedConversation } from '../types/api.ts'
import {
  CHAT_CONVERSATIONS_CUSTOMER_NAME_MAX_LENGTH,
  CHAT_CONVERSATIONS_CUSTOMER_PHONE_MAX_LENGTH,
  CHAT_CONVERSATIONS_PAGE_URL_MAX_LENGTH,
  CHAT_CONVERSATIONS_SUBJECT_MAX_LENGTH
} from '../types/limits.ts'
import { optionalSignature } from './signature.ts'

function optionalUuid(value: unknown, name: string): string | null {
  return value === undefined || value === null ? null : requireUuid(value, name)
}

/**
 * Opens a conversation. With no session the browser signs in anonymously first and is bound
 * to the new conversation; staff sessions create it on a customer's behalf. The access token
 * comes back this once.
 */
export async function startConversation(context: Context, input: StartConversationInput): Promise<StartedConversation> {
  if (typeof input !== 'object' || input === null) throw invalid('startConversation expects an object')
  const signature = optionalSignature(input.customer_signature)
  const pageUrl = optionalText(input.page_url, 'page_url', CHAT_CONVERSATIONS_PAGE_URL_MAX_LENGTH)
  const args = {
    organization_id: requireUuid(input.organization_id, 'organization_id'),
    customer_name: requireText(input.customer_name, 'customer_name', CHAT_CONVERSATIONS_CUSTOMER_NAME_MAX_LENGTH).trim(),
    customer_email: requireEmail(input.customer_email, 'customer_email'),
    customer_phone: optionalText(input.customer_phone, 'customer_phone', CHAT_CONVERSATIONS_CUSTOMER_PHONE_MAX_LENGTH),
    subject: optionalText(input.subject, 'subject', CHAT_CONVERSATIONS_SUBJECT_MAX_LENGTH),
    warranty_id: optionalUuid(input.warranty_id, 'warranty_id'),
    claim_id: optionalUuid(input.claim_id, 'claim_id'),
    // Only when given, so a project without the identity migration keeps working.
    ...(signature ? { customer_signature: signature } : {}),
    ...(pageUrl ? { page_url: pageUrl } : {})
  }
  await context.customerSession()
  const rows = await call(context.supabase().rpc('start_conversation', args))
  const row = Array.isArray(rows) ? rows[0] : (rows as StartedConversation | null)
  if (!row?.conversation_id) throw new ParleyError('UNKNOWN', 'start_conversation returned no conversation')
  context.joined.emit()
  return { conversation_id: row.conversation_id, access_token: row.access_token }
}
