import type { Attachment, ConversationMessage } from '@parley/core'
import { formatTime } from '@parley/widget/dates'
import { DeliveryMark } from '@parley/widget/parts'
import { useStaff } from '../base/context.ts'
import { AttachmentView } from './AttachmentView.tsx'

/** One message; internal notes get their own colour, border, label and part. */
export function MessageBubble({ message, seen, onRetry }: { message: ConversationMessage; seen: boolean; onRetry: () => void }) {
  const { t, locale } = useStaff()
  if (message.sender_type === 'system')
    return (
      <p part="system" class="system">
        {message.content}
      </p>
    )
  const kind = message.is_internal ? 'note' : message.sender_type
  // Ticks are for what the customer sees; a note only says while it is sending or failed.
  const ticked = message.sender_type === 'staff' && !message.is_internal
  const mark = message.delivery !== 'sent' ? message.delivery : ticked ? (seen ? 'read' : 'sent') : null
  return (
    <article
      part={`message message-${kind}`}
      class={`message ${kind}`}
      aria-label={message.is_internal ? t('internalNoteBadge') : undefined}
    >
      {message.is_internal && (
        <p class="note-label">
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M7 10V7a5 5 0 0 1 10 0v3h2v12H5V10zm2 0h6V7a3 3 0 0 0-6 0z" />
          </svg>
          {t('internalNoteBadge')}
        </p>
      )}
      {message.content && <p class="text">{message.content}</p>}
      {(message.attachments as unknown as Attachment[]).map((file) => (
        <AttachmentView key={file.path} file={file} />
      ))}
      <p class="meta">
        {message.sender_name} · <time dateTime={message.created_at}>{formatTime(message.created_at, locale)}</time>
        {mark && (
          <>
            {' · '}
            <DeliveryMark state={mark} t={t} onRetry={onRetry} />
          </>
        )}
      </p>
    </article>
  )
}
