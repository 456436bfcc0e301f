import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { invalid, requireOneOf, requireUuid } from '../errors/validate.ts'
import type { ConversationResolution, OperationsBacklogRow, OperationsReportOptions, OperationsReportRow } from '../types/api.ts'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const PERIODS = ['day', 'week'] as const

function args(organizationId: string, options: OperationsReportOptions) {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object')
  for (const key of ['from', 'to'] as const) {
    const value = options[key]
    if (value !== undefined && (typeof value !== 'string' || !DATE.test(value))) throw invalid(`${key} must be a YYYY-MM-DD date`)
  }
  if (options.byAgent !== undefined && typeof options.byAgent !== 'boolean') throw invalid('byAgent must be true or false')
  return {
    organization_id: requireUuid(organizationId, 'organizationId'),
    period: requireOneOf(options.period ?? 'day', 'period', PERIODS),
    ...(options.from === undefined ? {} : { from_date: options.from }),
    ...(options.to === undefined ? {} : { to_date: options.to }),
    by_agent: options.byAgent ?? false
  }
}

export async function operationsReport(
  context: Context,
  organizationId: string,
  options: OperationsReportOptions = {}
): Promise<OperationsReportRow[]> {
  return call(context.supabase().rpc('operations_report', args(organizationId, options)))
}

export async function operationsReportCsv(
  context: Context,
  organizationId: string,
  options: OperationsReportOptions = {}
): Promise<string> {
  return call(context.supabase().rpc('operations_report_csv', args(organizationId, options)))
}

export async function operationsBacklog(context: Context, organizationId: string): Promise<OperationsBacklogRow[]> {
  return call(context.supabase().rpc('operations_backlog', { organization_id: requireUuid(organizationId, 'organizationId') }))
}

/** The latest rated resolutions of the organization, newest rating first (RLS: admins and operations). */
export async function recentRatings(context: Context, organizationId: string, limit = 10): Promise<ConversationResolution[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit must be a whole number from 1 to 100')
  return call(
    context
      .supabase()
      .from('conversation_resolutions')
      .select('*')
      .eq('organization_id', requireUuid(organizationId, 'organizationId'))
      .not('rating', 'is', null)
      .order('rated_at', { ascending: false })
      .limit(limit)
  )
}

/**
 * The organization's first-response target in seconds, as `private.first_response_target`
 * reads it for the report: `settings.routing.first_response_minutes` (checked on write),
 * else 15 minutes.
 */
export async function firstResponseTarget(context: Context, organizationId: string): Promise<number> {
  const row = await call(
    context.supabase().from('organizations').select('settings').eq('id', requireUuid(organizationId, 'organizationId')).single()
  )
  const minutes = (row.settings as { routing?: { first_response_minutes?: unknown } } | null)?.routing?.first_response_minutes
  return (typeof minutes === 'number' ? minutes : 15) * 60
}
