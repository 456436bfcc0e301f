import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { invalid, requireOneOf } from '../errors/validate.ts'
import type { StaffMember, UserRole } from '../types/api.ts'
import { Constants } from '../types/database.ts'

/** The roles that answer conversations, so the ones a conversation can be assigned to. */
const ASSIGNABLE: readonly UserRole[] = ['admin', 'operations', 'agent']

/** The signed-in staff member's colleagues (themselves included) with the given roles, by name. */
export async function listStaff(context: Context, roles: readonly UserRole[] = ASSIGNABLE): Promise<StaffMember[]> {
  if (!Array.isArray(roles) || roles.length === 0) throw invalid('roles must be a non-empty list')
  const wanted = roles.map((role) => requireOneOf(role, 'role', Constants.public.Enums.user_role))
  const session = await context.requireSession()
  if (session.kind !== 'staff' || !session.profile) throw new ParleyError('NOT_AUTHORIZED', 'Only staff can list staff')
  return call(
    context
      .supabase()
      .from('profiles')
      .select('id, display_name, role')
      .eq('organization_id', session.profile.organization_id)
      .in('role', wanted)
      .order('display_name', { nullsFirst: false })
  )
}
