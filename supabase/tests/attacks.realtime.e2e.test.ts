import { randomUUID } from 'node:crypto'
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { decodeJwt, SignJWT } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { clientFor, Inbox, type SubscribeOutcome, subscribe } from '../../packages/local/test/realtime.helpers.ts'
import {
  anonClient,
  anonymousCustomer,
  buildWorld,
  createStaff,
  JULIE,
  LAVOIE,
  query,
  SEED_CLAIM,
  send,
  startCustomer,
  unchanged,
  type World
} from './attack-fixtures.ts'

// Attacks through Realtime with unmodified supabase-js: private topics, database broadcasts,
// client broadcasts, public channels with private names, postgres_changes.

let world: World
beforeAll(async () => {
  world = await buildWorld()
})
afterAll(() => world?.stack.stop())

const used = new Set<SupabaseClient>()
afterEach(async () => {
  await Promise.all([...used].map((client) => client.removeAllChannels()))
  used.clear()
})

interface Received {
  event: string
  payload: Record<string, unknown>
}

interface Joined {
  channel: RealtimeChannel
  outcome: SubscribeOutcome
  inbox: Inbox<Received>
}

async function join(client: SupabaseClient, topic: string, isPrivate = true): Promise<Joined> {
  used.add(client)
  const inbox = new Inbox<Received>()
  const channel = client
    .channel(topic, { config: { private: isPrivate } })
    .on('broadcast', { event: '*' }, (message) => inbox.push(message as unknown as Received))
  return { channel, inbox, outcome: await subscribe(channel) }
}

async function joinedOk(client: SupabaseClient, topic: string, isPrivate = true): Promise<Joined> {
  const joined = await join(client, topic, isPrivate)
  expect(joined.outcome.status, topic).toBe('SUBSCRIBED')
  return joined
}

function expectUnauthorized(joined: Joined, topic: string): void {
  expect({ topic, status: joined.outcome.status }).toEqual({ topic, status: 'CHANNEL_ERROR' })
  expect(joined.outcome.status !== 'SUBSCRIBED' && joined.outcome.error?.message).toBe(
    `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`
  )
}

const events = (inbox: Inbox<Received>) => inbox.items.map((item) => item.event)
const content = (text: string) => (item: Received) => item.payload.content === text

/**
 * Returns once a database broadcast sent now has reached `client`'s socket (on a public
 * channel of its own): anything broadcast before it that was going to reach that socket has.
 */
async function barrier(client: SupabaseClient): Promise<void> {
  const topic = `barrier:${randomUUID()}`
  const { inbox } = await joinedOk(client, topic, false)
  await query(world, `select realtime.send('{}'::jsonb, 'marker', $1, false)`, [topic])
  await inbox.until((item) => item.event === 'marker')
}

