import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { optionalText, requireEmail, requireText, requireUuid } from '../errors/validate.ts'
import { CHAT_CONVERSATIONS_CUSTOMER_NAME_MAX_LENGTH, CHAT_CONVERSATIONS_CUSTOMER_PHONE_MAX_LENGTH } from '../types/limits.ts'
import { optionalSignature } from './signature.ts'

/** With a signature, the database marks the customer verified or refuses (IDENTITY_INVALID). */
export async function updateCustomerDetails(
  context: Context,
  conversationId: string,
  details: { customer_name: string; customer_email: string; customer_phone?: string | null; customer_signature?: string | null }
): Promise<void> {
  const signature = optionalSignature(details?.customer_signature)
  const args = {
    conversation_id: requireUuid(conversationId, 'conversationId'),
    customer_name: requireText(details?.customer_name, 'customer_name', CHAT_CONVERSATIONS_CUSTOMER_NAME_MAX_LENGTH).trim(),
    customer_email: requireEmail(details?.customer_email, 'customer_email'),
    customer_phone: optionalText(details?.customer_phone, 'customer_phone', CHAT_CONVERSATIONS_CUSTOMER_PHONE_MAX_LENGTH),
    ...(signature ? { customer_signature: signature } : {})
  }
  await context.requireSession()
  await call(context.supabase().rpc('update_customer_details', args))
}
