// The seed's callback APIs in one module, loaded as one chunk: the stores do not use them.
export { subscribeToClaimUpdates } from '../claims/subscribe-to-claim-updates.ts'
export { subscribeToConversation } from '../conversations/subscribe-to-conversation.ts'
