import type { ChatConversation, Parley } from '@parley/core'
import { useEffect, useState } from 'preact/hooks'

/**
 * "✓ verified" after the e-mail when the dealer's server signed it (identity verification).
 * Read from the row itself: the inbox's column list may predate customer_verified_at, and
 * a change of e-mail or a new signature moves updated_at, which asks again.
 */
export function VerifiedMark({ parley, conversation }: { parley: Parley; conversation: ChatConversation }) {
  const [verifiedAt, setVerifiedAt] = useState<string | null>(conversation.customer_verified_at ?? null)
  useEffect(() => {
    let current = true
    void Promise.resolve(parley.supabase.from('chat_conversations').select('customer_verified_at').eq('id', conversation.id).maybeSingle()).then(
      ({ data }) => {
        if (current) setVerifiedAt(data?.customer_verified_at ?? null)
      }
    )
    return () => {
      current = false
    }
  }, [conversation.id, conversation.customer_email, conversation.updated_at])
  if (!verifiedAt) return null
  return (
    <span class="verified" title={`E-mail verified by the dealer's site, ${new Date(verifiedAt).toLocaleString()}`}>
      {' '}<span aria-hidden="true">✓</span> verified
    </span>
  )
}