describe('Realtime: joining private topics one is not part of', () => {
  it("customer A is refused B's conversation, staff topics, B's claim and other users' topics", async () => {
    const { a, b } = world
    await joinedOk(a.client, `conversation:${a.conversationId}`)
    for (const topic of [
      `conversation:${b.conversationId}`,
      `conversation:${world.c.conversationId}`,
      `staff:${LAVOIE}`,
      `staff:${world.org2.id}`,
      `claim:${b.claimId}`,
      `claim:${SEED_CLAIM}`,
      `user:${JULIE.id}`,
      `user:${b.id}`
    ]) {
      expectUnauthorized(await join(a.client, topic), topic)
    }
  })

  it("malformed and look-alike topics are refused even around one's own conversation", async () => {
    const { a } = world
    for (const topic of [
      `conversation:${a.conversationId}x`,
      `conversation:${a.conversationId}:extra`,
      `conversation: ${a.conversationId}`,
      `conversation:${a.conversationId},conversation:${world.b.conversationId}`,
      'conversation:*',
      'conversation:%',
      `conversation:${a.conversationId}' or '1'='1`,
      'staff:*',
      `user:${a.id}/../${JULIE.id}`,
      `user:${a.id.toUpperCase()}x`,
      `${a.conversationId}`,
      'realtime'
    ]) {
      expectUnauthorized(await join(a.client, topic), topic)
    }
  })

  it("org 2 staff, org 1 f_and_i (no chat role) and the anon key are refused org 1's chat topics", async () => {
    const { a, org1, org2 } = world
    for (const topic of [`conversation:${a.conversationId}`, `staff:${LAVOIE}`, `claim:${SEED_CLAIM}`]) {
      expectUnauthorized(await join(org2.agent.client, topic), topic)
      expectUnauthorized(await join(org2.admin.client, topic), topic)
    }
    for (const topic of [`conversation:${a.conversationId}`, `staff:${LAVOIE}`]) {
      expectUnauthorized(await join(org1.fAndI.client, topic), topic)
    }
    // Org 1's chat staff hear A's conversation on their staff topic, never on A's own.
    const topic = `conversation:${a.conversationId}`
    expectUnauthorized(await join(org1.agent.client, topic), topic)
    const anon = anonClient(world.stack)
    for (const topic of [`conversation:${a.conversationId}`, `staff:${LAVOIE}`, `user:${a.id}`]) {
      expect((await join(anon, topic)).outcome.status).toBe('CHANNEL_ERROR')
    }
  })

  it('a JWT not signed by the project (wrong secret, alg none) joins nothing, whoever it names', async () => {
    const claims = { sub: world.b.id, role: 'authenticated', aud: 'authenticated', is_anonymous: true }
    const wrong = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('y'.repeat(40)))
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.`
    for (const token of [wrong, none]) {
      const forged = await clientFor(world.stack.url, world.stack.anonKey, () => token)
      used.add(forged)
      for (const topic of [`conversation:${world.b.conversationId}`, `user:${world.b.id}`]) {
        const joined = await join(forged, topic)
        expect({ topic, status: joined.outcome.status }).toEqual({ topic, status: expect.not.stringMatching(/^SUBSCRIBED$/) })
      }
    }
  })

  it('a revoked customer can no longer join', async () => {
    const victim = await startCustomer(world.stack, LAVOIE, 'Revoked')
    await joinedOk(victim.client, `conversation:${victim.conversationId}`)
    await victim.client.removeAllChannels()
    expect((await world.org1.agent.client.rpc('revoke_access_token', { conversation_id: victim.conversationId })).error).toBeNull()
    expectUnauthorized(await join(victim.client, `conversation:${victim.conversationId}`), `conversation:${victim.conversationId}`)
  })
})

describe('Realtime: revocation of a channel already joined', () => {
  it('after revoke, presenting a refreshed token ends the subscription: nothing more arrives', async () => {
    const victim = await startCustomer(world.stack, LAVOIE, 'Refreshed')
    const joined = await joinedOk(victim.client, `conversation:${victim.conversationId}`)
    await send(world.org1.agent, victim.conversationId, 'before revoke')
    await expect.poll(() => joined.inbox.items.some((m) => m.payload.content === 'before revoke')).toBe(true)

    expect((await world.org1.agent.client.rpc('revoke_access_token', { conversation_id: victim.conversationId })).error).toBeNull()
    // A JWT minted in the same second as the first one would be byte-identical.
    const issued = decodeJwt(victim.token).iat!
    await expect.poll(() => Math.floor(Date.now() / 1000)).toBeGreaterThan(issued)
    const refreshed = await victim.client.auth.refreshSession()
    expect(refreshed.error).toBeNull()
    expect(refreshed.data.session!.access_token).not.toBe(victim.token)
    await victim.client.realtime.setAuth(refreshed.data.session!.access_token)
    await expect.poll(() => joined.channel.state).toBe('closed')
    const seen = joined.inbox.items.length
    await send(world.org1.agent, victim.conversationId, 'after revoke')
    await barrier(victim.client)
    expect(JSON.stringify(joined.inbox.items.slice(seen))).not.toContain('after revoke')
  })
})

describe('Realtime: revocation of a channel joined before it (works on any Realtime server)', () => {
  async function currentTopic(actor: { client: SupabaseClient }, topic: string) {
    return actor.client.rpc('realtime_topic', { topic })
  }

  for (const how of ['rotate', 'kick'] as const) {
    it(`${how}: the token holder already joined hears nothing more, the conversation's own customer follows the moved topic`, async () => {
      const owner = await startCustomer(world.stack, LAVOIE, `Owner-${how}`)
      const holder = await anonymousCustomer(world.stack)
      expect((await holder.client.rpc('redeem_access_token', { token: owner.accessToken })).error).toBeNull()
      const base = `conversation:${owner.conversationId}`
      const ownerOld = await joinedOk(owner.client, base)
      const holderOld = await joinedOk(holder.client, base)
      await send(world.org1.agent, owner.conversationId, 'before')
      await expect
        .poll(() => holderOld.inbox.items.some((m) => m.payload.content === 'before'), { timeout: 20_000, interval: 50 })
        .toBe(true)

      if (how === 'rotate') {
        const rotated = await world.org1.agent.client.rpc('rotate_access_token', { conversation_id: owner.conversationId })
        expect(rotated.error).toBeNull()
        // The dealer hands the new link to its customer, not to whoever had the old one.
        expect((await owner.client.rpc('redeem_access_token', { token: rotated.data })).error).toBeNull()
      } else {
        const kicked = await world.org1.agent.client
          .from('conversation_access')
          .delete()
          .eq('conversation_id', owner.conversationId)
          .eq('user_id', holder.id)
        expect(kicked.error).toBeNull()
      }
      // Both old channels are told the topic moved; only the owner may learn where.
      for (const old of [ownerOld, holderOld]) {
        await expect.poll(() => events(old.inbox), { timeout: 20_000, interval: 50 }).toContain('topic_changed')
      }
      const moved = await currentTopic(owner, base)
      expect(moved.error).toBeNull()
      expect(moved.data).toBe(`${base}:1`)
      expect((await currentTopic(holder, base)).error).toMatchObject({ hint: 'NOT_FOUND' })
      expectUnauthorized(await join(holder.client, moved.data as string), moved.data as string)
      const ownerNew = await joinedOk(owner.client, moved.data as string)

      const seen = holderOld.inbox.items.length
      await send(world.org1.agent, owner.conversationId, 'after')
      expect((await world.org1.agent.client.rpc('set_typing', { conversation_id: owner.conversationId, is_typing: true })).error).toBeNull()
      await expect.poll(() => ownerNew.inbox.items.some((m) => m.payload.content === 'after'), { timeout: 20_000, interval: 50 }).toBe(true)
      await expect.poll(() => events(ownerNew.inbox), { timeout: 20_000, interval: 50 }).toContain('typing')
      await barrier(holder.client)
      await barrier(owner.client)
      expect(holderOld.inbox.items.slice(seen)).toEqual([])
      expect(JSON.stringify(ownerOld.inbox.items)).not.toContain('"after"')
    })
  }

  it('a claim token holder already joined hears no status change after the token is revoked', async () => {
    const claimHolder = await anonymousCustomer(world.stack)
    const issued = await world.org1.agent.client.rpc('issue_claim_access_token', { claim_id: SEED_CLAIM })
    expect(issued.error).toBeNull()
    expect((await claimHolder.client.rpc('redeem_access_token', { token: issued.data })).error).toBeNull()
    const base = `claim:${SEED_CLAIM}`
    const old = await joinedOk(claimHolder.client, (await currentTopic(claimHolder, base)).data as string)
    const staffName = (await currentTopic(world.org1.agent, base)).data as string
    expect((await world.org1.agent.client.rpc('revoke_claim_access_token', { claim_id: SEED_CLAIM })).error).toBeNull()
    await expect.poll(() => events(old.inbox), { timeout: 20_000, interval: 50 }).toEqual(['topic_changed'])
    const moved = (await currentTopic(world.org1.agent, base)).data as string
    expect(moved).not.toBe(staffName)
    const staffSide = await joinedOk(world.org1.agent.client, moved)
    expect(
      (
        await world.org1.agent.client.rpc('change_claim_status', {
          claim_id: SEED_CLAIM,
          new_status: 'info_requested',
          reason: 'After revocation'
        })
      ).error
    ).toBeNull()
    await expect.poll(() => events(staffSide.inbox).sort(), { timeout: 20_000, interval: 50 }).toEqual(['claim', 'claim_status'])
    await barrier(claimHolder.client)
    expect(events(old.inbox)).toEqual(['topic_changed'])
  })
})

