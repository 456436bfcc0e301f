import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor, createUser, Inbox, joined, type RealtimeUser, subscribe, tokenFor } from './realtime.helpers.ts'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack
const clients: SupabaseClient[] = []
const client = async (token?: () => string) => {
  const created = await clientFor(stack.url, stack.anonKey, token)
  clients.push(created)
  return created
}
const as = (user: RealtimeUser) => client(() => user.token)

let member: RealtimeUser
let reader: RealtimeUser
let outsider: RealtimeUser

// Test policies on realtime.messages, shaped like the ones Parley's schema uses: membership
// decides reading, and only members with can_send may broadcast or track presence.
beforeAll(async () => {
  stack = await startTestStack()
  await stack.db.pool.query(`
    create table public.rt_members (topic text not null, user_id uuid not null, can_send boolean not null default true);
    grant select on public.rt_members to authenticated;
    create policy rt_read on realtime.messages for select to authenticated using (
      extension in ('broadcast', 'presence')
      and exists (select 1 from public.rt_members m where m.topic = realtime.topic() and m.user_id = auth.uid()));
    create policy rt_send on realtime.messages for insert to authenticated with check (
      extension in ('broadcast', 'presence')
      and exists (select 1 from public.rt_members m where m.topic = realtime.topic() and m.user_id = auth.uid() and m.can_send));
  `)
  member = await createUser(stack.db.pool)
  reader = await createUser(stack.db.pool)
  outsider = await createUser(stack.db.pool)
  await stack.db.pool.query(
    `insert into public.rt_members (topic, user_id, can_send) values ('room:a', $1, true), ('room:a', $2, false), ('room:b', $3, true)`,
    [member.id, reader.id, outsider.id]
  )
})
afterAll(async () => {
  await Promise.all(clients.map((created) => created.removeAllChannels()))
  await stack.stop()
})

