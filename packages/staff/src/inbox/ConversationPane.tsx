import type { ChatConversation } from '@parley/core'
import { useEffect, useMemo, useRef } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import { useStore } from '../base/use-store.ts'
import { Composer } from './Composer.tsx'
import { DetailsPanel } from './DetailsPanel.tsx'
import type { ComposerRequest } from './InboxView.tsx'
import { MessageBubble } from './MessageBubble.tsx'

export interface PaneProps {
  conversation: ChatConversation
  request: ComposerRequest | null
  onBack: () => void
}

/** The open conversation: history (older pages on scroll), typing, composer, and details. */
export function ConversationPane({ conversation: listed, request, onBack }: PaneProps) {
  const { parley, t, fail } = useStaff()
  const store = useMemo(() => parley.conversation(listed.id), [listed.id])
  // The store's live row wins: it stays current after the conversation leaves the list's filter (resolved…).
  const live = useStore(store.$conversation)
  const conversation: ChatConversation = live?.id === listed.id ? { ...listed, ...live } : listed
  const messages = useStore(store.$messages)
  const typing = useStore(store.$typing)
  const read = useStore(store.$read)
  const hasMore = useStore(store.$hasMore)
  const loading = useStore(store.$loading)
  const log = useRef<HTMLDivElement>(null)
  const stick = useRef(true)
  useEffect(() => store.open(), [store])
  useEffect(() => {
    void store.markRead().catch(() => undefined)
    // Follow new messages when the agent is at the bottom; keep the place when reading back.
    if (stick.current && log.current) log.current.scrollTop = log.current.scrollHeight
  }, [store, messages.length])
  const loadOlder = () => {
    const box = log.current
    if (!box || loading || !hasMore) return
    const fromBottom = box.scrollHeight - box.scrollTop
    void store.loadOlder().then(() => {
      box.scrollTop = box.scrollHeight - fromBottom
    }, fail)
  }
  const customerRead = read.customer === null ? 0 : Date.parse(read.customer)
  const typist = typing[0]
  return (
    <>
      <section part="conversation" class="conversation" aria-label={t('conversationWith', { name: conversation.customer_name })}>
        <header class="conversation-head">
          <button type="button" class="back" onClick={onBack}>
            <span aria-hidden="true">← </span>
            {t('inbox')}
          </button>
          <h2>{conversation.customer_name}</h2>
        </header>
        <div
          ref={log}
          part="messages"
          class="messages"
          role="log"
          aria-live="polite"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling history must be reachable from the keyboard (axe: scrollable-region-focusable).
          tabIndex={0}
          onScroll={(event) => {
            const box = event.currentTarget
            stick.current = box.scrollHeight - box.scrollTop - box.clientHeight < 40
            if (box.scrollTop < 60) loadOlder()
          }}
        >
          {hasMore && (
            <button type="button" class="older" onClick={loadOlder} disabled={loading}>
              {t('olderMessages')}
            </button>
          )}
          {messages.map((message) => (
            <MessageBubble
              key={message.client_id ?? message.id}
              message={message}
              seen={message.read_by_customer || Date.parse(message.created_at) <= customerRead}
              onRetry={() => void store.retry(message.client_id!).catch(fail)}
            />
          ))}
        </div>
        <p part="typing" class="typing muted" aria-live="polite">
          {typist ? t(typist.is_internal ? 'isWritingNote' : 'isTyping', { name: typist.user_name ?? t('customer') }) : ''}
        </p>
        <Composer store={store} request={request} conversationId={conversation.id} />
      </section>
      <DetailsPanel conversation={conversation} />
    </>
  )
}
