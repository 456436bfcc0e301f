import type { ConversationStore, ParleyCustomer } from '@parley/core'
import { pushAvailable } from '@parley/core/web-push'
import { atom } from 'nanostores'
import { loadCatalog, translator } from '../i18n/messages.ts'
import type { Locale } from '../loader/config.ts'
import type { Bridge, Identity } from '../loader/contract.ts'
import type { PreChatValues } from '../ui/PreChatForm.tsx'
import type { AgentView, MessageView } from '../ui/types.ts'
import { attachmentUrls } from './attachment-urls.ts'
import { titleBadge } from './attention.ts'
import { chunk } from './chunk.ts'
import { createClaimSlice } from './claim.ts'
import { toMessageView } from './map-message.ts'
import { initialState, type View, type WidgetState } from './state.ts'
import type { VisitorStorage } from './visitor-storage.ts'

/** Server and browser clocks differ a little; a reply is news if newer than open minus this. */
const CLOCK_SKEW_MS = 5000

export interface ControllerOptions {
  parley: ParleyCustomer
  bridge: Pick<Bridge, 'config' | 'emit' | 'setUnread' | 'close'>
  visitor: VisitorStorage
}

/**
 * The connect layer: turns core's stores into the one WidgetState the components draw, and
 * the components' callbacks into core calls. Nothing here renders.
 */