describe('Realtime: staff who leave the chat stop hearing the staff topic joined before', () => {
  for (const how of ['deactivated', 'made f_and_i'] as const) {
    it(`${how}: their old channels hear only topic_changed; a colleague follows the new name and hears the customer and the note; they can neither learn nor join it`, async () => {
      // An organization of its own: moving LAVOIE's staff topic would disturb the other tests.
      const created = await world.service
        .from('organizations')
        .insert({ name: `Staff ${how}`, slug: `staff-${randomUUID().slice(0, 8)}` })
        .select('id')
        .single()
      expect(created.error).toBeNull()
      const org = created.data!.id as string
      const [admin, leaving, staying] = await Promise.all([
        createStaff(world.stack, world.service, org, 'admin', 'Ada Admin'),
        createStaff(world.stack, world.service, org, 'agent', 'Alain Leaving'),
        createStaff(world.stack, world.service, org, 'agent', 'Béa Staying')
      ])
      const customer = await startCustomer(world.stack, org, 'Zoé')
      const claim = await world.service
        .from('claims')
        .insert({ organization_id: org, claim_number: `RC-${randomUUID().slice(0, 8)}`, customer_name: 'Zoé' })
        .select('id')
        .single()
      expect(claim.error).toBeNull()
      const base = `staff:${org}`
      const claimBase = `claim:${claim.data!.id as string}`
      const leavingOld = await joinedOk(leaving.client, base)
      const leavingClaim = await joinedOk(leaving.client, claimBase)
      const stayingOld = await joinedOk(staying.client, base)

      const left =
        how === 'deactivated'
          ? await admin.client.rpc('deactivate_member', { member_id: leaving.id })
          : await admin.client.rpc('change_member_role', { member_id: leaving.id, role: 'f_and_i' })
      expect(left.error).toBeNull()
      for (const old of [leavingOld, stayingOld]) {
        await expect.poll(() => events(old.inbox), { timeout: 20_000, interval: 50 }).toContain('topic_changed')
      }
      // The colleague asks for the new name, as core does on topic_changed, and joins it.
      const moved = await staying.client.rpc('realtime_topic', { topic: base })
      expect(moved.error).toBeNull()
      expect(moved.data).toBe(`${base}:1`)
      const stayingNew = await joinedOk(staying.client, moved.data as string)

      await send(customer, customer.conversationId, 'customer after')
      await send(staying, customer.conversationId, 'NOTE after', { is_internal: true })
      await expect
        .poll(() => stayingNew.inbox.items.filter((m) => m.event === 'message').map((m) => m.payload.content), {
          timeout: 20_000,
          interval: 50
        })
        .toEqual(['customer after', 'NOTE after'])

      expect((await leaving.client.rpc('realtime_topic', { topic: base })).error).toMatchObject({ hint: 'NOT_FOUND' })
      expectUnauthorized(await join(leaving.client, moved.data as string), moved.data as string)
      await barrier(leaving.client)
      expect(events(leavingOld.inbox)).toEqual(['topic_changed'])
      expect(JSON.stringify(leavingOld.inbox.items)).not.toContain('after')
      // Nor may they join the old name again (supabase-js keeps one channel per name).
      await leaving.client.removeChannel(leavingOld.channel)
      expectUnauthorized(await join(leaving.client, base), base)
      // Claims: every role reads them, so only leaving the staff moves them.
      if (how === 'deactivated') {
        expect(events(leavingClaim.inbox)).toEqual(['topic_changed'])
        expect((await leaving.client.rpc('realtime_topic', { topic: claimBase })).error).toMatchObject({ hint: 'NOT_FOUND' })
      } else {
        expect(events(leavingClaim.inbox)).toEqual([])
        expect((await leaving.client.rpc('realtime_topic', { topic: claimBase })).data).toBe(claimBase)
      }
    })
  }
})

