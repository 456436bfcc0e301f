import { CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES, type ConversationStore } from '@parley/core'
import type { FunctionComponent } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import type { ComposerRequest } from './InboxView.tsx'
import type { QuickReplyPickerProps } from './QuickReplyPicker.tsx'
import { replaceToken, type SlashToken, slashTokenAt } from './slash-token.ts'

/**
 * Reply or internal note. Note mode is announced as note typing (`{ internal: true }`), which
 * only staff hear: the customer never sees that a note is being written. A `/` starting a word
 * opens the quick-reply picker (loaded then), whose choice lands here to edit before sending.
 */
export function Composer({
  store,
  request,
  conversationId
}: {
  store: ConversationStore
  request: ComposerRequest | null
  conversationId: string
}) {
  const { t, fail } = useStaff()
  const [text, setText] = useState('')
  const [internal, setInternal] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [token, setToken] = useState<SlashToken | null>(null)
  const [Picker, setPicker] = useState<FunctionComponent<QuickReplyPickerProps> | null>(null)
  // A `/word` closed with Escape stays closed while it is typed on; the next `/` opens again.
  const dismissed = useRef<number | null>(null)
  const caretAfterRender = useRef<number | null>(null)
  const field = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    const caret = caretAfterRender.current
    if (caret === null || !field.current) return
    caretAfterRender.current = null
    field.current.focus()
    field.current.setSelectionRange(caret, caret)
  })
  const openPicker = (found: SlashToken) => {
    setToken(found)
    if (!Picker) void import('./QuickReplyPicker.tsx').then((module) => setPicker(() => module.QuickReplyPicker), fail)
  }
  const backToField = (next: string, caret: number) => {
    setText(next)
    setToken(null)
    caretAfterRender.current = caret
  }
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
      {token && Picker && (
        <Picker
          conversationId={conversationId}
          query={text.slice(token.start, token.end)}
          onQuery={(query) => {
            const next = replaceToken(text, token, query)
            store.notifyTyping({ internal })
            // Deleting the `/` or typing a space leaves the search: the text goes on in the composer.
            if (!query.startsWith('/') || /\s/.test(query)) backToField(next.text, next.caret)
            else {
              setText(next.text)
              setToken({ start: token.start, end: next.caret })
            }
          }}
          onInsert={(filled) => {
            const next = replaceToken(text, token, filled)
            backToField(next.text, next.caret)
            store.notifyTyping({ internal })
          }}
          onClose={(refocus) => {
            dismissed.current = token.start
            setToken(null)
            if (refocus) caretAfterRender.current = token.end
          }}
        />
      )}
      <textarea
        ref={field}
        aria-label={t('reply')}
        placeholder={internal ? t('notePlaceholder') : t('replyPlaceholder')}
        value={text}
        onInput={(event) => {
          const { value, selectionStart } = event.currentTarget
          setText(value)
          store.notifyTyping({ internal })
          const found = slashTokenAt(value, selectionStart)
          if (!found) dismissed.current = null
          else if (found.start !== dismissed.current) openPicker(found)
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
