import type { ParleyCustomer, ParleyError } from '@parley/core'
import { atom } from 'nanostores'
import { loadCatalog, translator } from '../i18n/messages.ts'
import type { Locale } from '../loader/config.ts'
import type { Bridge } from '../loader/contract.ts'
import type { PreChatValues } from '../ui/PreChatForm.tsx'
import { createAlerts } from './alerts.ts'
import { chunk } from './chunk.ts'
import type { ClaimSlice } from './claim.ts'
import { createIdentitySlice } from './identity.ts'
import { createMessages } from './messages.ts'
import { createPushState } from './push-state.ts'
import { createRestore } from './restore.ts'
import { initialState, type StateAccess, type View, type WidgetState } from './state.ts'
import type { VisitorStorage } from './visitor-storage.ts'

export interface ControllerOptions {
  parley: ParleyCustomer
  bridge: Pick<Bridge, 'config' | 'emit' | 'setUnread' | 'close'>
  visitor: VisitorStorage
}

/**
 * The connect layer: turns core's stores into the one WidgetState the components draw, and
 * the components' callbacks into core calls. Nothing here renders. Each concern is a slice
 * with its own file and tests (restore, identity, messages, claim, alerts, push state); this
 * wires them together and starts conversations.
 */
export function createController({ parley, bridge, visitor }: ControllerOptions) {
  const { config } = bridge
  const $state = atom<WidgetState>(initialState(config.locale ?? 'en'))
  const get = $state.get
  const set = (change: Partial<WidgetState>) => $state.set({ ...get(), ...change })
  // Core's messages are English and for developers. A revoked or replaced link is the
  // visitor's to understand; the prompts that can help (the pre-chat form, the rating) word
  // their codes; any other failure reads as the visitor's general sentence.
  const problem = (error: unknown, t = get().t) =>
    t && (error as ParleyError)?.code === 'TOKEN_INVALID' ? t('linkInvalid') : (t?.('error') ?? String(error))
  const fail = (error: unknown) => set({ error: problem(error), starting: false })
  const access: StateAccess = { get, set, fail }
  const push = createPushState({ config, visitor, get, set })
  const fresh = (locale: Locale): WidgetState => {
    const state = initialState(locale)
    return { ...state, push: { ...state.push, state: push.initial() } }
  }
  const record = visitor.read()
  const initial = fresh(config.locale ?? 'en')
  $state.set({ ...initial, sound: record.sound, push: { ...initial.push, dismissed: record.pushDismissed } })

  // The claim's slice comes with the first claim shown (a claim link, or a conversation about one).
  let claimSlice: ClaimSlice | undefined
  const loadClaims = chunk(() =>
    import('./claim.ts').then((module) => (claimSlice = module.createClaimSlice({ parley, get, set, onError: fail })))
  )
  const claims = {
    /** Resolves once the claim is in the state. */
    show: (id: string) => loadClaims().then((slice) => slice.show(id), fail),
    link: (id: string, conversationId: string) => void loadClaims().then((slice) => slice.link(id, conversationId), fail),
    release: () => claimSlice?.release()
  }
  const identity = createIdentitySlice({ parley, ...access })
  // Home shows each conversation's count: keep it current while it is on screen.
  const alerts = createAlerts({
    parley,
    bridge,
    visitor,
    get,
    set,
    onUnread: () => get().view === 'list' && home.refreshList().catch(fail)
  })
  const messages = createMessages({ parley, visitor, identity, claims, ...access, problem, announce: alerts.announce })
  const home = createRestore({ parley, config, visitor, claims, messages, ...access })
  // The claim "ask about this claim" links the next started conversation to.
  let claimToAsk: string | null = null
  const stopConnection = parley.$connection.subscribe((connection) => set({ connection }))

  /** Shows `locale`; its texts arrive with its catalog (the previous ones stay until then). */
  function showLocale(locale: Locale): void {
    set({ locale, textsFailed: false })
    chunk(() => loadCatalog(locale))().then(
      (catalog) => get().locale === locale && set({ t: translator(catalog) }),
      (error: unknown) => {
        reportError(error)
        set({ textsFailed: true })
      }
    )
  }
  showLocale(get().locale)

  const controller = {
    $state,
    ...messages,
    ...home,
    setOpen(open: boolean) {
      set({ open })
      if (open) messages.markRead()
    },
    setLocale: showLocale,
    identify: identity.identify,
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
          customer_signature: identity.signatureFor(values.email),
          // For routing's page rules; the fragment may hold a token, never sent.
          page_url: location.href.split('#')[0]!.slice(0, 2000)
        })
        visitor.write({ tokens: { ...visitor.read().tokens, [started.conversation_id]: started.access_token } })
        claimToAsk = null
        set({ starting: false })
        identity.started(started.conversation_id)
        messages.select(started.conversation_id)
        void home.refreshList()
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
      const { claim, prefill, t } = get()
      if (!claim) return
      claimToAsk = claim.id
      const name = prefill.name || claim.filedUnder?.name
      const email = prefill.email || claim.filedUnder?.email
      const subject = claim.number && t ? t('claim', { number: claim.number }) : undefined
      // The note beside the button says what tapping it agrees to.
      if (name && email) return controller.start({ name, email, phone: prefill.phone ?? '', consent: true, subject })
      set({ view: 'form', prefill: { ...prefill, name, email: email ?? undefined } })
    },
    show(view: View) {
      set({ view })
      if (view === 'list') void home.refreshList()
    },
    newConversation() {
      claimToAsk = null
      messages.close()
      visitor.write({ active: null })
      set({ view: 'form', activeId: null, messages: [] })
    },
    setSound: alerts.setSound,
    dismissPush: push.dismiss,
    setPush: push.update,
    close: () => bridge.close(),
    /** Forget the visitor: sign out, drop the stored tokens and the outbox. */
    async shutdown() {
      messages.close()
      claims.release()
      await parley.signOut().catch(() => undefined)
      visitor.clear()
      alerts.clear()
      const { locale, t } = get()
      $state.set({ ...fresh(locale), t, view: 'form' })
    },
    async destroy() {
      messages.dispose()
      claims.release()
      stopConnection()
      alerts.clear(true)
      await parley.destroy()
    }
  }
  return controller
}

export type Controller = ReturnType<typeof createController>
