import type { ClaimStatusUpdate } from '@parley/core'
import type { ClaimUpdateView } from '../ui/types.ts'

/**
 * A claim history row as the visitor sees it. Who made the change is decided by
 * `changed_by`, never by the stored name: a change the server made (no `changed_by`) names
 * nobody, so no name, whatever it reads, can pass for the system.
 */
export function toClaimUpdateView(update: ClaimStatusUpdate): ClaimUpdateView {
  return {
    id: update.id,
    from: update.old_status,
    to: update.new_status,
    at: update.created_at,
    by: update.changed_by ? update.changed_by_name : null,
    reason: update.reason
  }
}
