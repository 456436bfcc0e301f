import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { requireUuid } from '../errors/validate.ts'

/** Queues the transcript of a resolved conversation to its own address, and returns that address. */
export async function requestTranscript(context: Context, conversationId: string): Promise<string> {
  const id = requireUuid(conversationId, 'conversationId')
  return call(context.supabase().rpc('request_transcript', { conversation_id: id }))
}
