import type { Attachment, Parley } from '@parley/core'
import { useEffect, useState } from 'preact/hooks'

/** A private attachment: signed on demand, shown inline when it is an image. */
export function AttachmentLink({ parley, file }: { parley: Parley; file: Attachment }) {
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
  if (!url) return <span>{file.name}</span>
  return file.mime_type.startsWith('image/') ? (
    <a href={url} target="_blank" rel="noreferrer">
      <img src={url} alt={file.name} />
    </a>
  ) : (
    <a href={url} target="_blank" rel="noreferrer">
      {file.name}
    </a>
  )
}