describe('private channels', () => {
  it('lets a member join and refuses a user whose RLS denies the topic', async () => {
    await joined((await as(member)).channel('room:a', { config: { private: true } }))
    const outcome = await subscribe((await as(outsider)).channel('room:a', { config: { private: true } }))
    expect(outcome.status).toBe('CHANNEL_ERROR')
    expect(outcome.status !== 'SUBSCRIBED' && outcome.error?.message).toBe(
      'Unauthorized: You do not have permissions to read from this Channel topic: room:a'
    )
  })

  it('refuses anonymous (anon key) joins to a private topic', async () => {
    const outcome = await subscribe((await client()).channel('room:a', { config: { private: true } }))
    expect(outcome.status).toBe('CHANNEL_ERROR')
  })

  it('delivers a database broadcast to exactly the authorized subscribers', async () => {
    const memberInbox = new Inbox<{ event: string; payload: unknown; meta?: { id: string } }>()
    const readerInbox = new Inbox<{ event: string; payload: unknown }>()
    const publicInbox = new Inbox<unknown>()
    const otherInbox = new Inbox<{ event: string }>()
    await joined(
      (await as(member))
        .channel('room:a', { config: { private: true } })
        .on('broadcast', { event: '*' }, memberInbox.push as (m: unknown) => void)
    )
    await joined(
      (await as(reader))
        .channel('room:a', { config: { private: true } })
        .on('broadcast', { event: '*' }, readerInbox.push as (m: unknown) => void)
    )
    await joined((await as(outsider)).channel('room:a').on('broadcast', { event: '*' }, publicInbox.push))
    await joined(
      (await as(outsider))
        .channel('room:b', { config: { private: true } })
        .on('broadcast', { event: '*' }, otherInbox.push as (m: unknown) => void)
    )

    await stack.db.pool.query(`select realtime.send('{"text":"secret"}'::jsonb, 'message', 'room:a', true)`)
    await stack.db.pool.query(`select realtime.send('{"text":"public"}'::jsonb, 'message', 'room:a', false)`)

    const [received] = await memberInbox.waitFor(1)
    expect(received).toMatchObject({ type: 'broadcast', event: 'message', payload: { text: 'secret' }, meta: { id: expect.any(String) } })
    // realtime.send gives every payload an id, the message's own, as on Supabase.
    expect((await readerInbox.waitFor(1)).map((m) => m.payload)).toEqual([{ text: 'secret', id: expect.any(String) }])
    expect(await publicInbox.waitFor(1)).toMatchObject([{ payload: { text: 'public' } }])
    await stack.db.pool.query(`select realtime.send('{}'::jsonb, 'marker', 'room:a', true)`)
    await stack.db.pool.query(`select realtime.send('{}'::jsonb, 'marker', 'room:b', true)`)
    expect(await memberInbox.until((m) => m.event === 'marker')).toHaveLength(1)
    expect(await otherInbox.until((m) => m.event === 'marker')).toEqual([])
  })

  it('delivers large database broadcasts whole, in commit order', async () => {
    const inbox = new Inbox<{ event: string; payload: { text: string } }>()
    await joined(
      (await as(member))
        .channel('room:a', { config: { private: true } })
        .on('broadcast', { event: '*' }, inbox.push as (m: unknown) => void)
    )
    const big = 'x'.repeat(20_000)
    await stack.db.pool.query(`select realtime.send(jsonb_build_object('text', $1::text), 'big', 'room:a', true)`, [big])
    await stack.db.pool.query(`select realtime.send('{"text":"small"}'::jsonb, 'small', 'room:a', true)`)
    const received = await inbox.waitFor(2)
    expect(received.map((m) => [m.event, m.payload.text.length])).toEqual([
      ['big', 20_000],
      ['small', 5]
    ])
  })

  it('hears the database again by itself when its replication connection is cut', async () => {
    const inbox = new Inbox<{ event: string }>()
    await joined(
      (await as(member))
        .channel('room:a', { config: { private: true } })
        .on('broadcast', { event: '*' }, inbox.push as (m: unknown) => void)
    )
    const streaming = "select active_pid from pg_replication_slots where slot_name like 'parley_realtime_%' and active_pid is not null"
    const before = (await stack.db.pool.query<{ active_pid: number }>(streaming)).rows.map((row) => row.active_pid)
    expect(before).toHaveLength(1)
    await stack.db.pool.query('select pg_terminate_backend($1)', [before[0]])
    // A new stream on a new slot; what is committed from then on is heard.
    await expect
      .poll(async () => (await stack.db.pool.query<{ active_pid: number }>(streaming)).rows.filter((row) => row.active_pid !== before[0]), {
        timeout: 30_000
      })
      .toHaveLength(1)
    await stack.db.pool.query(`select realtime.send('{}'::jsonb, 'after-cut', 'room:a', true)`)
    expect((await inbox.waitFor(1)).map((m) => m.event)).toEqual(['after-cut'])
  })

  it('carries realtime.broadcast_changes from a trigger', async () => {
    await stack.db.pool.query(`
      create table public.rt_notes (id bigint generated always as identity primary key, body text);
      create function public.rt_notes_broadcast() returns trigger language plpgsql security definer as $$
      begin
        perform realtime.broadcast_changes('room:a', tg_op, tg_op, tg_table_name, tg_table_schema, new, old);
        return null;
      end $$;
      create trigger rt_notes_broadcast after insert on public.rt_notes for each row execute function public.rt_notes_broadcast();
    `)
    const inbox = new Inbox<{ event: string; payload: Record<string, unknown> }>()
    await joined(
      (await as(member))
        .channel('room:a', { config: { private: true } })
        .on('broadcast', { event: 'INSERT' }, inbox.push as (m: unknown) => void)
    )
    await stack.db.pool.query(`insert into public.rt_notes (body) values ('from a trigger')`)
    const [message] = await inbox.waitFor(1)
    expect(message!.payload).toMatchObject({
      operation: 'INSERT',
      table: 'rt_notes',
      schema: 'public',
      record: { body: 'from a trigger' },
      old_record: null
    })
  })

  it('lets members with the INSERT policy broadcast and drops the sends of those without it', async () => {
    const inbox = new Inbox<{ event: string }>()
    await joined(
      (await as(member))
        .channel('room:a', { config: { private: true } })
        .on('broadcast', { event: '*' }, inbox.push as (m: unknown) => void)
    )
    const readOnly = await joined((await as(reader)).channel('room:a', { config: { private: true, broadcast: { ack: true } } }))
    const sender = await joined((await as(outsider)).channel('room:b', { config: { private: true, broadcast: { ack: true } } }))
    expect(sender).toBeDefined()

    expect(await readOnly.send({ type: 'broadcast', event: 'not-allowed', payload: {} }, { timeout: 500 })).toBe('timed out')
    const writer = await joined((await as(member)).channel('room:a', { config: { private: true, broadcast: { ack: true, self: true } } }))
    expect(await writer.send({ type: 'broadcast', event: 'allowed', payload: {} })).toBe('ok')
    const received = await inbox.waitFor(1)
    expect(received.map((m) => m.event)).toEqual(['allowed'])
  })

  it('accepts private REST broadcasts only from callers who pass the INSERT policy', async () => {
    const inbox = new Inbox<{ event: string }>()
    await joined(
      (await as(member))
        .channel('room:a', { config: { private: true } })
        .on('broadcast', { event: '*' }, inbox.push as (m: unknown) => void)
    )
    const fromOutsider = (await as(outsider)).channel('room:a', { config: { private: true } })
    expect(await fromOutsider.httpSend('from-outsider', { n: 1 })).toEqual({ success: true })
    const service = createClient(stack.url, stack.serviceRoleKey, { auth: { persistSession: false, autoRefreshToken: false } })
    clients.push(service)
    expect(await service.channel('room:a', { config: { private: true } }).httpSend('from-service', { n: 2 })).toEqual({ success: true })
    expect(await service.channel('room:a', { config: { private: true } }).httpSend('marker', {})).toEqual({ success: true })
    expect((await inbox.until((m) => m.event === 'marker')).map((m) => m.event)).toEqual(['from-service'])
  })

  it('needs the INSERT policy for presence.track', async () => {
    const readOnly = await joined((await as(reader)).channel('room:a', { config: { private: true, presence: { key: 'reader' } } }))
    expect(await readOnly.track({ online: true })).toBe('error')
    const writer = await joined((await as(member)).channel('room:a', { config: { private: true, presence: { key: 'member' } } }))
    expect(await writer.track({ online: true })).toBe('ok')
  })
})

