/** Seconds each signed attachment URL lives: short, since it outlives the visitor's access. */
export const ATTACHMENT_URL_LIFETIME = 600
/** A shown URL is renewed once 80 % of its life has passed, so a link on screen never goes stale. */
const RENEW_AFTER_MS = ATTACHMENT_URL_LIFETIME * 800

export interface AttachmentUrls {
  /** The URL to show for `path`, signing it first or again when due; undefined until signed. */
  get(path: string): string | undefined
  dispose(): void
}

/**
 * Signed URLs of the attachments on screen. `changed` is called when a URL arrives and when
 * it is due for renewal, so the screen asks again through `get`, which renews what it still
 * shows (a due URL nobody asks for is left alone). The old URL stays until the new one comes.
 * Once disposed, nothing calls `changed` again, so nothing is asked for or renewed.
 */
export function attachmentUrls(sign: (path: string, expiresIn: number) => Promise<string>, changed: () => void): AttachmentUrls {
  // `due` is when to sign again: Infinity while a signature is on its way, 0 after a failure.
  const urls = new Map<string, { url?: string; due: number }>()
  return {
    get(path) {
      const entry = urls.get(path)
      if (!(entry && entry.due > Date.now())) {
        urls.set(path, { ...entry, due: Infinity })
        sign(path, ATTACHMENT_URL_LIFETIME).then(
          (url) => {
            urls.set(path, { url, due: Date.now() + RENEW_AFTER_MS })
            setTimeout(() => changed(), RENEW_AFTER_MS)
            changed()
          },
          () => urls.set(path, { ...entry, due: 0 })
        )
      }
      return entry?.url
    },
    dispose() {
      changed = () => undefined
    }
  }
}
