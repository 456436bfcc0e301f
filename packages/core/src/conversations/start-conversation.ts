import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { invalid, optionalText, requireEmail, requireText, requireUuid } from '../errors/validate.ts'
import type { StartConversationInput, StartedConversation } from '../types/api.ts'
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
  const args = {
    organization_id: requireUuid(input.organization_id, 'organization_id'),
    customer_name: requireText(input.customer_name, 'customer_name', 200).trim(),
    customer_email: requireEmail(input.customer_email, 'customer_email'),
    customer_phone: optionalText(input.customer_phone, 'customer_phone', 50),
    subject: optionalText(input.subject, 'subject', 200),
    warranty_id: optionalUuid(input.warranty_id, 'warranty_id'),
    claim_id: optionalUuid(input.claim_id, 'claim_id'),
    // Only when given, so a project without the identity migration keeps working.
    ...(signature ? { customer_signature: signature } : {})
  }
  await context.customerSession()
  const rows = await call(context.supabase().rpc('start_conversation', args))
  const row = Array.isArray(rows) ? rows[0] : (rows as StartedConversation | null)
  if (!row?.conversation_id) throw new ParleyError('UNKNOWN', 'start_conversation returned no conversation')
  return { conversation_id: row.conversation_id, access_token: row.access_token }
}
