/** The app's pages: `#/chat`, `#/chat/<conversation id>`, `#/notifications`, `#/settings`, `#/team`. */
export type Route = { page: 'chat'; conversationId: string | null } | { page: 'notifications' } | { page: 'settings' } | { page: 'team' }

export function parseRoute(hash: string): Route | null {
  const [page, id] = hash.replace(/^#\/?/, '').split('/')
  if (page === 'chat') return { page, conversationId: id || null }
  if (page === 'notifications' || page === 'settings' || page === 'team') return { page }
  return null
}

export function href(route: Route): string {
  return route.page === 'chat' && route.conversationId ? `#/chat/${route.conversationId}` : `#/${route.page}`
}
