import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { readBody, sendJson } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'
import { MAILBOX_PAGE } from './page.ts'
import { MailStore } from './store.ts'

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

interface ResendEmail {
  from?: unknown
  to?: unknown
  subject?: unknown
  text?: unknown
  html?: unknown
  headers?: unknown
}

function strings(value: unknown): string[] | null {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[]
  return null
}

/** Resend's error shape, so the function sees what it would see from Resend. */
function resendError(res: ServerResponse, status: number, name: string, message: string): void {
  sendJson(res, status, { statusCode: status, name, message })
}

async function acceptEmail(store: MailStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!/^Bearer\s+\S+$/i.test(req.headers.authorization ?? '')) {
    return resendError(res, 401, 'missing_api_key', 'Missing API key in the authorization header')
  }
  let body: ResendEmail
  try {
    body = JSON.parse((await readBody(req, 10 * 1024 * 1024)).toString('utf8')) as ResendEmail
  } catch {
    return resendError(res, 422, 'validation_error', 'The body must be JSON')
  }
  const to = strings(body.to)
  if (
    typeof body.from !== 'string' ||
    !to ||
    typeof body.subject !== 'string' ||
    (typeof body.text !== 'string' && typeof body.html !== 'string')
  ) {
    return resendError(res, 422, 'validation_error', 'from, to, subject and text or html are required')
  }
  const headers: Record<string, string> = {}
  if (body.headers && typeof body.headers === 'object') {
    for (const [key, value] of Object.entries(body.headers)) if (typeof value === 'string') headers[key] = value
  }
  const stored = store.add({
    from: body.from,
    to,
    subject: body.subject,
    text: typeof body.text === 'string' ? body.text : '',
    html: typeof body.html === 'string' ? body.html : '',
    headers
  })
  sendJson(res, 200, { id: stored.id })
}

/**
 * The local stack's mail catcher, under /mail: a Resend-compatible `POST /mail/resend/emails`
 * (send-email's RESEND_API_URL points here), the mailbox page at `/mail`, and for tests
 * `GET /mail/api/messages[?to=]`, `GET|DELETE /mail/api/messages/:id`, `DELETE /mail/api/messages`.
 * Messages carry live tokens (invitations, access links), so only loopback clients are served.
 */
export const createMailService: ServiceFactory = (context) => {
  const store = new MailStore(join(context.stateDir, 'mail', 'messages.jsonl'))
  return {
    isPublic: () => true,
    async handle(req, res, path, url) {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return sendJson(res, 403, { message: 'The mailbox answers this machine only' })
      const method = req.method ?? 'GET'
      const one = /^\/api\/messages\/([0-9a-f-]{36})$/.exec(path)
      const html = /^\/messages\/([0-9a-f-]{36})\/html$/.exec(path)
      if (method === 'POST' && path === '/resend/emails') return acceptEmail(store, req, res)
      if (method === 'GET' && (path === '/' || path === '')) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(308, { location: `${url.pathname}/` })
          return void res.end()
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        return void res.end(MAILBOX_PAGE)
      }
      if (path === '/api/messages' && method === 'GET') return sendJson(res, 200, store.list(url.searchParams.get('to') ?? undefined))
      if (path === '/api/messages' && method === 'DELETE') return sendJson(res, 200, { deleted: store.remove() })
      if (one && method === 'GET') {
        const message = store.get(one[1] as string)
        return message ? sendJson(res, 200, message) : sendJson(res, 404, { message: 'No such message' })
      }
      if (one && method === 'DELETE') return sendJson(res, 200, { deleted: store.remove(one[1]) })
      if (html && method === 'GET') {
        const message = store.get(html[1] as string)
        if (!message) return sendJson(res, 404, { message: 'No such message' })
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; sandbox",
          'x-content-type-options': 'nosniff'
        })
        return void res.end(message.html)
      }
      sendJson(res, 404, { message: 'no Route matched with those values' })
    }
  }
}
