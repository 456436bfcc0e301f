import { describe, expect, it } from 'vitest'
import { CUSTOMER, fakeContext, STAFF, settle } from '../../test/fake-context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import type { ChannelStatus, ParleySession } from '../types/api.ts'
import { liveTopic } from './live-topic.ts'

function follow(server: ReturnType<typeof fakeContext>, options: { follow?: boolean; reads?: () => Promise<void> } = {}) {
  const reads: string[] = []
  const statuses: Array<[ChannelStatus, string | undefined]> = []
  const live = liveTopic(server.context, {
    follow: options.follow,
    topics: (session: ParleySession) => [`user:${session.userId}`],
    event: (name) => reads.push(`event ${name}`),
    async refresh(session) {
      reads.push(`read ${session.userId}`)
      await options.reads?.()
    },
    report: (status, error) => statuses.push([status, error?.code])
  })
  return { live, reads, statuses }
}

describe('liveTopic', () => {
  it('joins on the first open, re-reads on each SUBSCRIBED and wake, and leaves on the last release', async () => {
    const server = fakeContext(STAFF)
    const { live, reads } = follow(server)
    const first = live.open()
    const second = live.open()
    await settle()
    expect(server.topics()).toEqual([`user:${STAFF.userId}`])
    server.status(`user:${STAFF.userId}`, 'SUBSCRIBED')
    await settle()
    server.context.wake.emit('visible')
    await settle()
    server.context.wake.emit('offline')
    server.broadcast(`user:${STAFF.userId}`, 'notification', {})
    await settle()
    expect(reads).toEqual([`read ${STAFF.userId}`, `read ${STAFF.userId}`, 'event notification'])
    first()
    expect(server.topics()).toHaveLength(1)
    second()
    expect(server.topics()).toEqual([])
  })

  it('runs one re-read at a time: calls during a read make exactly one more', async () => {
    const server = fakeContext(STAFF)
    let release = () => undefined as void
    const { live, reads } = follow(server, { reads: () => new Promise<void>((resolve) => (release = resolve)) })
    const running = live.refresh()
    expect(live.$loading.get()).toBe(true)
    void live.refresh()
    void live.refresh()
    await settle()
    release()
    await running
    await settle()
    release()
    await settle()
    expect(reads).toHaveLength(2)
    expect(live.$loading.get()).toBe(false)
  })

  it('puts every failure in $error (and report) until a read succeeds', async () => {
    const server = fakeContext(null)
    let fail = true
    const { live, statuses } = follow(server, {
      reads: async () => {
        if (fail) throw new ParleyError('NETWORK', 'down')
      }
    })
    live.open()
    await settle()
    expect(live.$error.get()?.message).toBe('no session')
    server.context.$session.set(STAFF)
    await live.refresh()
    expect(live.$error.get()?.code).toBe('NETWORK')
    fail = false
    await live.refresh()
    expect(live.$error.get()).toBeNull()
    expect(statuses.map(([status, code]) => `${status} ${code}`)).toEqual(['CHANNEL_ERROR UNKNOWN', 'CHANNEL_ERROR NETWORK'])
  })

  it('with follow, starts over on the new person’s topics when someone else signs in', async () => {
    const server = fakeContext(STAFF)
    const { live } = follow(server, { follow: true })
    live.open()
    await settle()
    server.context.$session.set(CUSTOMER)
    await settle()
    expect(server.topics()).toEqual([`user:${CUSTOMER.userId}`])
  })
})
