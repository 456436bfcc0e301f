import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asRequest } from '../../packages/local/src/db/request.ts'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import {
  broadcastsSince,
  type Caller,
  createCustomer,
  createOrganization,
  databaseNow,
  type Organization,
  query,
  sqlError
} from './fixtures.ts'
import { signIdentity as sign } from './sign-identity.ts'

let db: TestDatabase
let org: Organization
let other: Organization
let secret: string

beforeAll(async () => {
  db = await createTestDatabase()
  org = await createOrganization(db.pool, 'Verified Garage')
  other = await createOrganization(db.pool, 'Plain Garage')
  secret = await rotate(org.admin, org.id)
})
afterAll(() => db.drop())

// What a dealer's server does (docs/widget.md).

async function rotate(caller: Caller, organizationId: string): Promise<string> {
  const [row] = await query<{ secret: string }>(db.pool, caller, 'select public.rotate_identity_secret($1) as secret', [organizationId])
  return row!.secret
}

async function setRequired(caller: Caller, organizationId: string, required: boolean) {
  await query(db.pool, caller, 'select public.set_identity_verification_required($1, $2)', [organizationId, required])
}

async function start(caller: Caller, organizationId: string, email: string | null, signature: string | null = null): Promise<string> {
  const [row] = await query<{ conversation_id: string }>(
    db.pool,
    caller,
    `select * from public.start_conversation(organization_id => $1, customer_name => 'Ada Roy', customer_email => $2,
       customer_signature => $3)`,
    [organizationId, email, signature]
  )
  return row!.conversation_id
}

async function update(caller: Caller, id: string, details: { email?: string | null; name?: string | null; signature?: string | null }) {
  await query(
    db.pool,
    caller,
    `select public.update_customer_details(conversation_id => $1, customer_name => $2, customer_email => $3,
       customer_signature => $4)`,
    [id, details.name ?? null, details.email ?? null, details.signature ?? null]
  )
}

async function verifiedAt(id: string): Promise<Date | null> {
  const { rows } = await db.pool.query<{ customer_verified_at: Date | null }>(
    'select customer_verified_at from public.chat_conversations where id = $1',
    [id]
  )
  return rows[0]!.customer_verified_at
}

describe('the identity secret', () => {
  it('is 256 random bits in hex, returned once by the admin, readable by no API role', async () => {
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    const { rows } = await db.pool.query('select secret from private.identity_verification where organization_id = $1', [org.id])
    expect(rows).toEqual([{ secret }])
    for (const role of ['anon', 'authenticated', 'service_role'] as const) {
      const denied = await sqlError(
        asRequest(db.pool, { role, claims: { role, sub: org.admin.id } }, (client) =>
          client.query('select * from private.identity_verification')
        )
      )
      expect(denied.code).toBe('42501')
    }
  })

  it('only an admin of the organization rotates it or changes the requirement; outsiders get NOT_FOUND', async () => {
    const customer = await createCustomer(db.pool)
    for (const caller of [org.operations, org.fAndI, org.agent]) {
      const denied = await sqlError(rotate(caller, org.id))
      expect({ code: denied.code, hint: denied.hint }).toEqual({ code: 'PT403', hint: 'NOT_AUTHORIZED' })
      const toggled = await sqlError(setRequired(caller, org.id, true))
      expect(toggled.hint).toBe('NOT_AUTHORIZED')
    }
    for (const caller of [other.admin, customer]) {
      expect((await sqlError(rotate(caller, org.id))).hint).toBe('NOT_FOUND')
      expect((await sqlError(setRequired(caller, org.id, false))).hint).toBe('NOT_FOUND')
    }
    const { rows } = await db.pool.query('select secret, required from private.identity_verification where organization_id = $1', [org.id])
    expect(rows).toEqual([{ secret, required: false }])
  })

  it('staff of the organization see whether it is set up, never the secret', async () => {
    const [status] = await query(db.pool, org.agent, 'select * from public.identity_verification_status($1)', [org.id])
    expect(status).toEqual({ configured: true, required: false, rotated_at: expect.any(Date) })
    const [none] = await query(db.pool, other.agent, 'select * from public.identity_verification_status($1)', [other.id])
    expect(none).toEqual({ configured: false, required: false, rotated_at: null })
    expect((await sqlError(query(db.pool, other.agent, 'select * from public.identity_verification_status($1)', [org.id]))).hint).toBe(
      'NOT_FOUND'
    )
  })

  it('cannot be required before it exists', async () => {
    const refused = await sqlError(setRequired(other.admin, other.id, true))
    expect({ code: refused.code, hint: refused.hint }).toEqual({ code: 'PT409', hint: 'CONFLICT' })
    await setRequired(other.admin, other.id, false)
  })
})