export function createController({ parley, bridge, visitor }: ControllerOptions) {
  const { config } = bridge
  const record = visitor.read()
  // Decided here, cheaply, from the browser's permission and the visitor's record; the opt-in's
  // code loads when it is offered or settings open, and checks the subscription then.
  const fresh = (locale: Locale): WidgetState => {
    const state = initialState(locale)
    const permission = config.vapidKey && pushAvailable() ? Notification.permission : null
    const push = !permission
      ? 'unsupported'
      : permission === 'denied'
        ? 'denied'
        : permission === 'granted' && visitor.read().pushId
          ? 'subscribed'
          : 'default'
    return { ...state, push: { ...state.push, state: push } }
  }
  const initial = fresh(config.locale ?? 'en')
  const $state = atom<WidgetState>({ ...initial, sound: record.sound, push: { ...initial.push, dismissed: record.pushDismissed } })
  const urls = attachmentUrls(parley.getAttachmentUrl, renderMessages)
  let store: ConversationStore | undefined
  let releaseStore: (() => void) | undefined
  let seen = new Set<string>()
  let openedAt = 0
  let assignedAgent: AgentView | null = null
  let identity: Identity = {}
  // Conversations that already carry the current identity: identify() usually runs before a
  // returning visitor's conversation is restored, so it is applied when one is shown.
  let identified = new Set<string>()
  // The claim "ask about this claim" links the next started conversation to.
  let claimToAsk: string | null = null
  const cleanups: (() => void)[] = []
  // The tone is off by default: its code comes when the visitor turns it on (or a reply rings).
  const tone = chunk(() => import('./tone.ts'))
  // Attachments too: their code comes with the first file the visitor sends.
  const uploads = chunk(() => import('./uploads.ts'))

  const set = (change: Partial<WidgetState>) => $state.set({ ...$state.get(), ...change })
  /** The dealer's signature goes only with the e-mail it signed. */
  const signatureFor = (email: string) =>
    identity.signature && identity.email?.trim().toLowerCase() === email.trim().toLowerCase() ? identity.signature : null
  const applyIdentity = (id: string) => {
    if (identified.has(id) || !identity.name || !identity.email) return
    identified.add(id)
    void parley
      .updateCustomerDetails(id, {
        customer_name: identity.name,
        customer_email: identity.email,
        customer_phone: identity.phone ?? null,
        customer_signature: signatureFor(identity.email)
      })
      .catch(fail)
  }
  const problem = (error: unknown) => (error instanceof Error ? error.message : ($state.get().t?.('error') ?? String(error)))
  const fail = (error: unknown) => set({ error: problem(error), starting: false })
  const claims = createClaimSlice({ parley, get: () => $state.get(), set, onError: fail })

  /** Shows `locale`; its texts arrive with its catalog (the previous ones stay until then). */
  function showLocale(locale: Locale): void {
    set({ locale, textsFailed: false })
    chunk(() => loadCatalog(locale))().then(
      (catalog) => $state.get().locale === locale && set({ t: translator(catalog) }),
      (error: unknown) => {
        reportError(error)
        set({ textsFailed: true })
      }
    )
  }
  showLocale($state.get().locale)

  cleanups.push(
    parley.$unread.subscribe((count) => {
      bridge.setUnread(count)
      titleBadge(count)
      // Home shows each conversation's count: keep it current while it is on screen.
      if ($state.get().view === 'list') refreshList().catch(fail)
    }),
    parley.$connection.subscribe((connection) => set({ connection }))
  )

  function renderMessages(): void {
    if (!store) return
    const read = store.$read.get()
    const messages = store.$messages.get()
    const views: MessageView[] = []
    for (const message of messages) {
      views.push(toMessageView(message, read, urls.get))
      // History loaded on open is not news; only what arrives afterwards is announced.
      if (!seen.has(message.id) && message.delivery !== 'pending') {
        seen.add(message.id)
        if (message.sender_type === 'staff' && Date.parse(message.created_at) > openedAt)
          announce(message.content ?? '', message.sender_name)
      }
    }
    // Until the conversation says who is assigned, the last agent who wrote stands in.
    const lastAgent = views.findLast((view) => view.senderType === 'staff')
    set({ messages: views, agent: assignedAgent ?? (lastAgent ? { name: lastAgent.senderName, avatarUrl: null } : null) })
  }

  function announce(content: string, senderName: string | null): void {
    bridge.emit('message', { content, senderName })
    if ($state.get().sound) tone().then((module) => module.playTone(), reportError)
    if ($state.get().open && document.visibilityState === 'visible') void store?.markRead()
  }

  async function showConversation(id: string): Promise<void> {
    releaseStore?.()
    store = parley.conversation(id)
    const current = store
    visitor.write({ active: id })
    assignedAgent = null
    set({ activeId: id, view: 'chat', messages: [], typing: [], agent: null, error: null })
    applyIdentity(id)
    seen = new Set()
    openedAt = Date.now() - CLOCK_SKEW_MS
    const stops = [
      current.$messages.subscribe(renderMessages),
      current.$read.subscribe(renderMessages),
      current.$typing.subscribe((typing) => set({ typing: typing.map((indicator) => indicator.user_name) })),
      current.$hasMore.subscribe((hasMore) => set({ hasMore })),
      current.$conversation.subscribe((conversation) => {
        if (!conversation) return
        assignedAgent = conversation.assigned_agent
          ? { name: conversation.assigned_agent.display_name, avatarUrl: conversation.assigned_agent.avatar_url }
          : null
        set({ title: conversation.subject ?? '', conversation })
        renderMessages()
        if (conversation.claim_id) {
          claims.show(conversation.claim_id)
          claims.link(conversation.claim_id, conversation.id)
        }
      }),
      current.open()
    ]
    releaseStore = () => {
      for (const stop of stops) stop()
    }
    if ($state.get().open) void current.markRead()
  }

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
    if (linked?.claim_id && !$state.get().claim) {
      claims.show(linked.claim_id)
      claims.link(linked.claim_id, linked.id)
    }
  }

  /**
   * Restores the visitor's conversations: the live session if any, else their tokens. A
   * conversation's access link is redeemed at once only for a visitor with nothing of their
   * own (or for one of theirs): anyone else is first shown whose it is, as it may be someone
   * else's, and asked, so they never write into a stranger's conversation as "me".
   */
  async function restore(): Promise<void> {
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
  }

  /** Redeems the access link: its conversation or its claim, listed with the visitor's own. */
  async function openLink(): Promise<void> {
    // Only called with a link: core answers TOKEN_INVALID for the empty string.
    const token = config.token ?? ''
    const access = await parley.resumeConversation(token)
    if (access.conversation_id) {
      visitor.write({ tokens: { ...visitor.read().tokens, [access.conversation_id]: token } })
      return showConversation(access.conversation_id)
    }
    if (access.claim_id) return showClaimLink(access.claim_id)
    set({ view: 'form' })
  }

  /** The visitor's own conversations: the last one they had open, home when they have several. */
  async function showMine(): Promise<void> {
    const { active } = visitor.read()
    await refreshList()
    const list = $state.get().conversations
    const target = list.find((conversation) => conversation.id === active) ?? list[0]
    if (list.length > 1 && !active) return set({ view: 'list' })
    if (target) return showConversation(target.id)
    set({ view: 'form' })
  }

  /** A claim link: the claim itself, and the visitor's conversation about it if they have one. */
  async function showClaimLink(claimId: string): Promise<void> {
    claims.show(claimId)
    set({ view: 'claim' })
    if (!Object.keys(visitor.read().tokens).length) return
    await refreshList()
    const linked = $state.get().conversations.find((conversation) => conversation.claimId === claimId)
    if (linked) claims.link(claimId, linked.id)
  }

  const controller = {
    $state,
    restore,
    setOpen(open: boolean) {
      set({ open })
      if (open && store) void store.markRead()
    },
    setLocale: showLocale,
    identify(next: Identity) {
      // A new e-mail without a signature of its own must not travel with the old one.
      identity = { ...identity, ...next, signature: next.signature ?? (next.email === undefined ? identity.signature : undefined) }
      const emailSigned = Boolean(identity.email && identity.signature)
      set({ prefill: { ...$state.get().prefill, name: identity.name, email: identity.email, phone: identity.phone, emailSigned } })
      identified = new Set()
      const id = $state.get().activeId
      if (id) applyIdentity(id)
    },
    async start(values: PreChatValues & { subject?: string }) {
      set({ starting: true, error: null })
      try {
        const started = await parley.startConversation({
          organization_id: config.organization,
          customer_name: values.name,
          customer_email: values.email,
          customer_phone: values.phone || null,
          subject: values.subject ?? (document.title || null),
          warranty_id: config.warranty ?? null,
          claim_id: claimToAsk ?? config.claim ?? null,
          customer_signature: signatureFor(values.email),
          // For routing's page rules; the fragment may hold a token, never sent.
          page_url: location.href.split('#')[0]!.slice(0, 2000)
        })
        visitor.write({ tokens: { ...visitor.read().tokens, [started.conversation_id]: started.access_token } })
        claimToAsk = null
        set({ starting: false })
        // Started with the form's details: only an identify() after this updates them.
        identified.add(started.conversation_id)
        await showConversation(started.conversation_id)
        void refreshList()
      } catch (error) {
        fail(error)
      }
    },
    /**
     * "Ask about this claim": starts a conversation linked to the claim in one tap, with the
     * name and e-mail from identify() or else the ones the dealer filed the claim under; the
     * pre-chat form asks for whatever neither gives.
     */
    askAboutClaim() {
      const { claim, prefill, t } = $state.get()
      if (!claim) return
      claimToAsk = claim.id
      const name = prefill.name || claim.filedUnder?.name
      const email = prefill.email || claim.filedUnder?.email
      const subject = claim.number && t ? t('claim', { number: claim.number }) : undefined
      // The note beside the button says what tapping it agrees to.
      if (name && email) return controller.start({ name, email, phone: prefill.phone ?? '', consent: true, subject })
      set({ view: 'form', prefill: { ...prefill, name, email: email ?? undefined } })
    },
    send(text: string) {
      store?.send(text).catch(() => renderMessages())
    },
    retry(message: MessageView) {
      if (message.clientId) store?.retry(message.clientId).catch(() => renderMessages())
    },
    typing() {
      store?.notifyTyping()
    },
    async loadOlder() {
      if (!store || $state.get().loadingOlder) return
      set({ loadingOlder: true })
      await store.loadOlder().catch(fail)
      set({ loadingOlder: false })
    },
    files(files: File[]) {
      // The composer only shows in a conversation; should one be missing, say so rather
      // than leave chips that never upload.
      const current = store
      if (!current) return fail(null)
      uploads().then((module) => module.sendFiles(current, files, { get: $state.get, set, problem }), fail)
    },
    removeUpload(id: string) {
      uploads().then((module) => module.removeUpload(id, { get: $state.get, set }), fail)
    },
    show(view: View) {
      set({ view })
      if (view === 'list') void refreshList()
    },
    select(id: string) {
      void showConversation(id)
    },
    /** The visitor agreed to open the access link they were asked about. */
    openLink: () => openLink().then(refreshList, fail),
    /** The visitor kept to their own conversations: the link stays unredeemed. */
    keepMine: () => showMine().catch(fail),
    newConversation() {
      claimToAsk = null
      releaseStore?.()
      store = undefined
      visitor.write({ active: null })
      set({ view: 'form', activeId: null, messages: [] })
    },
    setSound(sound: boolean) {
      visitor.write({ sound })
      set({ sound })
      if (sound) tone().catch(reportError)
    },
    dismissPush() {
      visitor.write({ pushDismissed: true })
      set({ push: { ...$state.get().push, dismissed: true } })
    },
    setPush(push: Partial<WidgetState['push']>) {
      set({ push: { ...$state.get().push, ...push } })
    },
    close: () => bridge.close(),
    /** Forget the visitor: sign out, drop the stored tokens and the outbox. */
    async shutdown() {
      releaseStore?.()
      claims.release()
      store = undefined
      await parley.signOut().catch(() => undefined)
      visitor.clear()
      titleBadge(0)
      const { locale, t } = $state.get()
      $state.set({ ...fresh(locale), t, view: 'form' })
    },
    async destroy() {
      releaseStore?.()
      claims.release()
      urls.dispose()
      for (const stop of cleanups) stop()
      titleBadge(0)
      await parley.destroy()
    }
  }
  return controller
}

export type Controller = ReturnType<typeof createController>
