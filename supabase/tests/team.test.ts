import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  asUser,
  type Caller,
  createAuthUser,
  createCustomer,
  createOrganization,
  type Organization,
  query,
  sendMessage,
  sqlError,
  startConversation
} from './fixtures.ts'

let db: TestDatabase
let org: Organization
let other: Organization
const service: Caller = { id: null, context: { role: 'service_role', claims: { role: 'service_role' } } }

beforeAll(async () => {
  db = await createTestDatabase()
  org = await createOrganization(db.pool, 'Team Garage')
  other = await createOrganization(db.pool, 'Other Team Garage')
})
afterAll(() => db.drop())

async function signedUp(email = `${randomUUID()}@people.test`): Promise<Caller & { id: string; email: string }> {
  const id = await createAuthUser(db.pool, { anonymous: false, email })
  await db.pool.query('update auth.users set email_confirmed_at = now() where id = $1', [id])
  return { id, email, context: asUser(id, false) }
}

interface ClaimedEmail {
  id: string
  kind: string
  to: string
  locked_at: string
  content: Record<string, unknown>
}

/** Claims every due e-mail as the send-email function does, and marks them sent. */
async function drain(): Promise<ClaimedEmail[]> {
  // Missed replies wait a minute for more replies to join them; the test does not.
  await db.pool.query(`update public.email_outbox set next_attempt_at = now() where status = 'pending'`)
  const [row] = await query<{ batch: ClaimedEmail[] }>(db.pool, service, 'select public.claim_email_batch(100) as batch')
  for (const mail of row!.batch) {
    await query(db.pool, service, `select public.complete_email($1, $2, 'sent')`, [mail.id, mail.locked_at])
  }
  return row!.batch
}

async function invite(admin: Caller, organizationId: string, email: string, role = 'agent'): Promise<{ id: string; token: string }> {
  const [inv] = await query<{ id: string }>(db.pool, admin, 'select * from public.invite_member($1, $2, $3)', [organizationId, email, role])
  const mail = (await drain()).find((m) => m.kind === 'invitation' && m.to === email.toLowerCase())
  return { id: inv!.id, token: String(mail!.content['invitation_token']) }
}

describe('organization sign-up', () => {
  it('a signed-up user creates one organization and becomes its admin; anonymous users and members cannot', async () => {
    const owner = await signedUp()
    const [created] = await query<{ id: string; locale: string; time_zone: string }>(
      db.pool,
      owner,
      `select * from public.create_organization('Garage Tremblay', $1, 'fr-CA', 'America/Montreal', 'Julie')`,
      [`tremblay-${randomUUID().slice(0, 6)}`]
    )
    expect(created).toMatchObject({ locale: 'fr-CA', time_zone: 'America/Montreal' })
    const [profile] = await query(db.pool, owner, 'select role, display_name, is_active from public.profiles where id = $1', [owner.id])
    expect(profile).toEqual({ role: 'admin', display_name: 'Julie', is_active: true })

    const again = await sqlError(
      query(db.pool, owner, `select public.create_organization('Second', $1)`, [`second-${randomUUID().slice(0, 6)}`])
    )
    expect(again.hint).toBe('CONFLICT')
    const customer = await createCustomer(db.pool)
    const anonymous = await sqlError(
      query(db.pool, customer, `select public.create_organization('Anon', $1)`, [`anon-${randomUUID().slice(0, 6)}`])
    )
    expect(anonymous.hint).toBe('NOT_AUTHORIZED')
    const zone = await sqlError(
      query(db.pool, await signedUp(), `select public.create_organization('Zone', $1, 'en', 'Mars/Olympus')`, [
        `zone-${randomUUID().slice(0, 6)}`
      ])
    )
    expect(zone.hint).toBe('INVALID_INPUT')
  })

  it('admins edit settings; business hours are validated; others cannot edit', async () => {
    await query(
      db.pool,
      org.admin,
      `update public.organizations set widget_color = '#aa3300', widget_greeting = 'Bonjour!',
      business_hours = '{"mon": [["09:00", "12:00"], ["13:00", "17:30"]], "sat": []}' where id = $1`,
      [org.id]
    )
    const bad = await sqlError(
      query(db.pool, org.admin, `update public.organizations set business_hours = '{"mon": [["13:00", "12:00"]]}' where id = $1`, [org.id])
    )
    expect(bad.code).toBe('23514')
    const slug = await sqlError(query(db.pool, org.admin, `update public.organizations set slug = 'stolen' where id = $1`, [org.id]))
    expect(slug.hint).toBe('NOT_AUTHORIZED')
    const rows = await query(db.pool, org.agent, `update public.organizations set widget_color = '#000000' where id = $1 returning id`, [
      org.id
    ])
    expect(rows).toEqual([])
  })
})

