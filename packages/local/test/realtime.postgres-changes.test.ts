import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor, createUser, Inbox, joined, type RealtimeUser } from './realtime.helpers.ts'
import { startTestStack, type TestStack } from './stack.ts'

type Ticket = { id: number; owner: string; title: string; priority: number; secret?: string }
type Change = RealtimePostgresChangesPayload<Ticket>

let stack: TestStack
let alice: RealtimeUser
let bob: RealtimeUser
const clients: SupabaseClient[] = []
const as = async (user: RealtimeUser) => {
  const created = await clientFor(stack.url, stack.anonKey, () => user.token)
  clients.push(created)
  return created
}
const isMarker = (change: Change) => (change.new as Ticket).title === 'marker'
const insert = async (owner: string, title: string, priority = 0) =>
  (
    await stack.db.pool.query<{ id: string }>(
      'insert into public.rt_tickets (owner, title, priority, secret) values ($1, $2, $3, $4) returning id',
      [owner, title, priority, 'hidden']
    )
  ).rows[0]!.id

/** Subscribes to rt_tickets changes as `user` and collects them. */
async function watch(
  user: RealtimeUser,
  name: string,
  event: '*' | 'INSERT' | 'UPDATE' | 'DELETE',
  filter?: string
): Promise<Inbox<Change>> {
  const inbox = new Inbox<Change>()
  const channel = (await as(user))
    .channel(name)
    .on(
      'postgres_changes',
      { event, schema: 'public', table: 'rt_tickets', ...(filter ? { filter } : {}) },
      inbox.push as (p: unknown) => void
    )
  await joined(channel)
  return inbox
}

beforeAll(async () => {
  stack = await startTestStack()
  await stack.db.pool.query(`
    create table public.rt_tickets (
      id bigint generated always as identity primary key,
      owner uuid not null, title text not null, priority int not null default 0, secret text);
    alter table public.rt_tickets enable row level security;
    revoke all on public.rt_tickets from anon, authenticated;
    grant select (id, owner, title, priority) on public.rt_tickets to authenticated;
    create policy rt_tickets_own on public.rt_tickets for select to authenticated using (owner = auth.uid());
    alter publication supabase_realtime add table public.rt_tickets;
  `)
  alice = await createUser(stack.db.pool)
  bob = await createUser(stack.db.pool)
})
afterAll(async () => {
  await Promise.all(clients.map((created) => created.removeAllChannels()))
  await stack.stop()
})

