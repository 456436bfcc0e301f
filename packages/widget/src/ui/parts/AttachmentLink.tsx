export interface AttachmentLinkProps {
  name: string
  mimeType: string
  /** The signed URL; while it is being signed the file shows by name, not yet a link. */
  url?: string | undefined
}

/** A message's file: images as a preview, other files as a named link. */
export function AttachmentLink({ name, mimeType, url }: AttachmentLinkProps) {
  return url && mimeType.startsWith('image/') ? (
    <a part="attachment" class="attachment image" href={url} target="_blank" rel="noopener noreferrer">
      <img src={url} alt={name} loading="lazy" />
    </a>
  ) : (
    <a
      part="attachment"
      class="attachment file"
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      aria-disabled={url ? undefined : 'true'}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M6 2h8l6 6v14H6z M14 2v6h6" />
      </svg>
      <span>{name}</span>
    </a>
  )
}