describe('invitations', () => {
  it('an invited address accepts with its token and joins with the invited role', async () => {
    const person = await signedUp('Marc.Leduc@People.test')
    const { token } = await invite(org.admin, org.id, 'marc.leduc@people.test', 'f_and_i')
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    const [member] = await query<{ role: string; organization_id: string }>(db.pool, person, 'select * from public.accept_invitation($1)', [
      token
    ])
    expect(member).toMatchObject({ role: 'f_and_i', organization_id: org.id })
    const reused = await sqlError(query(db.pool, person, 'select public.accept_invitation($1)', [token]))
    expect(reused.hint).toBe('INVITATION_INVALID')
    // Only the hash is stored.
    const { rows } = await db.pool.query('select count(*)::int as n from private.invitation_tokens where hash = $1', [token])
    expect(rows[0].n).toBe(0)
  })

  it('refuses an address whose owner has not confirmed it', async () => {
    const email = `${randomUUID()}@people.test`
    const { token } = await invite(org.admin, org.id, email)
    const id = await createAuthUser(db.pool, { anonymous: false, email })
    const unconfirmed = { id, context: asUser(id, false) }
    expect((await sqlError(query(db.pool, unconfirmed, 'select public.accept_invitation($1)', [token]))).hint).toBe('NOT_AUTHORIZED')
  })

  it('refuses another address, an expired, a revoked and a replaced invitation', async () => {
    const email = `${randomUUID()}@people.test`
    const stranger = await signedUp()
    const first = await invite(org.admin, org.id, email)
    expect((await sqlError(query(db.pool, stranger, 'select public.accept_invitation($1)', [first.token]))).hint).toBe(
      'INVITATION_EMAIL_MISMATCH'
    )

    await query(db.pool, org.admin, 'select public.resend_invitation($1)', [first.id])
    const second = (await drain()).find((m) => m.kind === 'invitation' && m.to === email)!
    const invitee = await signedUp(email)
    expect((await sqlError(query(db.pool, invitee, 'select public.accept_invitation($1)', [first.token]))).hint).toBe('INVITATION_INVALID')

    await db.pool.query(`update public.invitations set expires_at = now() - interval '1 second' where id = $1`, [first.id])
    expect(
      (await sqlError(query(db.pool, invitee, 'select public.accept_invitation($1)', [second.content['invitation_token']]))).hint
    ).toBe('INVITATION_EXPIRED')

    await db.pool.query(`update public.invitations set expires_at = now() + interval '1 day' where id = $1`, [first.id])
    await query(db.pool, org.admin, 'select public.revoke_invitation($1)', [first.id])
    expect(
      (await sqlError(query(db.pool, invitee, 'select public.accept_invitation($1)', [second.content['invitation_token']]))).hint
    ).toBe('INVITATION_INVALID')
    const [state] = await query(db.pool, org.admin, 'select revoked_at is not null as revoked from public.invitations where id = $1', [
      first.id
    ])
    expect(state).toEqual({ revoked: true })
  })

  it('a member of one organization cannot accept an invitation to another, and admins act only on their own', async () => {
    const crossToken = (await invite(other.admin, other.id, `${randomUUID()}@people.test`)).token
    const crossInvitee = await db.pool.query<{ email: string }>(
      'select i.email from public.invitations i where i.organization_id = $1 order by created_at desc limit 1',
      [other.id]
    )
    const already = await signedUp(crossInvitee.rows[0]!.email)
    await db.pool.query(`insert into public.profiles (id, organization_id, role, display_name) values ($1, $2, 'agent', 'Moonlighter')`, [
      already.id,
      org.id
    ])
    expect((await sqlError(query(db.pool, already, 'select public.accept_invitation($1)', [crossToken]))).hint).toBe('ALREADY_MEMBER')

    expect((await sqlError(query(db.pool, org.admin, 'select public.invite_member($1, $2)', [other.id, 'x@people.test']))).hint).toBe(
      'NOT_AUTHORIZED'
    )
    expect((await sqlError(query(db.pool, org.agent, 'select public.invite_member($1, $2)', [org.id, 'x@people.test']))).hint).toBe(
      'NOT_AUTHORIZED'
    )
    const [theirs] = await query<{ id: string }>(db.pool, other.admin, 'select id from public.invitations limit 1')
    expect((await sqlError(query(db.pool, org.admin, 'select public.revoke_invitation($1)', [theirs!.id]))).hint).toBe('NOT_FOUND')
    expect(await query(db.pool, org.admin, 'select id from public.invitations where organization_id = $1', [other.id])).toEqual([])
  })

  it('clients cannot write invitations, tokens or profiles directly', async () => {
    const insert = await sqlError(
      query(db.pool, org.admin, `insert into public.invitations (organization_id, email, role) values ($1, 'a@b.test', 'admin')`, [org.id])
    )
    expect(insert.code).toBe('42501')
    const token = await sqlError(query(db.pool, org.admin, 'select * from private.invitation_tokens'))
    expect(token.code).toBe('42501')
    const enrol = await sqlError(
      query(db.pool, org.admin, `insert into public.profiles (id, organization_id, role, display_name) values ($1, $2, 'agent', 'X')`, [
        (await signedUp()).id,
        org.id
      ])
    )
    expect(enrol.code).toBe('42501')
  })
})

