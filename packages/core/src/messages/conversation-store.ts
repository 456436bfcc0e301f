import { atom, computed, onMount, type ReadableAtom } from 'nanostores'
import { attachments } from '../client/chunks.ts'
import type { Context } from '../client/context.ts'
import { liveTopic } from '../client/live-topic.ts'
import { fetchConversation } from '../conversations/fetch-conversation.ts'
import { withAgent } from '../conversations/with-agent.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import { requireUuid } from '../errors/validate.ts'
import type { Outbox } from '../outbox/outbox.ts'
import { markRead } from '../reads/mark-read.ts'
import type {
  ChatMessage,
  ConversationMessage,
  ConversationStore,
  ConversationView,
  OutboxEntry,
  ParleySession,
  ReadState,
  TypingIndicator
} from '../types/api.ts'
import { setTyping } from '../typing/set-typing.ts'
import { createTypingController } from '../typing/typing-controller.ts'
import { createTypingList } from '../typing/typing-list.ts'
import { catchUpMessages } from './catch-up.ts'
import { conversationOf, conversationTopic, isOwnTyping, parseConversationEvent } from './conversation-events.ts'
import { loadMessages } from './load-messages.ts'
import { createMessageList } from './message-list.ts'
import { pendingMessage } from './pending-message.ts'
import { sendMessage } from './send-message.ts'

function sent(row: ChatMessage): ConversationMessage {
  return { ...row, delivery: 'sent' }
}

/**
 * One conversation's live state. Opens (loads the latest page, joins the topic) when a store
 * gets its first listener or open() is called; closes with the last. Every (re)join, network
 * return and tab wake re-reads the database after the newest known row.
 */
