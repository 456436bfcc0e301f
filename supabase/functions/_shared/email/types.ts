/** The e-mail kinds the outbox holds (email_outbox.kind). */
export type EmailKind = 'invitation' | 'missed_reply' | 'claim_status' | 'transcript'
export type EmailLocale = 'fr-CA' | 'en'

/** The dealer as its e-mails show it. */
export interface EmailOrganization {
  id: string
  name: string
  slug: string
  locale: EmailLocale
  color: string
  logo_url: string | null
  site_url: string | null
}

export interface EmailChatMessage {
  sender_type: 'customer' | 'staff'
  sender_name: string
  content: string | null
  attachment: boolean
  created_at: string
}

/** One row claimed by public.claim_email_batch: everything its e-mail needs, tokens included. */
export interface ClaimedEmail {
  id: string
  kind: EmailKind
  to: string
  attempts: number
  locked_at: string
  organization: EmailOrganization
  content: Record<string, unknown> & { unsubscribe_token: string }
}

/** What a template produces. */
export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

export interface OutgoingEmail extends RenderedEmail {
  from: string
  to: string
  /** RFC 8058 one-click unsubscribe (List-Unsubscribe + List-Unsubscribe-Post). */
  unsubscribeUrl: string
}

export type SendOutcome =
  | { outcome: 'sent'; id: string | null }
  | { outcome: 'retry'; error: string; retryAfterSeconds?: number }
  | { outcome: 'failed'; error: string }

/** A provider's HTTP API behind one call; Resend is the one shipped (see docs/email.md). */
export interface EmailProvider {
  readonly name: string
  send(message: OutgoingEmail): Promise<SendOutcome>
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>