describe('roles and deactivation', () => {
  it('never leaves an organization without an active admin', async () => {
    const solo = await createOrganization(db.pool, 'Solo Garage')
    expect((await sqlError(query(db.pool, solo.admin, `select public.change_member_role($1, 'agent')`, [solo.admin.id]))).hint).toBe(
      'LAST_ADMIN'
    )
    expect((await sqlError(query(db.pool, solo.admin, 'select public.deactivate_member($1)', [solo.admin.id]))).hint).toBe('LAST_ADMIN')
    expect(
      (await sqlError(query(db.pool, solo.admin, `update public.profiles set role = 'agent' where id = $1`, [solo.admin.id]))).hint
    ).toBe('LAST_ADMIN')
    await query(db.pool, solo.admin, `select public.change_member_role($1, 'admin')`, [solo.operations.id])
    await query(db.pool, solo.admin, `select public.change_member_role($1, 'agent')`, [solo.admin.id])
    const [row] = await query(db.pool, solo.operations, 'select role from public.profiles where id = $1', [solo.admin.id])
    expect(row).toEqual({ role: 'agent' })
  })

  it('a deactivated member loses staff rights, their push stops and their conversations go to another agent', async () => {
    const team = await createOrganization(db.pool, 'Routing Garage')
    const second = await db.pool.query<{ id: string }>('select $1::uuid as id', [
      await createAuthUser(db.pool, { anonymous: false, email: `${randomUUID()}@staff.test` })
    ])
    const backupId = second.rows[0]!.id
    await db.pool.query(`insert into public.profiles (id, organization_id, role, display_name) values ($1, $2, 'agent', 'Backup Agent')`, [
      backupId,
      team.id
    ])
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, team.id)
    await db.pool.query('update public.chat_conversations set assigned_to = $2 where id = $1', [conversation.id, team.agent.id])
    await db.pool.query(
      `insert into public.push_subscriptions (organization_id, user_id, platform, endpoint, keys)
      values ($1, $2, 'web', 'https://push.example/' || gen_random_uuid(), '{}')`,
      [team.id, team.agent.id]
    )

    await query(db.pool, team.admin, 'select public.deactivate_member($1)', [team.agent.id])
    const { rows } = await db.pool.query('select assigned_to from public.chat_conversations where id = $1', [conversation.id])
    expect(rows[0].assigned_to).toBe(backupId)
    const push = await db.pool.query('select bool_or(enabled) as any from public.push_subscriptions where user_id = $1', [team.agent.id])
    expect(push.rows[0].any).toBe(false)
    expect(await query(db.pool, team.agent, 'select id from public.chat_conversations where organization_id = $1', [team.id])).toEqual([])
    const send = await sqlError(
      query(db.pool, team.agent, 'select public.send_message($1, gen_random_uuid(), $2)', [conversation.id, 'still here?'])
    )
    expect(['NOT_FOUND', 'NOT_AUTHORIZED']).toContain(send.hint)
    const self = await sqlError(
      query(db.pool, team.agent, `update public.profiles set is_active = true where id = $1 returning id`, [team.agent.id]).then((r) => {
        if (r.length === 0) throw Object.assign(new Error('no row'), { code: 'none', hint: 'NO_ROW' })
        return r
      })
    )
    expect(['NOT_AUTHORIZED', 'NO_ROW']).toContain(self.hint)
    expect((await sqlError(query(db.pool, team.agent, 'select public.push_caller($1)', [team.id]))).hint).toBe('NOT_AUTHORIZED')
    const assign = await sqlError(
      query(db.pool, team.admin, 'update public.chat_conversations set assigned_to = $2 where id = $1', [conversation.id, team.agent.id])
    )
    expect(assign.hint).toBe('INVALID_INPUT')
    // A new conversation is never routed to them.
    const next = await startConversation(db.pool, await createCustomer(db.pool), team.id)
    const routed = await db.pool.query('select assigned_to from public.chat_conversations where id = $1', [next.id])
    expect(routed.rows[0].assigned_to).toBe(backupId)
  })
})

