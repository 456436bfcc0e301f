import type { ParleyCustomer } from '@parley/core'
import type { WidgetConfig } from '../loader/config.ts'
import type { ClaimSlice } from './claim.ts'
import type { MessagesSlice } from './messages.ts'
import type { StateAccess } from './state.ts'
import type { VisitorStorage } from './visitor-storage.ts'

export interface RestoreOptions extends StateAccess {
  parley: Pick<ParleyCustomer, 'getSession' | 'resumeConversation' | 'peekAccessToken' | 'listConversations'>
  config: Pick<WidgetConfig, 'token'>
  visitor: VisitorStorage
  claims: { show(claimId: string): Promise<void> | void; link: ClaimSlice['link'] }
  messages: Pick<MessagesSlice, 'select'>
}

/**
 * What the visitor comes back to: their conversations (home, `conversations`), the one they
 * had open, and the access link the page was opened with.
 */
export function createRestore({ parley, config, visitor, claims, messages, get, set, fail }: RestoreOptions) {
  async function refreshList(): Promise<void> {
    const rows = await parley.listConversations()
    set({
      conversations: rows.map((row) => ({
        id: row.id,
        title: row.subject ?? '',
        lastMessageAt: row.last_message_at,
        unread: row.unread_count_customer ?? 0,
        status: row.status,
        claimId: row.claim_id
      }))
    })
    // Home lists the claim the visitor's conversations are about, live (one claim at a time).
    const linked = rows.find((row) => row.claim_id)
    if (linked?.claim_id && !get().claim) {
      await claims.show(linked.claim_id)
      claims.link(linked.claim_id, linked.id)
    }
  }

  /** Redeems the access link: its conversation or its claim, listed with the visitor's own. */
  async function openLink(): Promise<void> {
    // Only called with a link: core answers TOKEN_INVALID for the empty string.
    const token = config.token ?? ''
    const access = await parley.resumeConversation(token)
    if (access.conversation_id) {
      visitor.write({ tokens: { ...visitor.read().tokens, [access.conversation_id]: token } })
      return messages.select(access.conversation_id)
    }
    if (access.claim_id) return showClaimLink(access.claim_id)
    set({ view: 'form' })
  }

  /** The visitor's own conversations: the last one they had open, home when they have several. */
  async function showMine(): Promise<void> {
    const { active } = visitor.read()
    await refreshList()
    const list = get().conversations
    const target = list.find((conversation) => conversation.id === active) ?? list[0]
    if (list.length > 1 && !active) return set({ view: 'list' })
    if (target) return messages.select(target.id)
    set({ view: 'form' })
  }

  /** A claim link: the claim itself, and the visitor's conversation about it if they have one. */
  async function showClaimLink(claimId: string): Promise<void> {
    await claims.show(claimId)
    set({ view: 'claim' })
    if (!Object.keys(visitor.read().tokens).length) return
    await refreshList()
    const linked = get().conversations.find((conversation) => conversation.claimId === claimId)
    if (linked) claims.link(claimId, linked.id)
  }

  return {
    refreshList,
    /**
     * Restores the visitor's conversations: the live session if any, else their tokens. A
     * conversation's access link is redeemed at once only for a visitor with nothing of their
     * own (or for one of theirs): anyone else is first shown whose it is, as it may be someone
     * else's, and asked, so they never write into a stranger's conversation as "me".
     */
    async restore(): Promise<void> {
      const mine = Object.values(visitor.read().tokens)
      const link = config.token
      try {
        if (link && (!mine.length || mine.includes(link))) return await openLink()
        if (!mine.length) return set({ view: 'form' })
        const session = await parley.getSession()
        if (!session) for (const token of mine) await parley.resumeConversation(token).catch(() => undefined)
        const preview = link && (await parley.peekAccessToken(link).catch(fail))
        // A claim link only shows the claim (their own conversations stay theirs): no need to ask.
        if (preview) return preview.kind === 'claim' ? await openLink() : set({ view: 'link', link: preview })
        await showMine()
      } catch (error) {
        set({ view: 'form' })
        fail(error)
      }
    },
    /** The visitor agreed to open the access link they were asked about. */
    openLink: () => openLink().then(refreshList, fail),
    /** The visitor kept to their own conversations: the link stays unredeemed. */
    keepMine: () => showMine().catch(fail)
  }
}
