import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  broadcastsSince,
  type Caller,
  createClaim,
  createCustomer,
  createOrganization,
  databaseNow,
  type Organization,
  query,
  sqlError,
  startConversation
} from './fixtures.ts'

let db: TestDatabase
let org: Organization
let other: Organization
const service: Caller = { id: null, context: { role: 'service_role', claims: { role: 'service_role' } } }

beforeAll(async () => {
  db = await createTestDatabase()
  org = await createOrganization(db.pool, 'Claims Garage')
  other = await createOrganization(db.pool, 'Other Claims Garage')
})
afterAll(() => db.drop())

async function history(claimId: string) {
  const { rows } = await db.pool.query(
    `select old_status, new_status, changed_by, changed_by_name, reason, notes
     from public.claim_status_updates where claim_id = $1 order by created_at, id`,
    [claimId]
  )
  return rows
}

describe('claim status history', () => {
  it('change_claim_status records old/new status, who, their name, reason and notes from the server', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-H-1')
    const [row] = await query(db.pool, org.fAndI, 'select * from public.change_claim_status($1, $2, $3, $4)', [
      claimId,
      'approved',
      'Covered by the powertrain warranty',
      'Approved by the insurer by phone'
    ])
    expect(row).toMatchObject({
      claim_id: claimId,
      organization_id: org.id,
      old_status: 'submitted',
      new_status: 'approved',
      changed_by: org.fAndI.id,
      changed_by_name: org.fAndI.name,
      reason: 'Covered by the powertrain warranty',
      notes: 'Approved by the insurer by phone'
    })
    expect(await history(claimId)).toEqual([
      { old_status: null, new_status: 'submitted', changed_by: null, changed_by_name: 'System', reason: null, notes: null },
      expect.objectContaining({ old_status: 'submitted', new_status: 'approved', changed_by: org.fAndI.id })
    ])
  })

  it('a direct UPDATE of claims.status by staff is recorded too, with no reason', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-H-2')
    await query(db.pool, org.agent, "update public.claims set status = 'in_repair' where id = $1", [claimId])
    expect((await history(claimId)).at(-1)).toEqual({
      old_status: 'submitted',
      new_status: 'in_repair',
      changed_by: org.agent.id,
      changed_by_name: org.agent.name,
      reason: null,
      notes: null
    })
  })

  it('an unchanged status is CONFLICT; a bad status is a clear enum error', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-H-3')
    expect(await sqlError(query(db.pool, org.agent, "select public.change_claim_status($1, 'submitted')", [claimId]))).toMatchObject({
      code: 'PT409',
      hint: 'CONFLICT'
    })
    const bad = await sqlError(query(db.pool, org.agent, "select public.change_claim_status($1, 'teleported')", [claimId]))
    expect(bad.code).toBe('22P02')
    expect(bad.message).toContain('invalid input value for enum claim_status')
  })

  it.each([
    ['authenticated staff', () => org.admin],
    ['service_role', () => service]
  ])('history cannot be inserted directly, even by %s', async (_who, caller) => {
    const claimId = await createClaim(db.pool, org.id, `RC-H-INS-${_who.length}`)
    const error = await sqlError(
      query(
        db.pool,
        caller(),
        `insert into public.claim_status_updates (organization_id, claim_id, old_status, new_status, changed_by_name)
         values ($1, $2, 'submitted', 'approved', 'Forger')`,
        [org.id, claimId]
      )
    )
    expect(['42501', 'PT403']).toContain(error.code)
    expect(await history(claimId)).toHaveLength(1)
  })

  it('history cannot be inserted directly by the table owner either (the trigger is the only writer)', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-H-OWNER')
    const error = await sqlError(
      db.pool.query(
        `insert into public.claim_status_updates (organization_id, claim_id, new_status, changed_by_name)
         values ($1, $2, 'approved', 'Forger')`,
        [org.id, claimId]
      )
    )
    expect(error.hint).toBe('NOT_AUTHORIZED')
  })

  it('history cannot be edited or deleted by any client role', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-H-4')
    await query(db.pool, org.agent, "select public.change_claim_status($1, 'denied', 'Not covered')", [claimId])
    for (const caller of [org.admin, org.agent]) {
      const edit = await sqlError(
        query(db.pool, caller, "update public.claim_status_updates set reason = 'Covered' where claim_id = $1", [claimId])
      )
      expect(edit.code).toBe('42501')
      const remove = await sqlError(query(db.pool, caller, 'delete from public.claim_status_updates where claim_id = $1', [claimId]))
      expect(remove.code).toBe('42501')
    }
    const serviceEdit = await sqlError(
      query(db.pool, service, "update public.claim_status_updates set new_status = 'approved' where claim_id = $1", [claimId])
    )
    expect(serviceEdit.hint).toBe('NOT_AUTHORIZED')
    const serviceDelete = await sqlError(query(db.pool, service, 'delete from public.claim_status_updates where claim_id = $1', [claimId]))
    expect(serviceDelete.code).toBe('42501')
    expect((await history(claimId)).at(-1)).toMatchObject({ new_status: 'denied', reason: 'Not covered' })
  })

  it('service_role records delivery (notification_sent) and nothing else', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-H-5')
    await query(
      db.pool,
      service,
      'update public.claim_status_updates set notification_sent = true, notification_sent_at = now() where claim_id = $1',
      [claimId]
    )
    const { rows } = await db.pool.query('select notification_sent from public.claim_status_updates where claim_id = $1', [claimId])
    expect(rows).toEqual([{ notification_sent: true }])
  })

  it('deleting a claim (admin) takes its history with it', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-H-6')
    await query(db.pool, org.admin, 'delete from public.claims where id = $1', [claimId])
    expect(await history(claimId)).toEqual([])
  })
})

