import type { EmailProvider, FetchLike, OutgoingEmail, SendOutcome } from './types.ts'

export const RESEND_API_URL = 'https://api.resend.com'

/**
 * Resend's `POST /emails`. 2xx is sent; 429 and 5xx are retried (Retry-After honoured); any
 * other answer is final (a bad address or a sender domain that is not verified will not get
 * better by retrying).
 */
export function resendProvider(options: { apiKey: string; baseUrl?: string; fetch?: FetchLike }): EmailProvider {
  const base = (options.baseUrl ?? RESEND_API_URL).replace(/\/+$/, '')
  const send = options.fetch ?? ((input, init) => fetch(input, init))
  return {
    name: 'resend',
    async send(message: OutgoingEmail): Promise<SendOutcome> {
      let response: Response
      try {
        response = await send(`${base}/emails`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            from: message.from,
            to: [message.to],
            subject: message.subject,
            text: message.text,
            html: message.html,
            headers: {
              'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
            }
          })
        })
      } catch (error) {
        return { outcome: 'retry', error: `resend unreachable: ${error instanceof Error ? error.message : String(error)}` }
      }
      const body = await response.text()
      if (response.ok) {
        const id = (() => {
          try {
            return (JSON.parse(body) as { id?: unknown }).id
          } catch {
            return undefined
          }
        })()
        return { outcome: 'sent', id: typeof id === 'string' ? id : null }
      }
      const error = `resend HTTP ${response.status}: ${body.slice(0, 300)}`
      if (response.status === 429 || response.status >= 500) {
        const retryAfter = Number(response.headers.get('retry-after'))
        return { outcome: 'retry', error, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined }
      }
      return { outcome: 'failed', error }
    }
  }
}
