import { requireAuthentication } from './authenticate.ts'
import type { AuthHandler } from './context.ts'
import { badRequest, sendAuthJson } from './errors.ts'
import { endSessions, type LogoutScope } from './sessions.ts'
import { transaction } from './transaction.ts'

const SCOPES: Record<string, LogoutScope> = { '': 'global', global: 'global', local: 'local', others: 'others' }

/** POST /logout?scope=global|local|others: deletes sessions (and so their refresh tokens); 204. */
export const logout: AuthHandler = async (auth, req, res, url) => {
  const { user, session } = await requireAuthentication(auth, req)
  const requested = url.searchParams.get('scope') ?? ''
  const scope = SCOPES[requested]
  if (!scope) throw badRequest('validation_failed', `Unsupported logout scope ${JSON.stringify(requested)}`)
  await transaction(auth.service.pool, (db) => endSessions(db, user.id, session?.id, scope))
  sendAuthJson(req, res, 204, undefined)
}