describe('Realtime: typing', () => {
  it('typing an internal note never reaches the customer (socket or REST); staff hear it as a note', async () => {
    const { org1 } = world
    const v = await startCustomer(world.stack, LAVOIE, 'Noémie')
    const customerSide = await joinedOk(v.client, `conversation:${v.conversationId}`)
    const staffSide = await joinedOk(org1.admin.client, `staff:${LAVOIE}`)
    expect(
      (await org1.agent.client.rpc('set_typing', { conversation_id: v.conversationId, is_typing: true, internal: true })).error
    ).toBeNull()
    expect((await v.client.from('typing_indicators').select('*').eq('conversation_id', v.conversationId)).data).toEqual([])
    expect(
      (await org1.agent.client.rpc('set_typing', { conversation_id: v.conversationId, is_typing: false, internal: true })).error
    ).toBeNull()
    await send(org1.agent, v.conversationId, 'sentinel')
    await expect
      .poll(() => customerSide.inbox.items.some((m) => m.payload.content === 'sentinel'), { timeout: 20_000, interval: 50 })
      .toBe(true)
    await expect
      .poll(
        () =>
          staffSide.inbox.items
            .filter((m) => m.event === 'typing' && m.payload.conversation_id === v.conversationId)
            .map((m) => [m.payload.is_typing, m.payload.is_internal]),
        { timeout: 20_000, interval: 50 }
      )
      .toEqual([
        [true, true],
        [false, true]
      ])
    await barrier(v.client)
    expect(events(customerSide.inbox)).not.toContain('typing')
    // A customer cannot pass for staff writing a note.
    expect((await v.client.rpc('set_typing', { conversation_id: v.conversationId, is_typing: true, internal: true })).error).toMatchObject({
      hint: 'NOT_AUTHORIZED'
    })
  })

  it('a typing flood is refused after 20 calls in 10 s, and broadcasts stop with it', async () => {
    const { org1 } = world
    const flooder = await startCustomer(world.stack, LAVOIE, 'Flood')
    const staffSide = await joinedOk(org1.admin.client, `staff:${LAVOIE}`)
    const results: Array<string | null> = []
    for (let index = 0; index < 40; index++) {
      const { error } = await flooder.client.rpc('set_typing', { conversation_id: flooder.conversationId, is_typing: index % 2 === 0 })
      results.push(error ? ((error as { hint?: string }).hint ?? error.message) : null)
    }
    expect(results.slice(0, 20)).toEqual(Array(20).fill(null))
    expect(results.slice(20)).toEqual(Array(20).fill('RATE_LIMITED'))
    await send(org1.agent, flooder.conversationId, 'sentinel')
    await expect
      .poll(() => staffSide.inbox.items.some((m) => m.payload.content === 'sentinel'), { timeout: 20_000, interval: 50 })
      .toBe(true)
    await barrier(org1.admin.client)
    expect(staffSide.inbox.items.filter((m) => m.event === 'typing' && m.payload.conversation_id === flooder.conversationId)).toHaveLength(
      20
    )
  })
})

