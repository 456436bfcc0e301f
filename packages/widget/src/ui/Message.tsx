import { formatTime } from '../i18n/dates.ts'
import { useI18n } from './i18n-context.ts'
import { AttachmentLink } from './parts/AttachmentLink.tsx'
import { DeliveryMark } from './parts/DeliveryMark.tsx'
import type { MessageView } from './types.ts'

export interface MessageProps {
  message: MessageView
  onRetry: (message: MessageView) => void
  /** Sends wait for the network: a pending message says so rather than "Sending…". */
  offline?: boolean
}

/** One message: text, attachments, time and, for the visitor's own, its delivery state. */
export function Message({ message, onRetry, offline }: MessageProps) {
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
        {message.attachments.map((file) => (
          <AttachmentLink key={file.name} {...file} />
        ))}
      </div>
      <p class="meta">
        <time dateTime={message.createdAt}>{formatTime(message.createdAt, locale)}</time>
        {message.mine && (
          <DeliveryMark state={state} t={(key) => t(offline && key === 'sending' ? 'waiting' : key)} onRetry={() => onRetry(message)} />
        )}
      </p>
    </div>
  )
}
