import type { ChatConversation } from '@parley/core'

/**
 * "✓ verified" after the e-mail when the dealer's server signed it (identity verification).
 * The inbox row carries customer_verified_at and staff events keep it current.
 */
export function VerifiedMark({ conversation }: { conversation: ChatConversation }) {
  const verifiedAt = conversation.customer_verified_at
  if (!verifiedAt) return null
  return (
    <span class="verified" title={`E-mail verified by the dealer's site, ${new Date(verifiedAt).toLocaleString()}`}>
      {' '}
      <span aria-hidden="true">✓</span> verified
    </span>
  )
}
