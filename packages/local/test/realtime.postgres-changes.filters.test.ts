import type { RealtimeChannel, RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor, createUser, Inbox, joined, type RealtimeUser, subscribe } from './realtime.helpers.ts'
import { startTestStack, type TestStack } from './stack.ts'

type Row = { id: number; owner: string; title: string; note: string | null; done: boolean | null; priority: number }
type Change = RealtimePostgresChangesPayload<Row>
type System = { extension: string; status: string; message: string; channel: string }

let stack: TestStack
let alice: RealtimeUser
let client: SupabaseClient
let counter = 0

const insert = async (values: Partial<Row>) =>
  stack.db.pool.query('insert into public.rt_filtered (owner, title, note, done, priority) values ($1, $2, $3, $4, $5)', [
    alice.id,
    values.title ?? 'x',
    values.note ?? null,
    values.done ?? null,
    values.priority ?? 0
  ])

/** Subscribes with raw binding params (as realtime-js sends them) and collects changes and system messages. */
async function watch(
  params: Record<string, unknown>
): Promise<{ changes: Inbox<Change>; system: Inbox<System>; channel: RealtimeChannel }> {
  const changes = new Inbox<Change>()
  const system = new Inbox<System>()
  const channel = client
    .channel(`filtered-${++counter}`)
    .on(
      'postgres_changes',
      { event: 'INSERT', schema: 'public', table: 'rt_filtered', ...params } as never,
      changes.push as (p: unknown) => void
    )
    .on('system', {}, system.push as (p: unknown) => void)
  await joined(channel)
  return { changes, system, channel }
}

beforeAll(async () => {
  stack = await startTestStack()
  await stack.db.pool.query(`
    create table public.rt_filtered (
      id bigint generated always as identity primary key, owner uuid not null, title text not null,
      note text, done boolean, priority int not null default 0);
    grant select on public.rt_filtered to authenticated;
    alter publication supabase_realtime add table public.rt_filtered;
  `)
  alice = await createUser(stack.db.pool)
  client = await clientFor(stack.url, stack.anonKey, () => alice.token)
})
afterAll(async () => {
  await client.removeAllChannels()
  await stack.stop()
})

describe('postgres_changes filters as Realtime accepts them', () => {
  it('applies like, ilike, is, match, imatch, isdistinct and not. on any operator', async () => {
    const cases: [string, string[]][] = [
      ['title=like.Re%', ['Report']],
      ['title=ilike.re%', ['Report', 'report', 'rex']],
      ['note=is.null', ['Report', 'rex']],
      ['done=is.true', ['report']],
      ['title=match.^r.x$', ['rex']],
      ['title=imatch.^REP', ['Report', 'report']],
      ['note=isdistinct.a', ['Report', 'rex', 'other']],
      ['title=not.in.(Report,rex)', ['report', 'other']],
      ['note=not.is.null', ['report', 'other']],
      ['title=not.ilike.re%', ['other']],
      ['priority=not.eq.1,title=not.like.%x', ['Report', 'other']]
    ]
    const watchers = await Promise.all(cases.map(([filter]) => watch({ filter })))
    // Unfiltered, on the same socket: once it has all four rows, every filtered watcher has had
    // whatever it was going to get from them.
    const everything = await watch({})
    await insert({ title: 'Report', priority: 0 })
    await insert({ title: 'report', note: 'a', done: true, priority: 1 })
    await insert({ title: 'rex', priority: 2 })
    await insert({ title: 'other', note: 'b', done: false, priority: 3 })
    for (const [i, [, expected]] of cases.entries()) await watchers[i]!.changes.waitFor(expected.length)
    await everything.changes.waitFor(4)
    expect(watchers.map(({ changes }) => changes.items.map((change) => (change.new as Row).title))).toEqual(
      cases.map(([, expected]) => expected)
    )
    for (const { system } of watchers)
      expect((await system.waitFor(1))[0]).toMatchObject({ status: 'ok', message: 'Subscribed to PostgreSQL' })
  })

  it("reports what Realtime's grammar refuses in a system message, in Realtime's words", async () => {
    const refused: [Record<string, unknown>, string][] = [
      [{ filter: 'title=fts.hey' }, 'Error parsing `filter` params: ["fts", "hey"]'],
      [{ filter: 'undefined' }, 'Error parsing `filter` params: ["undefined"]'],
      [{ filter: 'id=in.1,2' }, 'Error parsing `filter` params: `in` filter value must be wrapped by parentheses'],
      [{ filter: 'id=eq.1,,id=eq.2' }, 'Error parsing `filter` params: filter must not contain empty segments (check for extra commas)'],
      [{ select: 'title' }, 'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]'],
      [
        { table: '*', select: ['title'] },
        'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.'
      ]
    ]
    for (const [params, message] of refused) {
      const { system } = await watch(params)
      expect((await system.waitFor(1))[0], JSON.stringify(params)).toMatchObject({
        extension: 'postgres_changes',
        status: 'error',
        message
      })
    }
  })

  it('with postgres_changes_options.wait, refuses the join itself for a binding Realtime refuses', async () => {
    const channel = client
      .channel(`waited-${++counter}`, { config: { postgres_changes_options: { wait: true } } as never })
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'rt_filtered', filter: 'title=fts.hey' }, () => undefined)
    const outcome = await subscribe(channel)
    expect(outcome.status).toBe('CHANNEL_ERROR')
    expect(outcome.status !== 'SUBSCRIBED' && outcome.error?.message).toContain(
      'RealtimeDisabledForConfiguration: Error parsing `filter` params: ["fts", "hey"]'
    )

    const system = new Inbox<System>()
    await joined(
      client
        .channel(`waited-${++counter}`, { config: { postgres_changes_options: { wait: true } } as never })
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'rt_filtered', filter: 'title=eq.x' }, () => undefined)
        .on('system', {}, system.push as (p: unknown) => void)
    )
    expect((await system.waitFor(1))[0]).toMatchObject({ extension: 'postgres_changes', status: 'ok', message: 'Subscribed to PostgreSQL' })
  })

  it('sends only the select columns and the primary key; an empty list sends the key alone', async () => {
    const some = await watch({ select: ['title', 'priority'] })
    const keyOnly = await watch({ select: [] })
    const all = await watch({})
    await insert({ title: 'selected', note: 'n', priority: 7 })
    const [[someChange], [keyChange], [allChange]] = await Promise.all([
      some.changes.waitFor(1),
      keyOnly.changes.waitFor(1),
      all.changes.waitFor(1)
    ])
    expect(Object.keys(someChange!.new).sort()).toEqual(['id', 'priority', 'title'])
    expect(someChange!.new).toMatchObject({ title: 'selected', priority: 7 })
    expect(Object.keys(keyChange!.new)).toEqual(['id'])
    expect(Object.keys(allChange!.new).sort()).toEqual(['done', 'id', 'note', 'owner', 'priority', 'title'])
  })
})
