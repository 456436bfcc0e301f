import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { optionalText, requireEmail, requireText, requireUuid } from '../errors/validate.ts'

export async function updateCustomerDetails(
  context: Context,
  conversationId: string,
  details: { customer_name: string; customer_email: string; customer_phone?: string | null }
): Promise<void> {
  const args = {
    conversation_id: requireUuid(conversationId, 'conversationId'),
    customer_name: requireText(details?.customer_name, 'customer_name', 200).trim(),
    customer_email: requireEmail(details?.customer_email, 'customer_email'),
    customer_phone: optionalText(details?.customer_phone, 'customer_phone', 50)
  }
  await context.requireSession()
  await call(context.supabase().rpc('update_customer_details', args))
}
