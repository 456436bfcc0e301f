import type { ChatConversation } from '@parley/core'
import type { FunctionComponent } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import type { ViewProps } from '../base/parley-element.tsx'
import { useStore } from '../base/use-store.ts'
import { ConversationList } from './ConversationList.tsx'
import type { ParleyInbox } from './element.ts'
import { commandFor, fieldToLeave, type InboxCommand, neighbour } from './keyboard.ts'
import { useAttention } from './use-attention.ts'

/** A request from a shortcut to the open conversation's composer; `at` makes each press new. */
export interface ComposerRequest {
  mode: 'reply' | 'note'
  at: number
}

type Lazy<T> = FunctionComponent<T> | null

/** The inbox: the list, and (loaded on first open) the conversation and its details. */
export default function InboxView({ host }: ViewProps<ParleyInbox>) {
  const { parley, profile, fail, t } = useStaff()
  const inbox = useMemo(() => parley.inbox({ status: 'active' }), [parley])
  const conversations = useStore(inbox.$conversations)
  const error = useStore(inbox.$error)
  const selected = host.conversationId
  const [Pane, setPane] = useState<Lazy<import('./ConversationPane.tsx').PaneProps>>(null)
  const [Help, setHelp] = useState<Lazy<{ onClose: () => void }>>(null)
  const [helpOpen, setHelpOpen] = useState(false)
  const [request, setRequest] = useState<ComposerRequest | null>(null)
  const search = useRef<HTMLInputElement>(null)
  useEffect(() => inbox.open(), [inbox])
  useEffect(() => {
    if (error) fail(error)
  }, [error])
  useAttention(inbox, profile.id, host)
  useEffect(() => {
    if (selected && !Pane) void import('./ConversationPane.tsx').then((module) => setPane(() => module.ConversationPane), fail)
  }, [selected])

  // Keep the open conversation on screen when it leaves the filtered list (resolved, a
  // refresh in flight) instead of closing it under the agent's hands.
  const shown = useRef<ChatConversation | null>(null)
  const found = conversations.find((conversation) => conversation.id === selected)
  if (found) shown.current = found
  // A deep link (conversation-id, a notification) may name one the filters hide, e.g. resolved:
  // its own store reads the row, so it opens anyway.
  const [outside, setOutside] = useState<ChatConversation | null>(null)
  useEffect(() => {
    if (!selected || found) return
    return parley.conversation(selected).$conversation.subscribe((row) => setOutside(row?.customer_name ? (row as ChatConversation) : null))
  }, [selected, Boolean(found)])
  const current = found ?? (shown.current?.id === selected ? shown.current : outside?.id === selected ? outside : null)

  const run = (command: InboxCommand) => {
    const ids = conversations.map((conversation) => conversation.id)
    switch (command) {
      case 'next':
      case 'previous': {
        const id = neighbour(ids, selected, command === 'next' ? 1 : -1)
        if (id) {
          host.open(id)
          host.shadowRoot?.getElementById(`row-${id}`)?.focus()
        }
        return
      }
      case 'reply':
      case 'note':
        return current && setRequest({ mode: command, at: Date.now() })
      case 'resolve':
        return current && void parley.resolveConversation(current.id).catch(fail)
      case 'assign':
        return current && void parley.assignConversation(current.id, profile.id).catch(fail)
      case 'search':
        return search.current?.focus()
      case 'help':
        if (!Help) void import('./ShortcutsOverlay.tsx').then((module) => setHelp(() => module.ShortcutsOverlay), fail)
        return setHelpOpen(true)
    }
  }
  const runRef = useRef(run)
  runRef.current = run
  useEffect(() => {
    // On the document, so shortcuts work wherever focus is on the page (outside text fields).
    const onKey = (event: KeyboardEvent) => {
      const path = event.composedPath()
      // Escape leaves any of the inbox's fields (filters, details) for the shortcuts, as it does the composer.
      if (path.includes(host)) fieldToLeave(event, path[0] ?? null)?.blur()
      const command = commandFor(event, path[0] ?? null)
      if (!command) return
      event.preventDefault()
      runRef.current(command)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div part="layout" class={`layout${current ? ' has-open' : ''}`}>
      <ConversationList inbox={inbox} selected={selected} onSelect={(id) => host.open(id)} searchRef={search} />
      {current && Pane ? (
        <Pane key={current.id} conversation={current} request={request} onBack={() => (host.conversationId = null)} />
      ) : (
        <p class="notice empty" part="empty">
          {selected ? t('loading') : t('selectConversation')}
        </p>
      )}
      {helpOpen && Help && <Help onClose={() => setHelpOpen(false)} />}
    </div>
  )
}