describe('Realtime: what reaches whom', () => {
  it('a customer on their own topic never receives an internal note; org 2 staff receive nothing', async () => {
    const { a, org1, org2 } = world
    const mine = await joinedOk(a.client, `conversation:${a.conversationId}`)
    const staff1 = await joinedOk(org1.admin.client, `staff:${LAVOIE}`)
    const staff2 = await joinedOk(org2.agent.client, `staff:${org2.id}`)

    const note = await send(org1.agent, a.conversationId, 'INTERNAL: refund suspicious', { is_internal: true })
    await send(org1.agent, a.conversationId, 'Hello Alice')

    await expect.poll(() => mine.inbox.items.filter((m) => m.event === 'message').map((m) => m.payload.content)).toEqual(['Hello Alice'])
    await expect.poll(() => staff1.inbox.items.some((m) => m.event === 'message' && m.payload.id === note.id)).toBe(true)
    await barrier(a.client)
    await barrier(org2.agent.client)
    expect(JSON.stringify(mine.inbox.items)).not.toContain('INTERNAL')
    expect(JSON.stringify(mine.inbox.items)).not.toContain(note.id)
    // Not even a side signal: the note moves no customer-visible field of the conversation. The
    // reply is one event, carrying the conversation's new state.
    expect(events(mine.inbox)).toEqual(['message'])
    expect(mine.inbox.items[0]?.payload.conversation).toMatchObject({ id: a.conversationId, unread_count_customer: expect.any(Number) })
    expect(JSON.stringify(staff2.inbox.items)).not.toContain(a.conversationId)
  })

  it('nothing about another conversation (message, update, typing, deletion) reaches A or org 2 staff', async () => {
    const { a, org1, org2 } = world
    const x = await startCustomer(world.stack, LAVOIE, 'Xavier')
    const xTopic = await joinedOk(x.client, `conversation:${x.conversationId}`)
    const aTopic = await joinedOk(a.client, `conversation:${a.conversationId}`)
    const staff2 = await joinedOk(org2.agent.client, `staff:${org2.id}`)

    await send(x, x.conversationId, 'Xavier here')
    await send(org1.agent, x.conversationId, 'Hello Xavier')
    expect((await org1.agent.client.rpc('set_typing', { conversation_id: x.conversationId, is_typing: true })).error).toBeNull()
    expect((await org1.agent.client.rpc('mark_read', { conversation_id: x.conversationId })).error).toBeNull()
    expect(
      (await org1.agent.client.from('chat_conversations').update({ priority: 'urgent', status: 'resolved' }).eq('id', x.conversationId))
        .error
    ).toBeNull()
    expect((await org1.admin.client.rpc('delete_conversation', { conversation_id: x.conversationId })).error).toBeNull()

    // The audience that knew the conversation hears all of it, deletion included…
    await xTopic.inbox.waitFor(1)
    await expect.poll(() => events(xTopic.inbox)).toContain('conversation_deleted')
    // …and then something that must arrive after it on the outsiders' topics, did.
    await send(org1.agent, a.conversationId, 'sentinel A')
    await send(org2.agent, world.c.conversationId, 'sentinel org 2')
    await aTopic.inbox.until(content('sentinel A'))
    await staff2.inbox.until(content('sentinel org 2'))
    for (const inbox of [aTopic.inbox, staff2.inbox]) {
      expect(JSON.stringify(inbox.items)).not.toContain(x.conversationId)
      expect(events(inbox)).not.toContain('conversation_deleted')
    }
    expect(aTopic.inbox.items.map((m) => m.payload.content).filter(Boolean)).toEqual(['sentinel A'])
  })

  it('conversation events never carry the token (or its hash), and the customer never sees tags or internal notes', async () => {
    const { org1 } = world
    const v = await startCustomer(world.stack, LAVOIE, 'Valérie')
    const customerSide = await joinedOk(v.client, `conversation:${v.conversationId}`)
    const staffSide = await joinedOk(org1.admin.client, `staff:${LAVOIE}`)
    const [hash] = await query<{ hash: string }>(world, 'select hash from private.access_tokens where conversation_id = $1', [
      v.conversationId
    ])

    expect(
      (
        await org1.agent.client
          .from('chat_conversations')
          .update({ internal_notes: 'SECRET-NOTE', tags: ['SECRET-TAG'] })
          .eq('id', v.conversationId)
      ).error
    ).toBeNull()
    expect(
      (
        await org1.agent.client
          .from('chat_conversations')
          .update({ priority: 'high', internal_notes: 'SECRET-NOTE-2' })
          .eq('id', v.conversationId)
      ).error
    ).toBeNull()
    // A reply and a read receipt carry the conversation's state: in the customer's projection.
    await send(org1.agent, v.conversationId, 'Reply after the notes')
    expect((await org1.agent.client.rpc('mark_read', { conversation_id: v.conversationId })).error).toBeNull()
    const rotated = await org1.agent.client.rpc('rotate_access_token', { conversation_id: v.conversationId })
    expect(rotated.error).toBeNull()
    const [newHash] = await query<{ hash: string }>(world, 'select hash from private.access_tokens where conversation_id = $1', [
      v.conversationId
    ])

    await expect.poll(() => customerSide.inbox.items.some((m) => m.event === 'conversation' && m.payload.priority === 'high')).toBe(true)
    const carried = (event: string) => (m: { event: string; payload: Record<string, unknown> }) =>
      m.event === event && (m.payload.conversation as { priority?: string } | undefined)?.priority === 'high'
    await expect.poll(() => customerSide.inbox.items.some(carried('message'))).toBe(true)
    await expect.poll(() => customerSide.inbox.items.some(carried('read'))).toBe(true)
    await expect.poll(() => staffSide.inbox.items.some(carried('read'))).toBe(true)
    // Two updates; a rotation touches only private.access_tokens, not the conversation row.
    await expect
      .poll(() => staffSide.inbox.items.filter((m) => m.event === 'conversation' && m.payload.id === v.conversationId).length)
      .toBeGreaterThanOrEqual(2)
    await barrier(v.client)
    await barrier(org1.admin.client)
    const everything = JSON.stringify([customerSide.inbox.items, staffSide.inbox.items])
    for (const secret of [v.accessToken, rotated.data as string, hash!.hash, newHash!.hash]) expect(everything).not.toContain(secret)
    expect(JSON.stringify(customerSide.inbox.items)).not.toMatch(/SECRET-NOTE|SECRET-TAG|internal_notes|"tags"|unread_count_staff/)
    // The staff topic does carry them (positive control for the filter above).
    expect(JSON.stringify(staffSide.inbox.items)).toContain('SECRET-NOTE-2')
    // Nor is any of it stored where Realtime keeps broadcasts.
    const [stored] = await query<{ n: number }>(
      world,
      'select count(*)::int as n from realtime.messages where payload::text like any($1)',
      [[v.accessToken, rotated.data as string, hash!.hash, newHash!.hash].map((secret) => `%${secret}%`)]
    )
    expect(stored!.n).toBe(0)
  })

  it("a claim status change reaches the claim's audience only, without the staff's notes", async () => {
    const { a, b, org1, org2 } = world
    const bClaim = await joinedOk(b.client, `claim:${b.claimId}`)
    const aTopic = await joinedOk(a.client, `conversation:${a.conversationId}`)
    const staff2 = await joinedOk(org2.agent.client, `staff:${org2.id}`)
    expect(
      (
        await org1.agent.client.rpc('change_claim_status', {
          claim_id: b.claimId,
          new_status: 'info_requested',
          reason: 'Need photos',
          notes: 'STAFF-NOTE: customer sounded evasive'
        })
      ).error
    ).toBeNull()
    await bClaim.inbox.waitFor(2)
    expect(events(bClaim.inbox).sort()).toEqual(['claim', 'claim_status'])
    expect(JSON.stringify(bClaim.inbox.items)).toContain('Need photos')
    expect(JSON.stringify(bClaim.inbox.items)).not.toContain('STAFF-NOTE')
    const history = (await b.client.from('customer_claim_status_updates').select('reason, notes').eq('claim_id', b.claimId)).data!
    expect(history).toContainEqual({ reason: 'Need photos', notes: null })
    await send(org1.agent, a.conversationId, 'sentinel A')
    await send(org2.agent, world.c.conversationId, 'sentinel org 2')
    await aTopic.inbox.until(content('sentinel A'))
    await staff2.inbox.until(content('sentinel org 2'))
    expect(JSON.stringify([aTopic.inbox.items, staff2.inbox.items])).not.toContain(b.claimId)
  })

  it('a notification reaches its user only', async () => {
    const { a, org1, service } = world
    const mine = await joinedOk(org1.admin.client, `user:${org1.admin.id}`)
    expectUnauthorized(await join(org1.agent.client, `user:${org1.admin.id}`), `user:${org1.admin.id}`)
    expectUnauthorized(await join(a.client, `user:${org1.admin.id}`), `user:${org1.admin.id}`)
    expect(
      (
        await service
          .from('notifications')
          .insert({ organization_id: LAVOIE, user_id: org1.admin.id, type: 'system_alert', title: 'For the admin' })
      ).error
    ).toBeNull()
    expect((await mine.inbox.waitFor(1))[0]).toMatchObject({ event: 'notification', payload: { title: 'For the admin' } })
  })
})