describe('who may change a claim', () => {
  it('customers cannot change a claim, even one they follow', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-W-1')
    const [issued] = await query<{ token: string }>(db.pool, org.agent, 'select public.issue_claim_access_token($1) as token', [claimId])
    const customer = await createCustomer(db.pool)
    await query(db.pool, customer, 'select * from public.redeem_access_token($1)', [issued!.token])
    expect((await sqlError(query(db.pool, customer, "select public.change_claim_status($1, 'approved')", [claimId]))).hint).toBe(
      'NOT_FOUND'
    )
    const touched = await query(db.pool, customer, "update public.claims set status = 'approved' where id = $1 returning id", [claimId])
    expect(touched).toEqual([])
    expect(await history(claimId)).toHaveLength(1)
  })

  it('staff of another organization cannot change it', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-W-2')
    expect((await sqlError(query(db.pool, other.admin, "select public.change_claim_status($1, 'approved')", [claimId]))).hint).toBe(
      'NOT_FOUND'
    )
  })

  it("a claim cannot cover another organization's warranty", async () => {
    const { rows } = await db.pool.query(
      `insert into public.warranties (organization_id, warranty_number, customer_name, expires_on)
       values ($1, 'W-FOREIGN', 'Someone', current_date + 100) returning id`,
      [other.id]
    )
    const claimId = await createClaim(db.pool, org.id, 'RC-W-4')
    const error = await sqlError(
      query(db.pool, org.admin, 'update public.claims set warranty_id = $2 where id = $1', [claimId, rows[0].id])
    )
    expect(error).toMatchObject({ code: 'PT400', hint: 'INVALID_INPUT' })
  })

  it('staff cannot move a claim to another organization', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-W-3')
    const { rows } = await db.pool.query("insert into public.organizations (name, slug) values ('Elsewhere', 'elsewhere-w3') returning id")
    const error = await sqlError(
      query(db.pool, org.admin, 'update public.claims set organization_id = $2 where id = $1', [claimId, rows[0].id])
    )
    expect(error.hint).toBe('NOT_AUTHORIZED')
  })
})

