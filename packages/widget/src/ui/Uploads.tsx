import { UPLOADS_CSS } from '../styles/uploads.css.ts'
import { useI18n } from './i18n-context.ts'
import { useStyles } from './styles-context.ts'
import type { UploadView } from './types.ts'

export interface UploadsProps {
  uploads: readonly UploadView[]
  onRemove?: (id: string) => void
  onRetry?: (id: string) => void
}

/** Files on their way: a preview or icon, progress, and labelled remove (and, failed, retry) buttons. */
export function Uploads({ uploads, onRemove, onRetry }: UploadsProps) {
  useStyles(UPLOADS_CSS)
  const { t } = useI18n()
  return (
    <ul class="uploads">
      {uploads.map((upload) => (
        <li key={upload.id} class={upload.error ? 'error' : undefined}>
          {upload.previewUrl ? <img src={upload.previewUrl} alt="" /> : <span class="fileicon" aria-hidden="true" />}
          <span class="name">{upload.error ?? upload.name}</span>
          {!upload.error && <progress max={1} value={upload.progress} aria-label={upload.name} />}
          {upload.error && !upload.refused && onRetry && (
            <button type="button" class="link" aria-label={t('retryFile', { name: upload.name })} onClick={() => onRetry(upload.id)}>
              {t('retry')}
            </button>
          )}
          {onRemove && (
            <button
              type="button"
              class="icon small"
              aria-label={t('removeFile', { name: upload.name })}
              onClick={() => onRemove(upload.id)}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M6 6l12 12M18 6L6 18" />
              </svg>
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}
