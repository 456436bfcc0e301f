import { PushError } from '../push/errors.ts'
import { handle, json, sameSecret } from '../push/http.ts'
import type { Rpc } from '../push/rpc.ts'
import { dispatchEmails, type EmailDispatchConfig } from './dispatcher.ts'
import { escapeHtml } from './escape.ts'
import { suppressionsOf, verifySvixSignature } from './webhook.ts'

/** What send-email needs; built from secrets on Supabase (deps.ts), injected in tests. */
export interface EmailDeps extends EmailDispatchConfig {
  serviceRpc: Rpc
  serviceRoleKey: string
  /** Resend's webhook signing secret (`whsec_…`); without it the webhook answers 500. */
  webhookSecret?: string
}

/** `extra` is trusted markup built here (the form); everything else is escaped. */
function page(status: number, title: string, text: string, extra = ''): Response {
  const body = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:480px;margin:48px auto;padding:0 16px">` +
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${extra}</body></html>`
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; form-action 'self'", 'referrer-policy': 'no-referrer' }
  })
}

/**
 * One function, three doors (deployed with verify_jwt off, so each door checks its own
 * credential):
 * - `POST /send-email`: drains the outbox; the service-role key as bearer (pg_cron + pg_net).
 * - `GET|POST /send-email/unsubscribe?token=…`: the link in every e-mail; GET asks, POST (the
 *   page's button, or RFC 8058 one-click from the mail client) unsubscribes; the token is the credential.
 * - `POST /send-email/webhooks/resend`: bounces and complaints, Svix-signed.
 */
export function createSendEmailHandler(deps: () => Promise<EmailDeps>): (request: Request) => Promise<Response> {
  return handle(async (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, '')
    const d = await deps()
    if (path.endsWith('/unsubscribe')) {
      const token = new URL(request.url).searchParams.get('token') ?? ''
      // GET only asks: mail scanners fetch every link, and must not unsubscribe anyone.
      // The button (and RFC 8058 one-click from the mail client) POSTs.
      if (request.method === 'GET') {
        return page(200, 'Unsubscribe · Désabonnement', 'Stop these e-mails? Ne plus recevoir ces courriels ?',
          `<form method="post" action="${escapeHtml(`?token=${encodeURIComponent(token)}`)}"><button type="submit">Unsubscribe · Me désabonner</button></form>`)
      }
      if (request.method !== 'POST') throw new PushError('INVALID_INPUT', 'use GET or POST')
      try {
        const email = await d.serviceRpc<string>('unsubscribe_email', { token })
        return page(200, 'Unsubscribed · Désabonnement', `${email}: you will no longer receive these e-mails. Vous ne recevrez plus ces courriels.`)
      } catch (error) {
        if (error instanceof PushError && error.code === 'NOT_FOUND') {
          return page(400, 'Invalid link · Lien invalide', 'This unsubscribe link is invalid. Ce lien de désabonnement est invalide.')
        }
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