describe('start_conversation with customer_signature', () => {
  it('a valid signature marks the customer verified', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'Ada@Example.com', sign(secret, 'ada@example.com'))
    expect(await verifiedAt(id)).toBeInstanceOf(Date)
  })

  it('the signature may be upper-case hex; the e-mail is compared trimmed and lower-cased', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ADA@example.com', sign(secret, ' Ada@Example.COM ').toUpperCase())
    expect(await verifiedAt(id)).toBeInstanceOf(Date)
  })

  it('no signature: an unverified conversation, as before', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ada@example.com')
    expect(await verifiedAt(id)).toBeNull()
  })

  it('a wrong signature is refused with IDENTITY_INVALID and creates nothing', async () => {
    const customer = await createCustomer(db.pool)
    for (const signature of [sign(secret, 'someone@example.com'), sign('f'.repeat(64), 'ada@example.com'), '0'.repeat(64)]) {
      const refused = await sqlError(start(customer, org.id, 'ada@example.com', signature))
      expect(refused).toEqual({ code: 'PT403', hint: 'IDENTITY_INVALID', message: 'customer_signature does not match customer_email' })
    }
    const { rows } = await db.pool.query('select count(*)::int as n from public.chat_conversations where created_by = $1', [customer.id])
    expect(rows[0].n).toBe(0)
  })

  it('a signature that is not 64 hex characters, or signs no e-mail, is INVALID_INPUT', async () => {
    const customer = await createCustomer(db.pool)
    for (const signature of ['abc', 'g'.repeat(64), sign(secret, 'ada@example.com') + '0', '']) {
      const refused = await sqlError(start(customer, org.id, 'ada@example.com', signature))
      expect({ signature, code: refused.code, hint: refused.hint }).toEqual({ signature, code: 'PT400', hint: 'INVALID_INPUT' })
    }
    const missing = await sqlError(start(customer, org.id, null, sign(secret, 'ada@example.com')))
    expect(missing.hint).toBe('INVALID_INPUT')
  })

  it('an organization without a secret refuses any signature, and one organization’s signature is worthless in another', async () => {
    const customer = await createCustomer(db.pool)
    const refused = await sqlError(start(customer, other.id, 'ada@example.com', sign(secret, 'ada@example.com')))
    expect({ hint: refused.hint, message: refused.message }).toEqual({
      hint: 'IDENTITY_INVALID',
      message: 'Identity verification is not set up for this organization'
    })
    const otherSecret = await rotate(other.admin, other.id)
    const crossed = await sqlError(start(customer, other.id, 'ada@example.com', sign(secret, 'ada@example.com')))
    expect(crossed.hint).toBe('IDENTITY_INVALID')
    expect(await verifiedAt(await start(customer, other.id, 'ada@example.com', sign(otherSecret, 'ada@example.com')))).toBeInstanceOf(Date)
  })

  it('staff may open a verified conversation for a customer with the signature', async () => {
    const id = await start(org.agent, org.id, 'ada@example.com', sign(secret, 'ada@example.com'))
    expect(await verifiedAt(id)).toBeInstanceOf(Date)
    expect((await sqlError(start(org.agent, org.id, 'ada@example.com', sign(secret, 'eve@example.com')))).hint).toBe('IDENTITY_INVALID')
  })
})

describe('update_customer_details with customer_signature', () => {
  it('verifies an existing conversation, keeps the mark for name edits and the same e-mail, clears it for a new e-mail', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ada@example.com')
    await update(customer, id, { email: 'ada@example.com', signature: sign(secret, 'ada@example.com') })
    const stamped = await verifiedAt(id)
    expect(stamped).toBeInstanceOf(Date)
    await update(customer, id, { name: 'Ada R.' })
    await update(customer, id, { email: 'ADA@example.com' })
    expect(await verifiedAt(id)).toEqual(stamped)
    await update(customer, id, { email: 'eve@example.com' })
    expect(await verifiedAt(id)).toBeNull()
  })

  it('a signature without an e-mail argument vouches for the e-mail already there', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ada@example.com')
    await update(customer, id, { signature: sign(secret, 'ada@example.com') })
    expect(await verifiedAt(id)).toBeInstanceOf(Date)
  })

  it('a wrong signature is refused and changes nothing, mark included', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ada@example.com', sign(secret, 'ada@example.com'))
    const before = await db.pool.query('select * from public.chat_conversations where id = $1', [id])
    const refused = await sqlError(update(customer, id, { email: 'eve@example.com', signature: sign(secret, 'ada@example.com') }))
    expect(refused.hint).toBe('IDENTITY_INVALID')
    const after = await db.pool.query('select * from public.chat_conversations where id = $1', [id])
    expect(after.rows).toEqual(before.rows)
  })

  it('staff changing the e-mail clear the mark; the customer of another conversation gets NOT_FOUND', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ada@example.com', sign(secret, 'ada@example.com'))
    const stranger = await createCustomer(db.pool)
    expect((await sqlError(update(stranger, id, { signature: sign(secret, 'ada@example.com') }))).hint).toBe('NOT_FOUND')
    await update(org.agent, id, { email: 'ada.roy@example.com' })
    expect(await verifiedAt(id)).toBeNull()
  })
})

