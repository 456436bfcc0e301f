import type { SupabaseClient } from '@supabase/supabase-js'
import { call } from '../client/call.ts'
import { invalid, optionalText, requireEmail, requireOneOf, requireText, requireUuid } from '../errors/validate.ts'
import { ParleyError, type ParleyErrorCode } from '../index.ts'
import type { Organization, OrganizationSettingsInput, Profile, Team, UserRole } from '../types/api.ts'
import type { ClientDatabase } from '../types/client-database.ts'
import { checkSettings } from './settings.ts'

const ROLES: readonly UserRole[] = ['admin', 'operations', 'f_and_i', 'agent']
const LOCALES = ['fr-CA', 'en'] as const
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/
const TOKEN = /^[0-9a-f]{64}$/i
/** Refusals only the team functions raise; core's shared error mapping stays small for the widget. */
const TEAM_CODES = new Set<ParleyErrorCode>([
  'INVITATION_INVALID',
  'INVITATION_EXPIRED',
  'INVITATION_REVOKED',
  'INVITATION_USED',
  'INVITATION_EMAIL_MISMATCH',
  'ALREADY_MEMBER',
  'LAST_ADMIN',
  'EMAIL_SUPPRESSED'
])

/** `call`, with the database's team refusal (its HINT) as the ParleyError code. */
async function teamCall<R extends { data: unknown; error: unknown }>(request: PromiseLike<R>): ReturnType<typeof call<R>> {
  try {
    return await call(request)
  } catch (error) {
    const hint = error instanceof ParleyError ? (error.cause as { hint?: unknown } | undefined)?.hint : undefined
    if (typeof hint === 'string' && TEAM_CODES.has(hint as ParleyErrorCode)) {
      throw new ParleyError(hint as ParleyErrorCode, (error as ParleyError).message, {
        status: (error as ParleyError).status,
        cause: (error as ParleyError).cause
      })
    }
    throw error
  }
}

/**
 * The organization and team API over a Parley client's Supabase session (see {@link Team}).
 * @example
 * ```ts
 * import { createParley } from '@parley/core'
 * import { createTeam } from '@parley/core/team'
 * const parley = createParley({ supabaseUrl, supabaseKey })
 * await parley.signIn({ email, password })
 * const team = createTeam(parley)
 * await team.invite({ organization_id, email: 'marc@garage.ca', role: 'agent' })
 * ```
 */
export function createTeam(parley: { readonly supabase: SupabaseClient<ClientDatabase> }): Team {
  const db = () => parley.supabase
  return {
    async createOrganization(input) {
      const slug = requireText(input?.slug, 'slug', 63)
      if (!SLUG.test(slug)) throw invalid('slug must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit')
      const args = {
        name: requireText(input.name, 'name', 200),
        slug,
        ...(input.locale !== undefined && { locale: requireOneOf(input.locale, 'locale', LOCALES) }),
        ...(input.time_zone !== undefined && { time_zone: requireText(input.time_zone, 'time_zone', 64) }),
        ...(input.display_name !== undefined && { display_name: requireText(input.display_name, 'display_name', 200) })
      }
      return teamCall(db().rpc('create_organization', args))
    },
    async organization() {
      const rows = await call(db().from('organizations').select('*').limit(1))
      return (rows[0] as Organization | undefined) ?? null
    },
    async updateOrganization(organizationId, settings: OrganizationSettingsInput) {
      const id = requireUuid(organizationId, 'organizationId')
      const changes = checkSettings(settings)
      const rows = await call(db().from('organizations').update(changes).eq('id', id).select('*'))
      const row = rows[0]
      // RLS hides the row from non-admins: the update matches nothing rather than failing.
      if (!row) throw new ParleyError('NOT_AUTHORIZED', 'Only an admin of the organization can edit its settings')
      return row as Organization
    },
    async members(organizationId) {
      const id = requireUuid(organizationId, 'organizationId')
      return call(db().from('profiles').select('*').eq('organization_id', id).order('display_name')) as Promise<Profile[]>
    },
    async invitations(organizationId) {
      const id = requireUuid(organizationId, 'organizationId')
      return call(db().from('invitations').select('*').eq('organization_id', id).order('created_at', { ascending: false }))
    },
    async invite(input) {
      return teamCall(
        db().rpc('invite_member', {
          organization_id: requireUuid(input?.organization_id, 'organization_id'),
          email: requireEmail(input.email, 'email'),
          role: requireOneOf(input.role, 'role', ROLES)
        })
      )
    },
    async resendInvitation(invitationId) {
      return teamCall(db().rpc('resend_invitation', { invitation_id: requireUuid(invitationId, 'invitationId') }))
    },
    async revokeInvitation(invitationId) {
      await teamCall(db().rpc('revoke_invitation', { invitation_id: requireUuid(invitationId, 'invitationId') }))
    },
    async acceptInvitation(token, displayName) {
      if (typeof token !== 'string' || !TOKEN.test(token.trim()))
        throw invalid('token must be the 64-character code from the invitation link')
      const name = optionalText(displayName, 'displayName', 200)
      return teamCall(db().rpc('accept_invitation', { token: token.trim(), ...(name !== null && { display_name: name }) }))
    },
    async changeRole(memberId, role) {
      return teamCall(
        db().rpc('change_member_role', { member_id: requireUuid(memberId, 'memberId'), role: requireOneOf(role, 'role', ROLES) })
      )
    },
    async deactivate(memberId) {
      return teamCall(db().rpc('deactivate_member', { member_id: requireUuid(memberId, 'memberId') }))
    },
    async reactivate(memberId) {
      return teamCall(db().rpc('reactivate_member', { member_id: requireUuid(memberId, 'memberId') }))
    }
  }
}
