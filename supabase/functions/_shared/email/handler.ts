import { PushError } from '../push/errors.ts'
import { CORS_HEADERS, handle, json, sameSecret } from '../push/http.ts'
import type { Rpc } from '../push/rpc.ts'
import { dispatchEmails, type EmailDispatchConfig } from './dispatcher.ts'
import { unsubscribePage } from './templates.ts'
import { suppressionsOf, verifySvixSignature } from './webhook.ts'

/** What send-email needs; built from secrets on Supabase (deps.ts), injected in tests. */
export interface EmailDeps extends EmailDispatchConfig {
  serviceRpc: Rpc
  serviceRoleKey: string
  /** Resend's webhook signing secret (`whsec_…`); without it the webhook answers 500. */
  webhookSecret?: string
}

/**
 * Plain text: Supabase rewrites a function's text/html answer to a GET into text/plain, so
 * the unsubscribe answer is text everywhere. CORS, as the widget's confirmation page reads it.
 */
function text(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { ...CORS_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'referrer-policy': 'no-referrer' }
  })
}

interface UnsubscribePreview {
  email: string
  organization_name: string
  site_url: string | null
}

const tokenOf = (request: Request) => new URL(request.url).searchParams.get('token') ?? ''

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { ...CORS_HEADERS, location, 'referrer-policy': 'no-referrer' } })
}

/** Without a dealer page to confirm on, the mail app's one-click button is the confirmation. */
function confirmText({ email, organization_name: dealer }: UnsubscribePreview): string {
  return (
    `To stop e-mails from ${dealer} to ${email}, use the Unsubscribe button your mail app shows beside the sender. ` +
    'Opening this link changes nothing, so mail filters that open every link do not unsubscribe you.\n\n' +
    `Pour ne plus recevoir de courriels de ${dealer} à ${email}, utilisez le bouton Se désabonner que votre application ` +
    'de courriel affiche près de l’expéditeur. Ouvrir ce lien ne change rien : les filtres qui ouvrent tous les liens ne ' +
    'vous désabonnent pas.\n'
  )
}

const INVALID = 'This unsubscribe link is invalid.\nCe lien de désabonnement est invalide.\n'

/**
 * One function, three doors (deployed with verify_jwt off, so each door checks its own
 * credential):
 * - `POST /send-email`: drains the outbox; the service-role key as bearer (pg_cron + pg_net).
 * - `/send-email/unsubscribe?token=…`: the token is the credential. POST unsubscribes (the
 *   dealer page's confirmation, and RFC 8058 one-click from the mail client). GET changes
 *   nothing, because link scanners open every link of an incoming e-mail: it redirects to
 *   the dealer's confirmation page, or says how to confirm. `GET …/unsubscribe/preview` gives
 *   that page whose e-mails these are, as JSON.
 * - `POST /send-email/webhooks/resend`: bounces and complaints, Svix-signed.
 */
export function createSendEmailHandler(deps: () => Promise<EmailDeps>): (request: Request) => Promise<Response> {
  return handle(async (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, '')
    const d = await deps()
    if (path.endsWith('/unsubscribe/preview')) {
      if (request.method !== 'GET') throw new PushError('INVALID_INPUT', 'use GET')
      const { email, organization_name } = await d.serviceRpc<UnsubscribePreview>('unsubscribe_preview', { token: tokenOf(request) })
      return json(200, { email, organization_name })
    }
    if (path.endsWith('/unsubscribe')) {
      if (request.method !== 'GET' && request.method !== 'POST') throw new PushError('INVALID_INPUT', 'use GET or POST')
      const token = tokenOf(request)
      try {
        if (request.method === 'GET') {
          const preview = await d.serviceRpc<UnsubscribePreview>('unsubscribe_preview', { token })
          // A mail app that opens the List-Unsubscribe address lands on the dealer's confirmation.
          if (preview.site_url) return redirect(unsubscribePage(preview.site_url, token.toLowerCase()))
          return text(200, confirmText(preview))
        }
        await request.text()
        const email = await d.serviceRpc<string>('unsubscribe_email', { token })
        return text(200, `${email}: you will no longer receive these e-mails.\n${email} : vous ne recevrez plus ces courriels.\n`)
      } catch (error) {
        if (error instanceof PushError && error.code === 'NOT_FOUND') return text(400, INVALID)
        throw error
      }
    }
    if (path.endsWith('/webhooks/resend')) {
      if (request.method !== 'POST') throw new PushError('INVALID_INPUT', 'use POST')
      if (!d.webhookSecret) throw new PushError('CONFIG_MISSING', 'secret RESEND_WEBHOOK_SECRET is not set')
      const body = await request.text()
      if (!(await verifySvixSignature(d.webhookSecret, request.headers, body))) {
        throw new PushError('NOT_AUTHORIZED', 'webhook signature does not verify')
      }
      let event: unknown
      try {
        event = JSON.parse(body)
      } catch {
        throw new PushError('INVALID_INPUT', 'body must be JSON')
      }
      const suppressed = suppressionsOf(event)
      for (const s of suppressed) await d.serviceRpc('suppress_email', { email: s.email, reason: s.reason })
      return json(200, { suppressed: suppressed.length })
    }
    if (request.method !== 'POST') throw new PushError('INVALID_INPUT', 'use POST')
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? ''
    if (!sameSecret(bearer, d.serviceRoleKey)) throw new PushError('NOT_AUTHORIZED', 'send-email needs the service-role key')
    await request.text()
    return json(200, await dispatchEmails(d.serviceRpc, d))
  })
}