describe('claim timeline for customers', () => {
  it('a conversation linked to a claim opens its timeline; another customer sees nothing', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-T-1')
    const alice = await createCustomer(db.pool)
    const bob = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, alice, org.id)
    await query(db.pool, org.agent, 'update public.chat_conversations set claim_id = $2 where id = $1', [conversation.id, claimId])
    await query(db.pool, org.agent, "select public.change_claim_status($1, 'info_requested', 'Need photos')", [claimId])
    const timeline = await query(
      db.pool,
      alice,
      'select new_status, reason from public.customer_claim_status_updates order by created_at, id'
    )
    expect(timeline).toEqual([
      { new_status: 'submitted', reason: null },
      { new_status: 'info_requested', reason: 'Need photos' }
    ])
    expect(await query(db.pool, bob, 'select * from public.customer_claim_status_updates')).toEqual([])
    expect(await query(db.pool, bob, 'select * from public.claims')).toEqual([])
  })

  it('staff notes on a status change never reach the customer: not over REST, nor on the claim topic', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-T-3')
    const [issued] = await query<{ token: string }>(db.pool, org.agent, 'select public.issue_claim_access_token($1) as token', [claimId])
    const holder = await createCustomer(db.pool)
    await query(db.pool, holder, 'select * from public.redeem_access_token($1)', [issued!.token])
    const since = await databaseNow(db.pool)
    await query(
      db.pool,
      org.agent,
      "select public.change_claim_status($1, 'denied', 'Not covered', 'STAFF-ONLY: customer is a known fraudster')",
      [claimId]
    )
    const customerSide = [
      ...(await query(db.pool, holder, 'select * from public.claim_status_updates')),
      ...(await query(db.pool, holder, 'select * from public.customer_claim_status_updates'))
    ]
    expect(customerSide.map((row) => row.new_status).sort()).toEqual(['denied', 'submitted'])
    expect(customerSide.find((row) => row.new_status === 'denied')).toMatchObject({ reason: 'Not covered', notes: null })
    const onClaimTopic = (await broadcastsSince(db.pool, since)).filter((row) => row.topic.startsWith('claim:'))
    expect(onClaimTopic.map((row) => row.event).sort()).toEqual(['claim', 'claim_status'])
    expect(JSON.stringify(onClaimTopic)).not.toContain('STAFF-ONLY')
    // Staff keep the notes: on their table, on their topic.
    expect(
      await query(db.pool, org.agent, 'select notes from public.claim_status_updates where claim_id = $1 and new_status = $2', [
        claimId,
        'denied'
      ])
    ).toEqual([{ notes: 'STAFF-ONLY: customer is a known fraudster' }])
    const onStaffTopic = (await broadcastsSince(db.pool, since)).find(
      (row) => row.topic.startsWith('staff:') && row.event === 'claim_status'
    )
    expect(onStaffTopic!.payload).toMatchObject({ notes: 'STAFF-ONLY: customer is a known fraudster' })
    expect(await query(db.pool, org.agent, 'select * from public.customer_claim_status_updates')).toEqual([])
  })

  it('a status change is broadcast to the claim topic and the staff topic only', async () => {
    const claimId = await createClaim(db.pool, org.id, 'RC-T-2')
    const since = await databaseNow(db.pool)
    await query(db.pool, org.agent, "select public.change_claim_status($1, 'approved', 'Covered')", [claimId])
    const sent = (await broadcastsSince(db.pool, since)).filter((row) => row.event.startsWith('claim'))
    expect(sent.map((row) => `${row.topic} ${row.event}`).sort()).toEqual(
      [`claim:${claimId} claim`, `claim:${claimId} claim_status`, `staff:${org.id} claim_status`].sort()
    )
    const statusEvent = sent.find((row) => row.event === 'claim_status')!
    expect(statusEvent.payload).toMatchObject({ old_status: 'submitted', new_status: 'approved', reason: 'Covered' })
  })
})