describe('Realtime: injecting events', () => {
  it('a participant cannot broadcast a forged message on their own topic (socket or REST)', async () => {
    const { a, org1 } = world
    const staffSide = await joinedOk(org1.agent.client, `staff:${LAVOIE}`)
    const customerSide = await joinedOk(a.client, `conversation:${a.conversationId}`)
    const forged = {
      id: randomUUID(),
      sender_type: 'staff',
      sender_name: 'Julie Tremblay',
      content: 'FORGED: pay here',
      is_internal: false
    }
    await unchanged(world, async () => {
      await customerSide.channel.send({ type: 'broadcast', event: 'message', payload: forged })
      await customerSide.channel.track({ sender_type: 'staff', content: 'FORGED presence is not a message' })
      // The same through Realtime's REST broadcast endpoint (a refusal there is a silent 202).
      await customerSide.channel.httpSend('message', forged).catch((error: unknown) => error)
      await customerSide.channel.httpSend('message', forged, { persist: true }).catch((error: unknown) => error)
      const toB = a.client.channel(`conversation:${world.b.conversationId}`, { config: { private: true } })
      await toB.httpSend('message', forged).catch((error: unknown) => error)
    })
    await send(org1.agent, a.conversationId, 'real message')
    await staffSide.inbox.until(content('real message'))
    await customerSide.inbox.until(content('real message'))
    expect(
      staffSide.inbox.items
        .filter((m) => m.event === 'message' && m.payload.conversation_id === a.conversationId)
        .map((m) => m.payload.content)
    ).toEqual(['real message'])
    expect(JSON.stringify(staffSide.inbox.items)).not.toContain('FORGED: pay here')
    expect(JSON.stringify(customerSide.inbox.items)).not.toContain('FORGED: pay here')
  })

  it("the REST broadcast endpoint drops a private message to someone else's topic", async () => {
    const { a, b } = world
    const bTopic = await joinedOk(b.client, `conversation:${b.conversationId}`)
    const response = await fetch(`${world.stack.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: world.stack.anonKey, authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ topic: `conversation:${b.conversationId}`, event: 'message', payload: { content: 'FORGED to B' }, private: true }]
      })
    })
    expect(response.status).toBe(202)
    await send(world.org1.agent, b.conversationId, 'sentinel B')
    await bTopic.inbox.until(content('sentinel B'))
    expect(JSON.stringify(bTopic.inbox.items)).not.toContain('FORGED')
  })
})

describe('Realtime: public broadcasts aimed at private topics', () => {
  it("an outsider's public broadcast on conversation:<A> never reaches A's private channel", async () => {
    const { a, org1, org2 } = world
    const privateSide = await joinedOk(a.client, `conversation:${a.conversationId}`)
    const staffSide = await joinedOk(org1.agent.client, `staff:${LAVOIE}`)
    const forged = { sender_type: 'staff', sender_name: 'Julie Tremblay', content: 'FORGED public: pay here' }
    const anon = anonClient(world.stack)
    used.add(anon)
    // Over the socket (joined as a public channel) and over REST, by org 2 staff and by the anon key.
    const spy = await joinedOk(org2.agent.client, `conversation:${a.conversationId}`, false)
    await spy.channel.send({ type: 'broadcast', event: 'message', payload: forged })
    await anon
      .channel(`conversation:${a.conversationId}`)
      .httpSend('message', forged)
      .catch((error: unknown) => error)
    await fetch(`${world.stack.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: world.stack.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ topic: `conversation:${a.conversationId}`, event: 'message', payload: forged, private: false }] })
    })
    await send(org1.agent, a.conversationId, 'real one')
    await expect.poll(() => privateSide.inbox.items.some((m) => m.payload.content === 'real one')).toBe(true)
    await expect.poll(() => staffSide.inbox.items.some((m) => m.payload.content === 'real one')).toBe(true)
    expect(JSON.stringify(privateSide.inbox.items)).not.toContain('FORGED')
    expect(JSON.stringify(staffSide.inbox.items)).not.toContain('FORGED')
  })
})

