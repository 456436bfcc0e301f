import type { Attachment } from '@parley/core'
import { useEffect, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'

/** A private attachment: signed on demand, an image preview or a file link. */
export function AttachmentView({ file }: { file: Attachment }) {
  const { parley } = useStaff()
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    const sign = () =>
      parley.getAttachmentUrl(file).then(
        (signed) => live && setUrl(signed),
        () => undefined
      )
    void sign()
    // Signed URLs live ten minutes: the shown one is renewed before it goes stale.
    const renew = setInterval(sign, 8 * 60_000)
    return () => {
      live = false
      clearInterval(renew)
    }
  }, [file.path])
  if (!url)
    return (
      <span part="attachment" class="attachment">
        {file.name}
      </span>
    )
  return file.mime_type.startsWith('image/') ? (
    <a part="attachment" class="attachment image" href={url} target="_blank" rel="noopener noreferrer">
      <img src={url} alt={file.name} loading="lazy" />
    </a>
  ) : (
    <a part="attachment" class="attachment file" href={url} target="_blank" rel="noopener noreferrer">
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M6 2h8l6 6v14H6z M14 2v6h6" />
      </svg>
      {file.name}
    </a>
  )
}
