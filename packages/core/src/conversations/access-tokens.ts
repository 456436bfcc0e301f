import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'

/** Staff: a new customer token for a conversation; earlier tokens and bindings stop working. */
export async function rotateAccessToken(context: Context, conversationId: string): Promise<string> {
  return call(context.supabase().rpc('rotate_access_token', { conversation_id: requireUuid(conversationId, 'conversationId') }))
}

/** Staff: revokes a conversation's token and unbinds every customer browser. */
export async function revokeAccessToken(context: Context, conversationId: string): Promise<void> {
  await call(context.supabase().rpc('revoke_access_token', { conversation_id: requireUuid(conversationId, 'conversationId') }))
}

/** Staff: a token that lets a customer follow one claim's timeline. */
export async function issueClaimAccessToken(context: Context, claimId: string): Promise<string> {
  return call(context.supabase().rpc('issue_claim_access_token', { claim_id: requireUuid(claimId, 'claimId') }))
}