describe('required verification', () => {
  it('refuses a customer e-mail without a valid signature, in this organization only', async () => {
    await setRequired(org.admin, org.id, true)
    try {
      const customer = await createCustomer(db.pool)
      const refused = await sqlError(start(customer, org.id, 'ada@example.com'))
      expect(refused).toEqual({
        code: 'PT403',
        hint: 'IDENTITY_INVALID',
        message: 'This organization accepts an e-mail only with a valid customer_signature'
      })
      const id = await start(customer, org.id, 'ada@example.com', sign(secret, 'ada@example.com'))
      // Name edits and the same e-mail still work; a new e-mail needs its signature.
      await update(customer, id, { name: 'Ada R.', email: 'ada@example.com' })
      expect((await sqlError(update(customer, id, { email: 'eve@example.com' }))).hint).toBe('IDENTITY_INVALID')
      await update(customer, id, { email: 'eve@example.com', signature: sign(secret, 'eve@example.com') })
      expect(await verifiedAt(id)).toBeInstanceOf(Date)
      // Staff are not customers: they may still type an e-mail.
      await start(org.agent, org.id, 'walk-in@example.com')
      // Another organization is untouched.
      expect(await verifiedAt(await start(customer, other.id, 'ada@example.com'))).toBeNull()
    } finally {
      await setRequired(org.admin, org.id, false)
    }
  })
})

describe('rotation', () => {
  it('invalidates signatures made with the old secret', async () => {
    const customer = await createCustomer(db.pool)
    const oldSignature = sign(secret, 'ada@example.com')
    const fresh = await rotate(org.admin, org.id)
    try {
      expect(fresh).not.toBe(secret)
      expect((await sqlError(start(customer, org.id, 'ada@example.com', oldSignature))).hint).toBe('IDENTITY_INVALID')
      expect(await verifiedAt(await start(customer, org.id, 'ada@example.com', sign(fresh, 'ada@example.com')))).toBeInstanceOf(Date)
    } finally {
      secret = fresh
    }
  })
})

describe('customers cannot forge verification', () => {
  it('by a direct write: staff-only table for customers, NOT_AUTHORIZED for staff, cleared on a staff insert', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ada@example.com')
    const updated = await query(
      db.pool,
      customer,
      'update public.chat_conversations set customer_verified_at = now() where id = $1 returning id',
      [id]
    )
    expect(updated).toEqual([])
    const staffForge = await sqlError(
      query(db.pool, org.agent, 'update public.chat_conversations set customer_verified_at = now() where id = $1', [id])
    )
    expect(staffForge.hint).toBe('NOT_AUTHORIZED')
    const [inserted] = await query<{ customer_verified_at: Date | null }>(
      db.pool,
      org.agent,
      `insert into public.chat_conversations (organization_id, customer_name, customer_email, customer_verified_at)
       values ($1, 'Forged', 'forged@example.com', now()) returning customer_verified_at`,
      [org.id]
    )
    expect(inserted!.customer_verified_at).toBeNull()
    expect(await verifiedAt(id)).toBeNull()
  })

  it('by a direct staff e-mail change, which clears the mark', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ada@example.com', sign(secret, 'ada@example.com'))
    await query(db.pool, org.agent, `update public.chat_conversations set customer_email = 'ADA@EXAMPLE.COM' where id = $1`, [id])
    expect(await verifiedAt(id)).toBeInstanceOf(Date)
    await query(db.pool, org.agent, `update public.chat_conversations set customer_email = 'other@example.com' where id = $1`, [id])
    expect(await verifiedAt(id)).toBeNull()
  })

  it('through the helpers, which no API role may call', async () => {
    const customer = await createCustomer(db.pool)
    for (const sql of [
      `select private.verify_customer_identity('${org.id}', 'a@example.com', '${'0'.repeat(64)}', true)`,
      `select private.identity_signature('x', 'a@example.com')`,
      `select private.require_identity_admin('${org.id}')`
    ]) {
      expect((await sqlError(query(db.pool, customer, sql))).code).toBe('42501')
    }
  })

  it('the customer projection and its broadcasts do not carry the mark; staff read it and hear it change', async () => {
    const customer = await createCustomer(db.pool)
    const id = await start(customer, org.id, 'ada@example.com')
    const since = await databaseNow(db.pool)
    await update(customer, id, { name: 'Ada R.', signature: sign(secret, 'ada@example.com') })
    const [mine] = await query(db.pool, customer, 'select * from public.customer_conversations where id = $1', [id])
    expect(mine).not.toHaveProperty('customer_verified_at')
    const [seen] = await query<{ customer_verified_at: Date | null }>(
      db.pool,
      org.agent,
      'select customer_verified_at from public.chat_conversations where id = $1',
      [id]
    )
    expect(seen!.customer_verified_at).toBeInstanceOf(Date)
    // One transaction: both rows share inserted_at, so their order is not defined.
    const events = (await broadcastsSince(db.pool, since)).filter((event) => event.event === 'conversation')
    expect(events.map((event) => event.topic).sort()).toEqual([`conversation:${id}`, `staff:${org.id}`])
    expect(events.find((event) => event.topic.startsWith('conversation:'))!.payload).not.toHaveProperty('customer_verified_at')
    expect(Object.fromEntries(events.map((event) => [event.topic, event.payload.customer_verified_at]))).toEqual({
      [`staff:${org.id}`]: expect.any(String),
      [`conversation:${id}`]: undefined
    })
  })
})
