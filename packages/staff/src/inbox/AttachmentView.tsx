import type { Attachment } from '@parley/core'
import { AttachmentLink } from '@parley/widget/parts'
import { useEffect, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'

/** A private attachment, signed on demand and drawn as the widget draws it. */
export function AttachmentView({ file }: { file: Attachment }) {
  const { parley } = useStaff()
  const [url, setUrl] = useState<string>()
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
  return <AttachmentLink name={file.name} mimeType={file.mime_type} url={url} />
}
