import type { UserRole } from '@parley/core'

/** What each element needs, from docs/schema.md's role table ("Who is who"). */
export const ROLES = {
  chat: ['admin', 'operations', 'agent'],
  notifications: ['admin', 'operations', 'f_and_i'],
  claims: ['admin', 'operations', 'f_and_i', 'agent'],
  push: ['admin', 'operations', 'f_and_i', 'agent'],
  team: ['admin'],
  replies: ['admin', 'operations', 'agent'],
  analytics: ['admin', 'operations']
} as const satisfies Record<string, readonly UserRole[]>

export type Capability = keyof typeof ROLES

export function may(role: UserRole | null | undefined, capability: Capability): boolean {
  return role != null && (ROLES[capability] as readonly UserRole[]).includes(role)
}
