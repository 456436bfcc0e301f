import { CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES } from '@parley/core'
import { useRef, useState } from 'preact/hooks'
import { useI18n } from './i18n-context.ts'
import { lazy } from './lazy.tsx'
import type { UploadView } from './types.ts'

// Only drawn once the visitor picks, pastes or drops a file.
const Uploads = lazy(() => import('./Uploads.tsx').then((module) => module.Uploads))

export interface ComposerProps {
  disabled?: boolean
  uploads?: readonly UploadView[]
  onSend: (text: string) => void
  onFiles: (files: File[]) => void
  onTyping?: () => void
  onRemoveUpload?: (id: string) => void
  onRetryUpload?: (id: string) => void
}

/**
 * Multi-line input: Enter sends, Shift+Enter starts a new line (and Enter while an IME is
 * composing does neither). Files come from the button, paste or drag and drop.
 */
export function Composer({ disabled, uploads = [], onSend, onFiles, onTyping, onRemoveUpload, onRetryUpload }: ComposerProps) {
  const { t } = useI18n()
  const [text, setText] = useState('')
  const [dragging, setDragging] = useState(false)
  const picker = useRef<HTMLInputElement>(null)
  const send = () => {
    const content = text.trim()
    if (!content || disabled) return
    onSend(content)
    setText('')
  }
  const files = (list: FileList | null | undefined) => {
    const picked = Array.from(list ?? [])
    if (picked.length) onFiles(picked)
  }
  return (
    <form
      class={`composer${dragging ? ' dragging' : ''}`}
      onSubmit={(event) => {
        event.preventDefault()
        send()
      }}
      onDragOver={(event) => {
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault()
        setDragging(false)
        files(event.dataTransfer?.files)
      }}
    >
      {dragging && (
        <p class="drop" aria-hidden="true">
          {t('dropHere')}
        </p>
      )}
      {uploads.length > 0 && <Uploads uploads={uploads} onRemove={onRemoveUpload} onRetry={onRetryUpload} />}
      <div class="row">
        <button type="button" class="icon" aria-label={t('attach')} disabled={disabled} onClick={() => picker.current?.click()}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M21 11l-9 9a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8-8" />
          </svg>
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          accept={CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES.join()}
          onChange={(event) => {
            files(event.currentTarget.files)
            event.currentTarget.value = ''
          }}
        />
        <textarea
          rows={1}
          value={text}
          placeholder={t('placeholder')}
          aria-label={t('placeholder')}
          data-autofocus=""
          disabled={disabled}
          onInput={(event) => {
            setText(event.currentTarget.value)
            onTyping?.()
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault()
              send()
            }
          }}
          onPaste={(event) => {
            const pasted = event.clipboardData?.files
            if (pasted?.length) {
              event.preventDefault()
              files(pasted)
            }
          }}
        />
        <button type="submit" class="icon send" aria-label={t('send')} disabled={disabled || !text.trim()}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M3 20l18-8L3 4v6l12 2-12 2z" />
          </svg>
        </button>
      </div>
    </form>
  )
}