describe('missed-reply e-mail', () => {
  it('one e-mail per absence, with the replies but never an internal note, whose token opens the conversation', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, org.id)
    await drain()
    await db.pool.query(`update public.chat_conversations set customer_last_seen_at = now() - interval '1 hour' where id = $1`, [
      conversation.id
    ])
    await sendMessage(db.pool, org.agent, conversation.id, 'Your car is ready')
    await sendMessage(db.pool, org.agent, conversation.id, 'Customer seems grumpy', { internal: true })
    await sendMessage(db.pool, org.agent, conversation.id, 'Open until 5 pm')
    const waiting = await query<{ batch: ClaimedEmail[] }>(db.pool, service, 'select public.claim_email_batch(100) as batch')
    expect(waiting[0]!.batch.filter((m) => m.kind === 'missed_reply')).toEqual([])
    const mails = (await drain()).filter((m) => m.kind === 'missed_reply')
    expect(mails).toHaveLength(1)
    const text = JSON.stringify(mails[0]!.content)
    expect(text).toContain('Your car is ready')
    expect(text).toContain('Open until 5 pm')
    expect(text).not.toContain('grumpy')

    await sendMessage(db.pool, org.agent, conversation.id, 'One more thing')
    expect((await drain()).filter((m) => m.kind === 'missed_reply')).toEqual([])

    const reader = await createCustomer(db.pool)
    const [opened] = await query(db.pool, reader, 'select * from public.redeem_access_token($1)', [mails[0]!.content['access_token']])
    expect(opened).toMatchObject({ conversation_id: conversation.id })

    // The preview names whose e-mails the code stops and changes nothing; only send-email
    // (service_role) may read it, so a code cannot be tried from the API.
    const code = mails[0]!.content['unsubscribe_token']
    const [preview] = await query<{ p: unknown }>(db.pool, service, 'select public.unsubscribe_preview($1) as p', [code])
    expect(preview!.p).toMatchObject({ email: 'sophie@example.com', organization_name: expect.any(String) })
    expect((await sqlError(query(db.pool, reader, 'select public.unsubscribe_preview($1)', [code]))).code).toBe('42501')
    expect((await sqlError(query(db.pool, org.admin, 'select public.unsubscribe_preview($1)', [code]))).code).toBe('42501')
    expect((await sqlError(query(db.pool, service, 'select public.unsubscribe_preview($1)', ['0'.repeat(64)]))).hint).toBe('NOT_FOUND')
    const none = await db.pool.query('select 1 from public.email_suppressions where email = $1', ['sophie@example.com'])
    expect(none.rows).toEqual([])
    const [u] = await query<{ email: string }>(db.pool, service, 'select public.unsubscribe_email($1) as email', [code])
    expect(u!.email).toBe('sophie@example.com')
    await db.pool.query(`update public.chat_conversations set customer_last_seen_at = now() - interval '1 hour' where id = $1`, [
      conversation.id
    ])
    await db.pool.query(`update public.email_outbox set created_at = now() - interval '2 hours' where conversation_id = $1`, [
      conversation.id
    ])
    await sendMessage(db.pool, org.agent, conversation.id, 'After unsubscribe')
    expect((await drain()).filter((m) => m.kind === 'missed_reply')).toEqual([])
  })

  it('a bounce suppresses the address for every organization', async () => {
    const address = `${randomUUID()}@bounce.test`
    await query(db.pool, service, `select public.suppress_email($1, 'bounced')`, [address.toUpperCase()])
    const refused = await sqlError(query(db.pool, other.admin, 'select public.invite_member($1, $2)', [other.id, address]))
    expect(refused.hint).toBe('EMAIL_SUPPRESSED')
    expect((await sqlError(query(db.pool, org.admin, `select public.suppress_email($1, 'bounced')`, [address]))).code).toBe('42501')
  })

  it('one row that cannot be prepared is recorded and the batch goes on', async () => {
    const email = `${randomUUID()}@people.test`
    await query(db.pool, org.admin, 'select public.invite_member($1, $2)', [org.id, email])
    // A claim-status e-mail whose status change is missing cannot be prepared.
    await db.pool.query(
      `insert into public.email_outbox (organization_id, kind, recipient) values ($1, 'claim_status', 'broken@people.test')`,
      [org.id]
    )
    const mails = await drain()
    expect(mails.map((m) => m.to)).toContain(email)
    const { rows } = await db.pool.query(`select status from public.email_outbox where recipient = 'broken@people.test'`)
    expect(rows[0].status).toBe('failed')
    const failures = await db.pool.query(
      `select count(*)::int as n from public.job_failures where job = 'claim_email_batch' and organization_id = $1`,
      [org.id]
    )
    expect(failures.rows[0].n).toBe(1)
  })
})

