import type { AssignedAgent, ConversationView } from '../types/api.ts'

/** Groups the customer projection's agent columns as `assigned_agent`, as the UI reads them. */
export function withAgent<T extends Omit<ConversationView, 'id'>>(row: T): T & { assigned_agent?: AssignedAgent | null } {
  if (!('assigned_agent_name' in row) && !('assigned_agent_avatar_url' in row)) return row
  const display_name = row.assigned_agent_name ?? null
  const avatar_url = row.assigned_agent_avatar_url ?? null
  return { ...row, assigned_agent: display_name === null && avatar_url === null ? null : { display_name, avatar_url } }
}
