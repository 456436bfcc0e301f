import { ParleyError } from '../errors/parley-error.ts'

/** A chunk that cannot be fetched fails like any request: NETWORK, worth retrying. */
export function loadChunk<T>(module: Promise<T>): Promise<T> {
  return module.catch((error: unknown) => {
    throw new ParleyError('NETWORK', 'A part of Parley could not be loaded', { cause: error })
  })
}

// Rarely needed parts load on first use, so a bundle's first load does not carry them; every
// API that reaches them is already async.
/** Upload (with XHR progress and file checks), send-a-file and signed attachment URLs. */
export const attachments = () => loadChunk(import('../messages/upload-attachment.ts'))
/** Push registration, preferences, unregistration and test sends; unsubscribe links (Edge Functions too). */
export const push = () => loadChunk(import('../push/push-calls.ts'))
/** subscribeToConversation and subscribeToClaimUpdates, which the stores do not use. */
export const callbacks = () => loadChunk(import('./callback-apis.ts'))
/** Identity verification settings, an admin's occasional visit. */
export const identity = () => loadChunk(import('../identity/identity-admin.ts'))
/** Starting a conversation: a new visitor's first submit, never a returning visitor's load. */
export const starting = () => loadChunk(import('../conversations/start-conversation.ts'))
/** Quick replies: the staff composer's `/` picker and template management. */
export const replies = () => loadChunk(import('../replies/reply-templates.ts'))
/** Operations analytics, a manager's dashboard. */
export const operations = () => loadChunk(import('../operations/operations-report.ts'))
/** Reading someone else's access link before redeeming it, rating a resolved conversation and its transcript. */
export const extras = () => loadChunk(import('../conversations/customer-extras.ts'))
