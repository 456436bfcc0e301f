import { CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES, type ConversationStore } from '@parley/core'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import type { ComposerRequest } from './InboxView.tsx'

/**
 * Reply or internal note. Note mode is announced as note typing (`{ internal: true }`), which
 * only staff hear: the customer never sees that a note is being written.
 */
export function Composer({ store, request }: { store: ConversationStore; request: ComposerRequest | null }) {
  const { t, fail } = useStaff()
  const [text, setText] = useState('')
  const [internal, setInternal] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const field = useRef<HTMLTextAreaElement>(null)
  const act = (work: Promise<unknown>) =>
    work.then(
      () => setProblem(null),
      (error: unknown) => setProblem(fail(error))
    )
  const switchMode = (note: boolean) => {
    setInternal(note)
    // Text already typed changes audience with the switch: a note stops showing to the customer.
    if (text) store.notifyTyping({ internal: note })
  }
  useEffect(() => {
    if (!request) return
    switchMode(request.mode === 'note')
    field.current?.focus()
  }, [request?.at])
  useEffect(() => () => store.stopTyping(), [store])
  const send = () => {
    const content = text.trim()
    if (!content) return
    setText('')
    void act(store.send(content, { is_internal: internal }))
  }
  return (
    <form
      part={internal ? 'composer composer-note' : 'composer'}
      class={`composer${internal ? ' note' : ''}`}
      onSubmit={(event) => {
        event.preventDefault()
        send()
      }}
    >
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <textarea
        ref={field}
        aria-label={t('reply')}
        placeholder={internal ? t('notePlaceholder') : t('replyPlaceholder')}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value)
          store.notifyTyping({ internal })
        }}
        onBlur={() => store.stopTyping()}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault()
            send()
          }
          // Back to the inbox's shortcuts without reaching for the mouse.
          if (event.key === 'Escape') event.currentTarget.blur()
        }}
      />
      <div class="composer-actions">
        <label class="inline">
          <input type="checkbox" checked={internal} onChange={(event) => switchMode(event.currentTarget.checked)} /> {t('internalNote')}
        </label>
        <label class="file">
          <span class="sr">{t('attach')}</span>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M16.5 6.5 8.6 14.4a1.5 1.5 0 0 0 2.1 2.1l8-8a3.5 3.5 0 0 0-5-5l-8 8a5.5 5.5 0 0 0 7.8 7.8l6.4-6.4" />
          </svg>
          <input
            type="file"
            aria-label={t('attach')}
            accept={CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES.join(',')}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0]
              if (file) void act(store.sendFile(file, { is_internal: internal }))
              event.currentTarget.value = ''
            }}
          />
        </label>
        <button type="submit" part="send" class="primary">
          {t('send')}
        </button>
      </div>
    </form>
  )
}