describe('Realtime: public channels named like private topics', () => {
  it('receive no database broadcast, whoever joins them', async () => {
    const { a, org1, org2 } = world
    const anon = anonClient(world.stack)
    const privateSide = await joinedOk(a.client, `conversation:${a.conversationId}`)
    const spies = [
      await join(anon, `conversation:${a.conversationId}`, false),
      await join(org2.agent.client, `conversation:${a.conversationId}`, false),
      await join(org2.agent.client, `staff:${LAVOIE}`, false),
      await join(world.b.client, `claim:${SEED_CLAIM}`, false)
    ]
    await send(org1.agent, a.conversationId, 'Private to Alice')
    await send(org1.agent, a.conversationId, 'INTERNAL', { is_internal: true })
    expect((await org1.agent.client.rpc('change_claim_status', { claim_id: SEED_CLAIM, new_status: 'approved' })).error).toBeNull()
    await privateSide.inbox.waitFor(1)
    // Public channels are open to anyone (the project allows them), so the spies did join…
    expect(spies.map((spy) => spy.outcome.status)).toEqual(spies.map(() => 'SUBSCRIBED'))
    // …and heard nothing but a public marker sent after everything else: database broadcasts are private.
    for (const spy of spies) {
      await query(world, `select realtime.send('{}'::jsonb, 'marker', $1, false)`, [spy.channel.topic.replace(/^realtime:/, '')])
      expect(await spy.inbox.until((item) => item.event === 'marker')).toEqual([])
    }
  })
})

