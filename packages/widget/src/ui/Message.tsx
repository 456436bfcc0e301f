import { formatTime } from '../i18n/dates.ts'
import { useI18n } from './i18n-context.ts'
import type { MessageView } from './types.ts'

export interface MessageProps {
  message: MessageView
  onRetry: (message: MessageView) => void
}

/** One message: text, attachments, time and, for the visitor's own, its delivery state. */
export function Message({ message, onRetry }: MessageProps) {
  const { t, locale } = useI18n()
  if (message.senderType === 'system' || message.kind === 'status_update' || message.kind === 'system') {
    return <p class="system">{message.content}</p>
  }
  const state = message.delivery === 'failed' ? 'failed' : message.delivery === 'pending' ? 'pending' : message.read ? 'read' : 'sent'
  return (
    <div class={`message ${message.mine ? 'mine' : 'theirs'}`} data-state={state}>
      {!message.mine && <p class="sender">{message.senderName ?? t('agent')}</p>}
      <div class="bubble">
        {message.content && <p class="text">{message.content}</p>}
        {message.attachments.map((file) =>
          file.mimeType.startsWith('image/') && file.url ? (
            <a class="image" href={file.url} target="_blank" rel="noopener noreferrer" key={file.name}>
              <img src={file.url} alt={file.name} loading="lazy" />
            </a>
          ) : (
            <a
              class="file"
              href={file.url}
              target="_blank"
              rel="noopener noreferrer"
              key={file.name}
              aria-disabled={file.url ? undefined : 'true'}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M6 2h8l6 6v14H6z M14 2v6h6" />
              </svg>
              <span>{file.name}</span>
            </a>
          )
        )}
      </div>
      <p class="meta">
        <time dateTime={message.createdAt}>{formatTime(message.createdAt, locale)}</time>
        {message.mine && state === 'pending' && <span class="tick">{t('sending')}</span>}
        {message.mine && (state === 'sent' || state === 'read') && (
          <span class={`tick ${state}`} title={t(state === 'read' ? 'read' : 'delivered')}>
            <svg viewBox="0 0 24 16" aria-hidden="true">
              <path d="M1 8l4 4 8-8" />
              {state === 'read' && <path d="M9 12l8-8" />}
            </svg>
            <span class="sr">{t(state === 'read' ? 'read' : 'delivered')}</span>
          </span>
        )}
        {message.mine && state === 'failed' && (
          <span class="failed">
            {t('failed')}{' '}
            <button type="button" class="link" onClick={() => onRetry(message)}>
              {t('retry')}
            </button>
          </span>
        )}
      </p>
    </div>
  )
}