export function createConversationStore(context: Context, outbox: Outbox, conversationId: string): ConversationStore {
  requireUuid(conversationId, 'conversationId')
  const list = createMessageList<ConversationMessage>()
  const failed = new Map<string, ConversationMessage>()
  const pendingCache = new Map<string, ConversationMessage>()
  const $messages = atom<readonly ConversationMessage[]>([])
  const $conversation = atom<ConversationView | null>(null)
  const $typing = atom<readonly TypingIndicator[]>([])
  const $read = atom<ReadState>({ customer: null, staff: null })
  const $hasMore = atom(true)
  const $unread: ReadableAtom<number> = computed([$conversation, context.$session], (conversation, session) =>
    session?.kind === 'staff' ? (conversation?.unread_count_staff ?? 0) : (conversation?.unread_count_customer ?? 0)
  )

  let session: ParleySession | null = null
  let loaded = false

  const typingList = createTypingList((typing) => $typing.set(typing))
  const typing = createTypingController({
    throttleMs: context.options.typingThrottleMs,
    idleMs: context.options.typingIdleMs,
    send: (isTyping, internal) => setTyping(context, conversationId, isTyping, internal),
    onError: (error) => live.$error.set(toParleyError(error))
  })

  function render(): void {
    const rows = list.rows()
    const extra: ConversationMessage[] = []
    const organizationId = $conversation.get()?.organization_id ?? ''
    for (const entry of outbox.$entries.get()) {
      if (entry.conversation_id !== conversationId || list.hasClientId(entry.client_id)) continue
      let pending = pendingCache.get(entry.client_id)
      if (!pending) {
        pending = pendingMessage(entry, session ?? context.$session.get(), organizationId)
        pendingCache.set(entry.client_id, pending)
      }
      extra.push(pending)
    }
    for (const message of failed.values()) if (!list.hasClientId(message.client_id ?? '')) extra.push(message)
    $messages.set(extra.length ? [...rows, ...extra] : rows)
  }

  function ingest(rows: readonly ChatMessage[]): void {
    if (list.ingest(rows.map(sent))) {
      for (const row of rows) if (row.client_id) pendingCache.delete(row.client_id)
    }
    render()
  }

  function applyConversation(next: ConversationView): void {
    const merged = withAgent({ ...$conversation.get(), ...next })
    $conversation.set(merged)
    $read.set({ customer: merged.customer_last_seen_at ?? $read.get().customer, staff: merged.staff_last_seen_at ?? $read.get().staff })
  }

  async function loadLatest(): Promise<void> {
    const rows = await loadMessages(context, conversationId, { limit: context.options.pageSize })
    $hasMore.set(rows.length === context.options.pageSize)
    loaded = true
    ingest(rows)
  }

  async function fetchNewer(): Promise<void> {
    const newest = list.newest()
    if (!newest) return loadLatest()
    await catchUpMessages(context, conversationId, newest, ingest, list.oldest())
  }

  function onEvent(name: string, payload: Record<string, unknown>, session: ParleySession): void {
    const event = parseConversationEvent(name, payload, conversationId)
    if (!event) return
    switch (event.type) {
      case 'message':
      case 'message_updated':
        ingest([event.message])
        break
      case 'typing':
        if (!isOwnTyping(session, event.indicator)) typingList.apply(event.indicator)
        break
      case 'read':
        $read.set({ ...$read.get(), [event.receipt.reader]: event.receipt.read_at })
        if (list.applyRead(event.receipt)) render()
        break
      case 'conversation_deleted':
        $conversation.set(null)
        $error.set(new ParleyError('NOT_FOUND', 'This conversation was deleted'))
        break
    }
    // A `conversation` event, or the state a message or read receipt carries.
    const state = conversationOf(name, payload)
    if (state?.id === conversationId) applyConversation(state as unknown as ConversationView)
  }

  const live = liveTopic(context, {
    topics: (current) => [conversationTopic(current, conversationId)],
    event: onEvent,
    async refresh(current) {
      session = current
      void outbox.flush()
      const [conversation] = await Promise.all([fetchConversation(context, current, conversationId), loaded ? fetchNewer() : loadLatest()])
      applyConversation(conversation)
      render()
    },
    start(current) {
      session = current
      outbox.bindUser(current.userId)
      return [
        outbox.$entries.listen(render),
        context.delivered.listen((row) => {
          if (row.conversation_id === conversationId) ingest([row])
        }),
        context.failed.listen(({ entry, error }) => {
          if (entry.conversation_id !== conversationId) return
          failed.set(entry.client_id, {
            ...pendingMessage(entry, current, $conversation.get()?.organization_id ?? ''),
            delivery: 'failed',
            error
          })
          render()
        })
      ]
    },
    stop() {
      typing.stop()
      typingList.clear()
    }
  })
  const { open, $loading, $error, refresh: catchUp } = live

  for (const store of [$messages, $conversation, $typing, $read, $hasMore, $loading, $error]) onMount(store, open)

  async function send(content: string, options: Parameters<ConversationStore['send']>[1] = {}): Promise<ChatMessage> {
    typing.stop()
    return sendMessage(context, outbox, { ...options, conversation_id: conversationId, content })
  }

  return {
    conversationId,
    $messages,
    $conversation,
    $typing,
    $read,
    $unread,
    $hasMore,
    $loading,
    $error,
    open,
    send,
    async sendFile(file, options = {}) {
      typing.stop()
      const input = { ...options, file, conversation_id: conversationId }
      return sendMessage(context, outbox, await (await attachments()).fileMessage(context, input, $conversation.get()?.organization_id))
    },
    retry(clientId) {
      const message = failed.get(clientId)
      if (!message) return Promise.reject(new ParleyError('NOT_FOUND', `No failed message with client id ${clientId}`))
      failed.delete(clientId)
      render()
      const { content, message_type, is_internal, attachments } = message
      return send(content, {
        client_id: clientId,
        message_type,
        is_internal,
        attachments: attachments as unknown as OutboxEntry['attachments']
      })
    },
    async loadOlder() {
      const oldest = list.oldest()
      if (!oldest) {
        await catchUp()
        return list.size
      }
      $loading.set(true)
      try {
        const before = list.size
        const rows = await loadMessages(context, conversationId, { before: oldest, limit: context.options.pageSize })
        $hasMore.set(rows.length === context.options.pageSize)
        ingest(rows)
        return list.size - before
      } catch (error) {
        const parley = toParleyError(error)
        $error.set(parley)
        throw parley
      } finally {
        $loading.set(false)
      }
    },
    notifyTyping: (options) => typing.keystroke(options?.internal),
    stopTyping: () => typing.stop(),
    async markRead() {
      const readAt = await markRead(context, conversationId)
      const current = session ?? (await context.requireSession())
      const reader = current.kind === 'staff' ? 'staff' : 'customer'
      $read.set({ ...$read.get(), [reader]: readAt })
      const conversation = $conversation.get()
      if (conversation) $conversation.set({ ...conversation, [reader === 'staff' ? 'unread_count_staff' : 'unread_count_customer']: 0 })
      if (list.applyRead({ conversation_id: conversationId, reader, read_at: readAt })) render()
    },
    catchUp
  }
}
