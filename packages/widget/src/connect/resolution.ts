import { type ConversationView, type ParleyCustomer, ParleyError } from '@parley/core'
import type { VisitorStorage } from './visitor-storage.ts'

/** What the resolved-conversation prompt uses; fetched with it, never on a first open. */
export interface ResolutionDeps {
  parley: Pick<ParleyCustomer, 'rateConversation' | 'requestTranscript'>
  visitor: Pick<VisitorStorage, 'read' | 'write'>
}

/**
 * One resolution of a conversation, as far as the visitor can tell: a conversation reopened
 * by a new message and resolved again has a newer last message, so it is asked about again
 * (the server allows one rating per resolution and says CONFLICT for a second one).
 */
const resolutionOf = (conversation: ConversationView) => conversation.last_message_at ?? conversation.updated_at ?? ''

/** The visitor rated or dismissed this resolution already (on this device). */
export function handled({ visitor }: Pick<ResolutionDeps, 'visitor'>, conversation: ConversationView): boolean {
  return visitor.read().resolutions?.[conversation.id] === resolutionOf(conversation)
}

/** Not asked again for this resolution: rated, already rated elsewhere, or dismissed. */
export function markHandled({ visitor }: Pick<ResolutionDeps, 'visitor'>, conversation: ConversationView): void {
  visitor.write({ resolutions: { ...visitor.read().resolutions, [conversation.id]: resolutionOf(conversation) } })
}

/**
 * Sends the rating (1–5) and optional comment. `already` when the server has one for this
 * resolution (CONFLICT: rated on another device); other refusals are thrown as ParleyError.
 */
export async function rate(
  deps: ResolutionDeps,
  conversation: ConversationView,
  rating: number,
  comment: string
): Promise<'rated' | 'already'> {
  try {
    await deps.parley.rateConversation(conversation.id, rating, comment.trim() || null)
    markHandled(deps, conversation)
    return 'rated'
  } catch (error) {
    if (!(error instanceof ParleyError) || error.code !== 'CONFLICT') throw error
    markHandled(deps, conversation)
    return 'already'
  }
}

/** `ada@example.com` → `a…@example.com`: enough to recognise, not to read over a shoulder. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  return at > 0 ? `${email[0]}…${email.slice(at)}` : email
}

/** Why a call failed, as a key of the prompt's texts: the ParleyError code the widget can explain. */
export function problemOf(error: unknown): 'CONFLICT' | 'INVALID_INPUT' | 'EMAIL_SUPPRESSED' | 'RATE_LIMITED' | 'NETWORK' | 'other' {
  const code = error instanceof ParleyError ? error.code : null
  return code === 'CONFLICT' || code === 'INVALID_INPUT' || code === 'EMAIL_SUPPRESSED' || code === 'RATE_LIMITED' || code === 'NETWORK'
    ? code
    : 'other'
}
