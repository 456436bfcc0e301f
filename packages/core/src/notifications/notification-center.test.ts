import { describe, expect, it, vi } from 'vitest'
import { fakeContext, STAFF, settle } from '../../test/fake-context.ts'
import type { ParleyNotification } from '../types/api.ts'

const stored: ParleyNotification[] = []
const updates: unknown[] = []
// Reads wait for this, to hold one in flight.
let reading: Promise<void> = Promise.resolve()
vi.mock('../client/call.ts', () => ({
  call: async (request: { kind: string }) => {
    if (request.kind !== 'select') return (updates.push(request), null)
    await reading
    return stored.map((row) => ({ ...row }))
  }
}))

const { createNotificationCenter, NOTIFICATION_LIMIT } = await import('./notification-center.ts')

function notification(n: number, read = false): ParleyNotification {
  return {
    id: `n${String(n).padStart(3, '0')}`,
    organization_id: 'org',
    user_id: STAFF.userId,
    type: 'claim_update',
    title: `t${n}`,
    body: null,
    data: {},
    read_at: read ? 'x' : null,
    created_at: `2026-11-24T07:${String(n % 60).padStart(2, '0')}:00Z`
  }
}

/** The query builder surface the centre uses, recording what it was asked. */
function builder(kind: string) {
  const chain: Record<string, unknown> = { kind }
  for (const name of ['select', 'eq', 'order', 'limit', 'is', 'in']) chain[name] = () => chain
  chain.update = () => ((chain.kind = 'update'), chain)
  return chain
}

/** A centre over the stored rows, listened to and joined to the staff member's topic. */
async function openCentre() {
  const server = fakeContext(STAFF)
  Object.assign(server.context, { supabase: () => ({ from: () => builder('select') }) })
  const centre = createNotificationCenter(server.context)
  const stop = centre.$items.listen(() => undefined)
  await settle()
  server.status(`user:${STAFF.userId}`, 'SUBSCRIBED')
  await settle()
  return { server, centre, stop }
}

describe('notification centre', () => {
  it('keeps the latest 20 newest first, live, and marks read', async () => {
    stored.splice(0, stored.length, notification(1), notification(2, true))
    const { server, centre, stop } = await openCentre()
    expect(centre.$items.get().map((item) => item.id)).toEqual(['n002', 'n001'])
    expect(centre.$unreadCount.get()).toBe(1)
    for (let n = 3; n <= 30; n++) server.broadcast(`user:${STAFF.userId}`, 'notification', notification(n))
    expect(centre.$items.get()).toHaveLength(NOTIFICATION_LIMIT)
    expect(centre.$items.get()[0]?.id).toBe('n030')
    await centre.markRead('00000000-0000-4000-8000-000000000000')
    await centre.markAllRead()
    expect(centre.$unreadCount.get()).toBe(0)
    expect(updates).toHaveLength(2)
    await expect(centre.markRead('nope')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    stop()
  })

  it('keeps a notification that arrives live while the list is being read', async () => {
    stored.splice(0, stored.length, notification(1))
    let release = () => {}
    reading = new Promise((resolve) => {
      release = resolve
    })
    const { server, centre, stop } = await openCentre()
    server.broadcast(`user:${STAFF.userId}`, 'notification', notification(2))
    release()
    await settle()
    expect(centre.$items.get().map((item) => item.id)).toEqual(['n002', 'n001'])
    expect(centre.$unreadCount.get()).toBe(2)
    reading = Promise.resolve()
    stop()
  })
})
