import type { PushDeps } from './deps.ts'
import { PushError } from './errors.ts'
import { bearerOf, handle, json, readJson } from './http.ts'
import { sealTarget } from './secrets.ts'
import { parseId, parseRegister, parseUpdate } from './validate.ts'

interface Caller {
  user_id: string
  kind: 'staff' | 'customer' | null
}

/**
 * POST {organization_id, platform, endpoint+keys | push_token, preferences?, user_agent?} → {id}
 * POST {id, preferences} → {id, preferences}
 * DELETE {id} → {id, deleted: true}
 * The caller's JWT decides who they are (push_caller runs as them); writes go through
 * service-role RPCs with the subscription's secrets sealed first.
 */
export function createRegisterHandler(deps: () => Promise<PushDeps>): (request: Request) => Promise<Response> {
  return handle(async (request) => {
    const token = bearerOf(request)
    const body = await readJson(request)
    const d = await deps()

    if (request.method === 'DELETE') {
      const id = parseId(body)
      const caller = await d.callerRpc(token)<Caller>('push_caller', {})
      await d.serviceRpc('push_delete_subscription', { p_id: id, p_user_id: caller.user_id })
      return json(200, { id, deleted: true })
    }
    if (request.method !== 'POST') throw new PushError('INVALID_INPUT', 'use POST to register or update, DELETE to unregister')

    if (body && typeof body === 'object' && 'id' in body && !('organization_id' in body)) {
      const update = parseUpdate(body)
      const caller = await d.callerRpc(token)<Caller>('push_caller', {})
      const preferences = await d.serviceRpc('push_update_subscription', {
        p_id: update.id,
        p_user_id: caller.user_id,
        p_preferences: update.preferences
      })
      return json(200, { id: update.id, preferences })
    }

    const input = parseRegister(body, d.allowPrivateEndpoints, d.endpointHosts)
    const caller = await d.callerRpc(token)<Caller>('push_caller', { p_organization_id: input.organization_id })
    const sealed = await sealTarget(d.vault, input.target, caller.user_id)
    const id = await d.serviceRpc<string>('push_save_subscription', {
      p_user_id: caller.user_id,
      p_organization_id: input.organization_id,
      p_platform: input.platform,
      p_endpoint: sealed.endpoint,
      p_keys: sealed.keys,
      p_push_token: sealed.push_token,
      p_token_hash: sealed.token_hash,
      p_preferences: input.preferences ?? null,
      p_user_agent: input.user_agent ?? request.headers.get('user-agent')?.slice(0, 500) ?? null
    })
    return json(200, { id })
  })
}
