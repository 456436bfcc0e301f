import { PushError } from '../push/errors.ts'
import { handle, json, sameSecret } from '../push/http.ts'
import type { Rpc } from '../push/rpc.ts'
import { dispatchEmails, type EmailDispatchConfig } from './dispatcher.ts'
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
 * the unsubscribe answer is text everywhere.
 */
function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'referrer-policy': 'no-referrer' } })
}

/**
 * One function, three doors (deployed with verify_jwt off, so each door checks its own
 * credential):
 * - `POST /send-email`: drains the outbox; the service-role key as bearer (pg_cron + pg_net).
 * - `GET|POST /send-email/unsubscribe?token=…`: the link in every e-mail (POST is RFC 8058
 *   one-click from the mail client); the token is the credential.
 * - `POST /send-email/webhooks/resend`: bounces and complaints, Svix-signed.
 */
export function createSendEmailHandler(deps: () => Promise<EmailDeps>): (request: Request) => Promise<Response> {
  return handle(async (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, '')
    const d = await deps()
    if (path.endsWith('/unsubscribe')) {
      if (request.method !== 'GET' && request.method !== 'POST') throw new PushError('INVALID_INPUT', 'use GET or POST')
      const token = new URL(request.url).searchParams.get('token') ?? ''
      try {
        const email = await d.serviceRpc<string>('unsubscribe_email', { token })
        return text(200, `${email}: you will no longer receive these e-mails.\n${email} : vous ne recevrez plus ces courriels.\n`)
      } catch (error) {
        if (error instanceof PushError && error.code === 'NOT_FOUND') {
          return text(400, 'This unsubscribe link is invalid.\nCe lien de désabonnement est invalide.\n')
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
