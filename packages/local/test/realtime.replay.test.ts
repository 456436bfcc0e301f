import { once } from 'node:events'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { clientFor, createUser, Inbox, joined, type RealtimeUser, subscribe } from './realtime.helpers.ts'
import { startTestStack, type TestStack } from './stack.ts'

type Received = { event: string; payload: { n?: number }; meta?: { replayed?: boolean; id?: string } }

let stack: TestStack
let member: RealtimeUser
let outsider: RealtimeUser
const clients: SupabaseClient[] = []
const as = async (user: RealtimeUser) => {
  const created = await clientFor(stack.url, stack.anonKey, () => user.token)
  clients.push(created)
  return created
}
const send = (topic: string, n: number, isPrivate = true) =>
  stack.db.pool.query(`select realtime.send(jsonb_build_object('n', $1::int), 'note', $2, $3)`, [n, topic, isPrivate])

beforeAll(async () => {
  stack = await startTestStack()
  await stack.db.pool.query(`
    create table public.rt_replay_members (topic text not null, user_id uuid not null, reads_broadcast boolean not null default true);
    grant select on public.rt_replay_members to authenticated;
    create policy rt_replay_read on realtime.messages for select to authenticated using (
      exists (select 1 from public.rt_replay_members m where m.topic = realtime.topic() and m.user_id = auth.uid()
                and (m.reads_broadcast or extension = 'presence')));
  `)
  member = await createUser(stack.db.pool)
  outsider = await createUser(stack.db.pool)
  await stack.db.pool.query(
    `insert into public.rt_replay_members (topic, user_id, reads_broadcast) values ('replay:a', $1, true), ('replay:b', $1, true), ('replay:a', $2, false)`,
    [member.id, outsider.id]
  )
})
afterAll(async () => {
  await Promise.all(clients.map((created) => created.removeAllChannels()))
  await stack.stop()
})

describe('broadcast replay', () => {
  it('replays the stored private broadcasts since a time, oldest first, the last `limit` of them, marked replayed', async () => {
    await send('replay:a', 1)
    // Whether message 1 falls after `since` or not, the last two before the join are 3 and 4.
    const since = Date.now()
    for (const n of [2, 3, 4]) await send('replay:a', n)
    await send('replay:a', 99, false) // public: never replayed
    await send('replay:other', 98)

    const inbox = new Inbox<Received>()
    const channel = (await as(member))
      .channel('replay:a', { config: { private: true, broadcast: { replay: { since, limit: 2 } } } })
      .on('broadcast', { event: 'note' }, inbox.push as (p: unknown) => void)
    await joined(channel)
    await inbox.waitFor(2)
    await send('replay:a', 5)
    await send('replay:a', 6)
    // 6 arrives after anything a second replay or a duplicate of 5 would have brought.
    expect((await inbox.until((item) => item.payload.n === 6)).map((item) => item.payload.n)).toEqual([3, 4, 5])
    expect(inbox.items[0]!.meta).toMatchObject({ replayed: true, id: expect.any(String) })
    expect(inbox.items[2]!.meta?.replayed).toBeUndefined()
  })

  it('caps a replay at 25 messages and defaults since to the beginning', async () => {
    for (let n = 0; n < 30; n++) await send('replay:b', n)
    const inbox = new Inbox<Received>()
    const channel = (await as(member))
      .channel('replay:b', { config: { private: true, broadcast: { replay: { since: 0, limit: 100 } } } })
      .on('broadcast', { event: 'note' }, inbox.push as (p: unknown) => void)
    await joined(channel)
    await inbox.waitFor(25)
    await send('replay:b', 1000)
    expect((await inbox.until((item) => item.payload.n === 1000)).map((item) => item.payload.n)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 5)
    )
  })

  it('refuses a replay on a public channel, which realtime-js never sends', async () => {
    const socket = new WebSocket(`${stack.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${stack.anonKey}&vsn=2.0.0`)
    await once(socket, 'open')
    const replyReceived = once(socket, 'message')
    socket.send(
      JSON.stringify([
        '1',
        '1',
        'realtime:replay:a',
        'phx_join',
        { config: { broadcast: { replay: { since: 0 } } }, access_token: member.token }
      ])
    )
    const [data] = await replyReceived
    socket.close()
    expect(JSON.parse(String(data))).toEqual([
      '1',
      '1',
      'realtime:replay:a',
      'phx_reply',
      { status: 'error', response: { reason: 'UnableToReplayMessages: Replay is not allowed for public channels' } }
    ])
  })

  it('refuses a replay to readers without broadcast read, and params that are not integers', async () => {
    const presenceOnly = await subscribe(
      (await as(outsider)).channel('replay:a', { config: { private: true, broadcast: { replay: { since: 0 } } } })
    )
    expect(presenceOnly.status !== 'SUBSCRIBED' && presenceOnly.error?.message).toBe(
      'Unauthorized: You do not have permissions to read from this Channel topic: replay:a'
    )
    const badParams = await subscribe(
      (await as(member)).channel('replay:a', {
        config: { private: true, broadcast: { replay: { since: 'yesterday' as unknown as number } } }
      })
    )
    expect(badParams.status !== 'SUBSCRIBED' && badParams.error?.message).toBe('UnableToReplayMessages: Replay params are not valid')
  })
})

describe('replication_ready', () => {
  it('sends the system ok Supabase sends once changes can flow, only to channels that ask', async () => {
    const asked = new Inbox<{ extension: string; status: string; message: string; channel: string }>()
    const notAsked = new Inbox<{ message?: string; payload?: { n?: number } }>()
    await joined(
      (await as(member))
        .channel('ready:a', { config: { broadcast: { replication_ready: true } } })
        .on('system', {}, asked.push as (p: unknown) => void)
    )
    await joined(
      (await as(member))
        .channel('ready:b')
        .on('system', {}, notAsked.push as (p: unknown) => void)
        .on('broadcast', { event: 'note' }, notAsked.push as (p: unknown) => void)
    )
    expect((await asked.waitFor(1))[0]).toEqual({
      extension: 'system',
      status: 'ok',
      message: 'Replication connection established',
      channel: 'ready:a'
    })
    // A broadcast sent now arrives after any system message the join could have brought.
    await send('ready:b', 1, false)
    expect(await notAsked.until((item) => item.payload?.n === 1)).toEqual([])
  })
})