describe('access tokens', () => {
  it("refuses a join with an expired token, with Supabase's reason", async () => {
    const expired = await tokenFor(member.id, -5)
    const outcome = await subscribe((await client(() => expired)).channel('room:a', { config: { private: true } }))
    expect(outcome.status).toBe('CHANNEL_ERROR')
    expect(outcome.status !== 'SUBSCRIBED' && outcome.error?.message).toMatch(/^InvalidJWTToken: Token has expired \d+ seconds ago$/)
  })

  it('closes the channel with a system error when its token expires', async () => {
    // Long enough for the join to finish first on a loaded machine.
    const shortLived = await tokenFor(member.id, 5)
    const system = new Inbox<{ status: string; message: string; extension: string }>()
    const statuses = new Inbox<string>()
    const channel = (await client(() => shortLived))
      .channel('room:a', { config: { private: true } })
      .on('system', {}, system.push as (m: unknown) => void)
    channel.subscribe((status) => statuses.push(status))
    await statuses.waitFor(1)
    expect(statuses.items[0]).toBe('SUBSCRIBED')
    await statuses.waitFor(2)
    expect(statuses.items[1]).toBe('CLOSED')
    expect(system.items).toContainEqual(
      expect.objectContaining({
        extension: 'system',
        status: 'error',
        message: expect.stringMatching(/^Token has expired \d+ seconds ago$/)
      })
    )
  })

  it('applies a refreshed access_token: new claims are re-checked and revoked access closes the channel', async () => {
    const loser = await createUser(stack.db.pool)
    await stack.db.pool.query(`insert into public.rt_members (topic, user_id) values ('room:c', $1)`, [loser.id])
    let current = loser.token
    const supabase = await client(() => current)
    const system = new Inbox<{ message: string }>()
    const statuses = new Inbox<string>()
    supabase
      .channel('room:c', { config: { private: true } })
      .on('system', {}, system.push as (m: unknown) => void)
      .subscribe((status) => statuses.push(status))
    await statuses.waitFor(1)
    expect(statuses.items[0]).toBe('SUBSCRIBED')

    await stack.db.pool.query(`delete from public.rt_members where topic = 'room:c' and user_id = $1`, [loser.id])
    current = await tokenFor(loser.id, 7200)
    await supabase.realtime.setAuth()
    await statuses.waitFor(2)
    expect(statuses.items[1]).toBe('CLOSED')
    expect(system.items).toContainEqual(
      expect.objectContaining({ message: 'You do not have permissions to read from this Channel topic: room:c' })
    )
  })
})
