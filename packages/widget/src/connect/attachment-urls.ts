/** Seconds each signed attachment URL lives: short, since it outlives the visitor's access. */
export const ATTACHMENT_URL_LIFETIME = 600
/** Renewed when this share of its lifetime has passed, so a shown link never goes stale. */
const RENEW_AT = 0.8

export interface AttachmentUrls {
  /** The URL to show for `path`, signing it first or again when due; undefined until signed. */
  get(path: string): string | undefined
  dispose(): void
}

/**
 * Signed URLs of the attachments on screen. A URL is renewed once most of its life has
 * passed: `changed` is called then (so the screen asks again through `get`) and whenever a
 * new URL arrives. The previous URL stays shown until its replacement is signed.
 */
export function attachmentUrls(sign: (path: string, expiresIn: number) => Promise<string>, changed: () => void): AttachmentUrls {
  const urls = new Map<string, { url: string; renewAt: number }>()
  const signing = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  function schedule(): void {
    clearTimeout(timer)
    const now = Date.now()
    // Only URLs not yet due: one that is due and no longer asked for must not wake us again.
    const next = Math.min(...[...urls.values()].map((entry) => entry.renewAt).filter((at) => at > now))
    if (Number.isFinite(next)) timer = setTimeout(changed, next - now)
  }

  function renew(path: string): void {
    signing.add(path)
    sign(path, ATTACHMENT_URL_LIFETIME).then(
      (url) => {
        signing.delete(path)
        if (disposed) return
        urls.set(path, { url, renewAt: Date.now() + ATTACHMENT_URL_LIFETIME * 1000 * RENEW_AT })
        schedule()
        changed()
      },
      () => signing.delete(path)
    )
  }

  return {
    get(path) {
      const entry = urls.get(path)
      if (!disposed && !signing.has(path) && (!entry || entry.renewAt <= Date.now())) renew(path)
      return entry?.url
    },
    dispose() {
      disposed = true
      clearTimeout(timer)
    }
  }
}
