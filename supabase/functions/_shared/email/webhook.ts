/**
 * Resend signs its webhooks with Svix's documented scheme: HMAC-SHA256 over
 * `${svix-id}.${svix-timestamp}.${raw body}` with the base64 key after `whsec_`, sent as one
 * or more space-separated `v1,<base64>` values in `svix-signature`. Checked with WebCrypto's
 * HMAC verify (constant time); a timestamp more than 5 minutes off is refused (replay).
 */
export async function verifySvixSignature(
  secret: string,
  headers: Headers,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300
): Promise<boolean> {
  const id = headers.get('svix-id') ?? headers.get('webhook-id')
  const timestamp = headers.get('svix-timestamp') ?? headers.get('webhook-timestamp')
  const signatures = headers.get('svix-signature') ?? headers.get('webhook-signature')
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false
  const keyBytes = decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret)
  if (!keyBytes || keyBytes.length === 0) return false
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`)
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2)
    if (version !== 'v1' || !value) continue
    const signature = decodeBase64(value)
    if (signature && (await crypto.subtle.verify('HMAC', key, signature, signed))) return true
  }
  return false
}

function decodeBase64(value: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(value)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return null
  }
}

/** Addresses a verified Resend event says must not be mailed again, with why. */
export function suppressionsOf(event: unknown): { email: string; reason: 'bounced' | 'complained' }[] {
  if (typeof event !== 'object' || event === null) return []
  const { type, data } = event as { type?: unknown; data?: { to?: unknown } }
  const reason = type === 'email.bounced' ? 'bounced' : type === 'email.complained' ? 'complained' : null
  if (!reason) return []
  const to = Array.isArray(data?.to) ? data.to : typeof data?.to === 'string' ? [data.to] : []
  return to.filter((e): e is string => typeof e === 'string' && e.includes('@')).map((email) => ({ email, reason }))
}