describe('Realtime: postgres_changes', () => {
  const CHAT_TABLES = [
    'chat_conversations',
    'chat_messages',
    'typing_indicators',
    'conversation_access',
    'claim_status_updates',
    'claims',
    'claim_access',
    'notifications',
    'push_subscriptions',
    'notification_outbox',
    'profiles'
  ]

  it('no Parley table is in the supabase_realtime publication', async () => {
    const published = await query<{ tablename: string }>(
      world,
      `select tablename from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public'`
    )
    expect(published.filter((row) => CHAT_TABLES.includes(row.tablename))).toEqual([])
  })

  it('subscribers outside the conversation or organization receive no change of any kind, DELETE included', async () => {
    const { a, org1, org2 } = world
    // A published table every watcher may read: its row, inserted last, is the marker.
    await query(
      world,
      `create table public.realtime_marker (id int primary key);
      grant select on public.realtime_marker to authenticated;
      alter publication supabase_realtime add table public.realtime_marker`
    )
    const watchers = [a, org2.agent, org2.admin].map((actor) => {
      const inbox = new Inbox<{ table?: string }>()
      used.add(actor.client)
      const channel = actor.client.channel(`watch-${randomUUID()}`)
      for (const table of CHAT_TABLES) channel.on('postgres_changes', { event: '*', schema: 'public', table }, inbox.push)
      channel.on('postgres_changes', { event: '*', schema: 'public' }, inbox.push)
      return { channel, inbox }
    })
    for (const watcher of watchers) expect((await subscribe(watcher.channel)).status).toBe('SUBSCRIBED')

    const y = await startCustomer(world.stack, LAVOIE, 'Yvonne')
    await send(y, y.conversationId, 'secret of Yvonne')
    await send(org1.agent, y.conversationId, 'INTERNAL of Yvonne', { is_internal: true })
    expect((await y.client.rpc('set_typing', { conversation_id: y.conversationId, is_typing: true })).error).toBeNull()
    expect(
      (
        await org1.agent.client
          .from('chat_conversations')
          .update({ tags: ['vip'] })
          .eq('id', y.conversationId)
      ).error
    ).toBeNull()
    expect((await org1.admin.client.rpc('delete_conversation', { conversation_id: y.conversationId })).error).toBeNull()
    await query(world, 'insert into public.realtime_marker values (1)')
    try {
      for (const watcher of watchers) expect(await watcher.inbox.until((change) => change.table === 'realtime_marker')).toEqual([])
    } finally {
      await query(world, 'drop table public.realtime_marker')
    }
  })

  // Not a Parley bug: what Supabase would leak if someone added a chat table to the
  // publication. DELETE events are not RLS-filtered, so every subscriber — another
  // organization's staff, any customer — learns the deleted row's id. This is why the schema
  // broadcasts to private topics instead and keeps these tables out of the publication.
  it('(hazard) adding chat_conversations to the publication would leak DELETEs to every subscriber', async () => {
    const { org1, org2 } = world
    const pool = world.stack.db.pool
    await pool.query('alter publication supabase_realtime add table public.chat_conversations')
    try {
      const z = await startCustomer(world.stack, LAVOIE, 'Zoé')
      const inbox = new Inbox<{ eventType: string; old: Record<string, unknown>; new: Record<string, unknown> }>()
      used.add(org2.agent.client)
      const channel = org2.agent.client
        .channel(`hazard-${randomUUID()}`)
        .on('postgres_changes', { event: '*', schema: 'public', table: 'chat_conversations' }, (change) => inbox.push(change as never))
      expect((await subscribe(channel)).status).toBe('SUBSCRIBED')
      expect(
        (await org1.agent.client.from('chat_conversations').update({ internal_notes: 'secret' }).eq('id', z.conversationId)).error
      ).toBeNull()
      // Only SQL hard-deletes a conversation now; the publication would still leak it.
      await pool.query('delete from public.chat_conversations where id = $1', [z.conversationId])
      const [change] = await inbox.waitFor(1)
      expect(change).toMatchObject({ eventType: 'DELETE', old: { id: z.conversationId } })
      expect(inbox.items.map((item) => item.eventType)).toEqual(['DELETE'])
    } finally {
      await pool.query('alter publication supabase_realtime drop table public.chat_conversations')
    }
  })
})