describe('claim status and transcript e-mail', () => {
  it('a status change is e-mailed only when the dealer turned it on, with the reason but never the staff notes, and is recorded on the history row', async () => {
    const dealer = await createOrganization(db.pool, 'Claim Mail Garage')
    const claimId = (
      await db.pool.query<{ id: string }>(
        `insert into public.claims (organization_id, claim_number, customer_name, customer_email) values ($1, 'RC-M-1', 'Léa Roy', 'lea@example.com') returning id`,
        [dealer.id]
      )
    ).rows[0]!.id
    await query(db.pool, dealer.fAndI, `select public.change_claim_status($1, 'under_review', null, null)`, [claimId])
    expect((await drain()).filter((m) => m.kind === 'claim_status')).toEqual([])

    await db.pool.query('update public.organizations set email_claim_updates = true where id = $1', [dealer.id])
    const [update] = await query<{ id: string }>(
      db.pool,
      dealer.fAndI,
      `select * from public.change_claim_status($1, 'approved', 'Covered by warranty', 'Insurer said yes by phone')`,
      [claimId]
    )
    const mails = (await drain()).filter((m) => m.kind === 'claim_status')
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({
      to: 'lea@example.com',
      content: { new_status: 'approved', old_status: 'under_review', reason: 'Covered by warranty' }
    })
    expect(JSON.stringify(mails[0])).not.toContain('Insurer')
    const { rows } = await db.pool.query(
      'select notification_sent, notification_sent_at is not null as stamped from public.claim_status_updates where id = $1',
      [update!.id]
    )
    expect(rows[0]).toEqual({ notification_sent: true, stamped: true })
  })

  it('a bound customer asks for the transcript of a resolved conversation, once an hour, to its own address', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, other.id)
    await sendMessage(db.pool, customer, conversation.id, 'Is my car ready?')
    await sendMessage(db.pool, other.agent, conversation.id, 'Yes, since noon')
    await sendMessage(db.pool, other.agent, conversation.id, 'He never pays on time', { internal: true })
    const early = await sqlError(query(db.pool, customer, 'select public.request_transcript($1)', [conversation.id]))
    expect(early.hint).toBe('CONFLICT')
    await db.pool.query(`update public.chat_conversations set status = 'resolved' where id = $1`, [conversation.id])
    const stranger = await createCustomer(db.pool)
    expect((await sqlError(query(db.pool, stranger, 'select public.request_transcript($1)', [conversation.id]))).hint).toBe('NOT_FOUND')
    const sentTo = await query(db.pool, customer, 'select public.request_transcript($1) as to', [conversation.id])
    expect(sentTo[0]).toEqual({ to: 'sophie@example.com' })
    expect((await sqlError(query(db.pool, customer, 'select public.request_transcript($1)', [conversation.id]))).hint).toBe('RATE_LIMITED')
    const mails = (await drain()).filter((m) => m.kind === 'transcript')
    expect(mails).toHaveLength(1)
    expect(mails[0]!.to).toBe('sophie@example.com')
    const text = JSON.stringify(mails[0]!.content)
    expect(text).toContain('Is my car ready?')
    expect(text).toContain('Yes, since noon')
    expect(text).not.toContain('never pays')
  })
})
