/** The app's pages: `#/chat`, `#/chat/<conversation id>`, `#/notifications`, `#/settings`, `#/team`, `#/replies`, `#/analytics`. */
export type Route =
  | { page: 'chat'; conversationId: string | null }
  | { page: 'notifications' }
  | { page: 'settings' }
  | { page: 'team' }
  | { page: 'replies' }
  | { page: 'analytics' }

const PAGES = ['notifications', 'settings', 'team', 'replies', 'analytics'] as const

export function parseRoute(hash: string): Route | null {
  const [page, id] = hash.replace(/^#\/?/, '').split('/')
  if (page === 'chat') return { page, conversationId: id || null }
  const other = PAGES.find((name) => name === page)
  if (other) return { page: other }
  return null
}

export function href(route: Route): string {
  return route.page === 'chat' && route.conversationId ? `#/chat/${route.conversationId}` : `#/${route.page}`
}
