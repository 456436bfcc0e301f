import type { ConversationStore, ParleyCustomer } from '@parley/core'
import type { AgentView, MessageView } from '../ui/types.ts'
import { attachmentUrls } from './attachment-urls.ts'
import { chunk } from './chunk.ts'
import type { ClaimSlice } from './claim.ts'
import type { IdentitySlice } from './identity.ts'
import { toMessageView } from './map-message.ts'
import type { StateAccess } from './state.ts'
import type { VisitorStorage } from './visitor-storage.ts'

/** Server and browser clocks differ a little; a reply is news if newer than open minus this. */
const CLOCK_SKEW_MS = 5000

export interface MessagesOptions extends StateAccess {
  parley: Pick<ParleyCustomer, 'conversation' | 'getAttachmentUrl'>
  visitor: VisitorStorage
  identity: Pick<IdentitySlice, 'apply'>
  claims: Pick<ClaimSlice, 'show' | 'link'>
  /** What to tell the visitor about `error`. */
  problem(error: unknown): string
  /** A reply arrived while the conversation was shown. */
  announce(content: string, senderName: string | null): void
}

/**
 * The open conversation: core's ConversationStore drawn as `messages`, `agent`, `typing`,
 * `title` and `hasMore`, and the composer's sends and files. One conversation at a time.
 */
export function createMessages({ parley, visitor, identity, claims, get, set, fail, problem, announce }: MessagesOptions) {
  const urls = attachmentUrls(parley.getAttachmentUrl, render)
  // Attachments' code comes with the first file the visitor sends.
  const uploads = chunk(() => import('./uploads.ts'))
  let store: ConversationStore | undefined
  let release: (() => void) | undefined
  let seen = new Set<string>()
  let openedAt = 0
  let assignedAgent: AgentView | null = null

  function render(): void {
    if (!store) return
    const read = store.$read.get()
    const views: MessageView[] = []
    for (const message of store.$messages.get()) {
      views.push(toMessageView(message, read, urls.get))
      // History loaded on open is not news; only what arrives afterwards is announced.
      if (!seen.has(message.id) && message.delivery !== 'pending') {
        seen.add(message.id)
        if (message.sender_type === 'staff' && Date.parse(message.created_at) > openedAt) {
          announce(message.content ?? '', message.sender_name)
          if (get().open && document.visibilityState === 'visible') void store.markRead()
        }
      }
    }
    // Until the conversation says who is assigned, the last agent who wrote stands in.
    const lastAgent = views.findLast((view) => view.senderType === 'staff')
    set({ messages: views, agent: assignedAgent ?? (lastAgent ? { name: lastAgent.senderName, avatarUrl: null } : null) })
  }

  function close(): void {
    release?.()
    release = store = undefined
  }

  return {
    /** Opens conversation `id` and remembers it as the visitor's active one. */
    select(id: string): void {
      close()
      const current = parley.conversation(id)
      store = current
      visitor.write({ active: id })
      assignedAgent = null
      set({ activeId: id, view: 'chat', messages: [], typing: [], agent: null, error: null })
      identity.apply(id)
      seen = new Set()
      openedAt = Date.now() - CLOCK_SKEW_MS
      const stops = [
        current.$messages.subscribe(render),
        current.$read.subscribe(render),
        current.$typing.subscribe((typing) => set({ typing: typing.map((indicator) => indicator.user_name) })),
        current.$hasMore.subscribe((hasMore) => set({ hasMore })),
        current.$conversation.subscribe((conversation) => {
          if (!conversation) return
          assignedAgent = conversation.assigned_agent
            ? { name: conversation.assigned_agent.display_name, avatarUrl: conversation.assigned_agent.avatar_url }
            : null
          set({ title: conversation.subject ?? '', conversation })
          render()
          if (conversation.claim_id) {
            claims.show(conversation.claim_id)
            claims.link(conversation.claim_id, conversation.id)
          }
        }),
        current.open()
      ]
      release = () => {
        for (const stop of stops) stop()
      }
      if (get().open) void current.markRead()
    },
    /** The panel opened: what is on screen is read. */
    markRead(): void {
      void store?.markRead()
    },
    close,
    dispose(): void {
      close()
      urls.dispose()
    },
    send(text: string): void {
      store?.send(text).catch(render)
    },
    retry(message: MessageView): void {
      if (message.clientId) store?.retry(message.clientId).catch(render)
    },
    typing(): void {
      store?.notifyTyping()
    },
    async loadOlder(): Promise<void> {
      if (!store || get().loadingOlder) return
      set({ loadingOlder: true })
      await store.loadOlder().catch(fail)
      set({ loadingOlder: false })
    },
    files(files: File[]) {
      // The composer only shows in a conversation; should one be missing, say so rather
      // than leave chips that never upload.
      const current = store
      if (!current) return fail(null)
      uploads().then((module) => module.sendFiles(current, files, { get, set, problem }), fail)
    },
    removeUpload(id: string): void {
      uploads().then((module) => module.removeUpload(id, { get, set }), fail)
    },
    retryUpload(id: string): void {
      const current = store
      if (current) uploads().then((module) => module.retryUpload(current, id, { get, set, problem }), fail)
    }
  }
}

export type MessagesSlice = ReturnType<typeof createMessages>
