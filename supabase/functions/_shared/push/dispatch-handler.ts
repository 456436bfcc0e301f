import type { PushDeps } from './deps.ts'
import { type DispatchOptions, dispatch } from './dispatcher.ts'
import { PushError } from './errors.ts'
import { handle, json, readJson, sameSecret } from './http.ts'

/**
 * POST (from a Database Webhook on notification_outbox, pg_cron + pg_net, or the local
 * stack's timer) → DispatchReport. Only the service-role key, or PARLEY_DISPATCH_SECRET in
 * x-parley-dispatch-secret, may trigger it.
 */
export function createDispatchHandler(
  deps: () => Promise<PushDeps>,
  options: DispatchOptions = {}
): (request: Request) => Promise<Response> {
  return handle(async (request) => {
    if (request.method !== 'POST') throw new PushError('INVALID_INPUT', 'use POST')
    const d = await deps()
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? ''
    const secret = request.headers.get('x-parley-dispatch-secret') ?? ''
    const allowed = sameSecret(bearer, d.serviceRoleKey) || (d.dispatchSecret !== undefined && sameSecret(secret, d.dispatchSecret))
    if (!allowed) throw new PushError('NOT_AUTHORIZED', 'push-dispatch needs the service-role key or the dispatch secret')
    // A webhook posts the inserted row; the body is not needed, the outbox is the queue.
    await readJson(request).catch(() => undefined)
    const report = await dispatch({ rpc: d.serviceRpc, vault: d.vault, senders: d.senders() }, options)
    return json(200, report)
  })
}
