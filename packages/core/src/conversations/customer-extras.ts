// Customer calls few visits make — reading someone else's access link before redeeming it,
// rating a resolved conversation, asking for its transcript — share one chunk, so a
// visitor's first open pays one stub each.
export { rateConversation } from '../operations/rate-conversation.ts'
export { peekAccessToken } from './peek-access-token.ts'
export { requestTranscript } from './request-transcript.ts'