describe('postgres_changes', () => {
  it('delivers an INSERT only to subscribers whose RLS lets them see the row, without unselectable columns', async () => {
    const aliceInbox = await watch(alice, 'tickets-a', 'INSERT')
    const bobInbox = await watch(bob, 'tickets-b', 'INSERT')

    await insert(alice.id, 'for alice')
    await insert(bob.id, 'for bob')

    const [aliceChange] = await aliceInbox.waitFor(1)
    const [bobChange] = await bobInbox.waitFor(1)
    expect(aliceChange).toMatchObject({
      eventType: 'INSERT',
      schema: 'public',
      table: 'rt_tickets',
      new: { title: 'for alice', owner: alice.id },
      old: {},
      errors: null
    })
    expect(aliceChange!.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(typeof (aliceChange!.new as Ticket).id).toBe('number')
    expect(aliceChange!.new).not.toHaveProperty('secret')
    expect(bobChange!.new).toMatchObject({ title: 'for bob' })
    await insert(alice.id, 'marker')
    expect(await aliceInbox.until(isMarker)).toHaveLength(1)
  })

  it('applies eq, neq, lt, lte, gt, gte and in filters with the column type', async () => {
    const filters = [
      'priority=eq.2',
      'priority=neq.2',
      'priority=lt.2',
      'priority=lte.2',
      'priority=gt.2',
      'priority=gte.2',
      'priority=in.(1,3)'
    ]
    const inboxes = await Promise.all(filters.map((filter, i) => watch(alice, `filtered-${i}`, 'INSERT', filter)))
    for (const priority of [1, 2, 3, 10]) await insert(alice.id, `p${priority}`, priority)
    const expected = [[2], [1, 3, 10], [1], [1, 2], [3, 10], [2, 3, 10], [1, 3]]
    // Every filter passes at least one of these: what it was going to get came before.
    for (const priority of [1, 2, 3]) await insert(alice.id, 'marker', priority)
    const seen = await Promise.all(inboxes.map((inbox) => inbox.until(isMarker)))
    expect(seen.map((changes) => changes.map((change) => (change.new as Ticket).priority))).toEqual(expected)
  })

  it('sends UPDATE with the primary key as old record, or the whole old row with REPLICA IDENTITY FULL', async () => {
    const inbox = await watch(alice, 'tickets-updates', 'UPDATE')
    const id = await insert(alice.id, 'before', 5)
    await stack.db.pool.query('update public.rt_tickets set title = $2 where id = $1', [id, 'after'])
    const [first] = await inbox.waitFor(1)
    expect(first).toMatchObject({ eventType: 'UPDATE', new: { title: 'after', priority: 5 }, old: { id: Number(id) } })
    expect(Object.keys(first!.old)).toEqual(['id'])

    await stack.db.pool.query('alter table public.rt_tickets replica identity full')
    await stack.db.pool.query('update public.rt_tickets set title = $2 where id = $1', [id, 'again'])
    const [, second] = await inbox.waitFor(2)
    expect(second!.old).toEqual({ id: Number(id), owner: alice.id, title: 'after', priority: 5 })
    await stack.db.pool.query('alter table public.rt_tickets replica identity default')
  })

  it('sends DELETE as Supabase does: not RLS-checked, old record reduced to the primary key', async () => {
    const aliceInbox = await watch(alice, 'tickets-deletes-a', 'DELETE')
    const bobInbox = await watch(bob, 'tickets-deletes-b', 'DELETE')
    const id = await insert(alice.id, 'doomed')
    await stack.db.pool.query('delete from public.rt_tickets where id = $1', [id])
    const [aliceChange] = await aliceInbox.waitFor(1)
    const [bobChange] = await bobInbox.waitFor(1)
    expect(aliceChange).toMatchObject({ eventType: 'DELETE', new: {}, old: { id: Number(id) } })
    expect(bobChange!.old).toEqual({ id: Number(id) })
  })

  it('checks RLS with the claims of a refreshed access_token', async () => {
    let current = alice.token
    const supabase = await clientFor(stack.url, stack.anonKey, () => current)
    clients.push(supabase)
    const inbox = new Inbox<Change>()
    const channel = await joined(
      supabase
        .channel('tickets-refresh')
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'rt_tickets' }, inbox.push as (p: unknown) => void)
    )
    current = bob.token
    await supabase.realtime.setAuth()
    // Frames of one topic are handled in order: once track is answered, the token is applied.
    expect(await channel.track({})).toBe('ok')

    await insert(alice.id, 'alice after refresh')
    await insert(bob.id, 'bob after refresh')
    await insert(bob.id, 'marker')
    expect((await inbox.until(isMarker)).map((change) => (change.new as Ticket).title)).toEqual(['bob after refresh'])
  })

  it('reports a table outside the supabase_realtime publication in a system message', async () => {
    await stack.db.pool.query('create table public.rt_unpublished (id int primary key)')
    const system = new Inbox<{ extension: string; status: string; message: string }>()
    const channel = (await as(alice))
      .channel('unpublished')
      .on('postgres_changes', { event: '*', schema: 'public', table: 'rt_unpublished' }, () => undefined)
      .on('system', {}, system.push as (p: unknown) => void)
    await joined(channel)
    const [message] = await system.waitFor(1)
    expect(message).toMatchObject({ extension: 'postgres_changes', status: 'error' })
    expect(message!.message).toContain('Unable to subscribe to changes with given parameters')
  })

  it('confirms a valid subscription with a system ok', async () => {
    const system = new Inbox<{ extension: string; status: string; message: string }>()
    const channel = (await as(alice))
      .channel('published')
      .on('postgres_changes', { event: '*', schema: 'public', table: 'rt_tickets' }, () => undefined)
      .on('system', {}, system.push as (p: unknown) => void)
    await joined(channel)
    expect((await system.waitFor(1))[0]).toMatchObject({ extension: 'postgres_changes', status: 'ok', message: 'Subscribed to PostgreSQL' })
  })
})
