import type { AccessLinkPreview, ClaimStatus, ConversationView } from '@parley/core'
import type { Translate } from '../i18n/messages.ts'
import type { Locale } from '../loader/config.ts'
import type { PreChatPrefill } from '../ui/PreChatForm.tsx'
import type { PushState } from '../ui/PushPrompt.tsx'
import type { AgentView, ClaimUpdateView, Connection, ConversationSummary, MessageView, UploadView } from '../ui/types.ts'

export type View = 'loading' | 'form' | 'chat' | 'claim' | 'list' | 'settings' | 'link' | 'unsubscribe'

/** The claim the visitor follows (claim link or a linked conversation). */
export interface ClaimState {
  id: string
  number: string | null
  status: ClaimStatus | null
  updates: ClaimUpdateView[]
  /** The visitor's own conversation about this claim, if they have one. */
  conversationId: string | null
  /** Who the dealer filed the claim for: prefills "ask about this claim". */
  filedUnder: { name: string; email: string | null } | null
  /** The visitor may no longer follow it: its link was revoked or replaced. */
  lost?: boolean
}

/** Everything the panel shows; the controller derives it from core's stores. */
export interface WidgetState {
  view: View
  locale: Locale
  /** The texts of `locale`, once its catalog has loaded; `textsFailed` if it could not. */
  t: Translate | null
  textsFailed: boolean
  open: boolean
  prefill: PreChatPrefill
  starting: boolean
  error: string | null
  conversations: ConversationSummary[]
  activeId: string | null
  title: string
  /** The shown conversation as core last gave it (may be the previous one's until the new one loads: check `id`). */
  conversation?: ConversationView
  agent: AgentView | null
  messages: MessageView[]
  hasMore: boolean
  loadingOlder: boolean
  typing: (string | null)[]
  connection: Connection
  uploads: UploadView[]
  claim: ClaimState | null
  /** The access link the visitor is asked about before it moves them (view `link`). */
  link: AccessLinkPreview | null
  sound: boolean
  push: { state: PushState; preferences: { new_messages: boolean; claim_updates: boolean }; dismissed: boolean }
}

export const initialState = (locale: Locale): WidgetState => ({
  view: 'loading',
  locale,
  t: null,
  textsFailed: false,
  open: false,
  prefill: {},
  starting: false,
  error: null,
  conversations: [],
  activeId: null,
  title: '',
  agent: null,
  messages: [],
  hasMore: false,
  loadingOlder: false,
  typing: [],
  connection: 'idle',
  uploads: [],
  claim: null,
  link: null,
  sound: false,
  push: { state: 'unsupported', preferences: { new_messages: true, claim_updates: true }, dismissed: false }
})

/** How a slice of the controller reads and changes the one state. */
export interface StateAccess {
  get(): WidgetState
  set(change: Partial<WidgetState>): void
  /** Shows the error (and ends a pending start). */
  fail(error: unknown): void
}
