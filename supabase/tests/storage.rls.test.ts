import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import { anon, type Caller, createCustomer, query, sendMessage, sqlError, startConversation } from './fixtures.ts'
import { createTenant, type Tenant } from './world.ts'

/** Deletes go through the Storage API, which sets this; Supabase refuses any other DELETE. */
const STORAGE_API = { 'storage.allow_delete_query': 'true' }

let db: TestDatabase
let a: Tenant
let b: Tenant

beforeAll(async () => {
  db = await createTestDatabase()
  a = await createTenant(db.pool, 'Storage A')
  b = await createTenant(db.pool, 'Storage B')
})
afterAll(() => db.drop())

const path = (tenant: Tenant, file = 'photo.jpg', clientId: string = randomUUID()) =>
  `${tenant.org.id}/${tenant.conversationId}/${clientId}/${file}`

/** What the Storage API does for an upload: INSERT into storage.objects as the caller. */
function upload(caller: Caller, name: string, metadata: { size: number; mimetype: string } = { size: 10, mimetype: 'application/pdf' }) {
  return query<{ name: string }>(
    db.pool,
    caller,
    "insert into storage.objects (bucket_id, name, owner, owner_id, metadata) values ('chat-attachments', $1, $2::uuid, $2::text, $3) returning name",
    [name, caller.id, metadata]
  )
}

const attachment = (name: string, size = 10, mimeType = 'application/pdf') => ({
  path: name,
  name: name.split('/').pop()!,
  size,
  mime_type: mimeType
})

function sendFile(caller: Caller, conversationId: string, files: object[], options: { internal?: boolean; clientId?: string } = {}) {
  return query<{ id: string }>(db.pool, caller, "select id from public.send_message($1, $2, 'See the file', 'file', $3, $4)", [
    conversationId,
    options.clientId ?? randomUUID(),
    JSON.stringify(files),
    options.internal ?? false
  ])
}

function visible(caller: Caller, name: string) {
  return query(db.pool, caller, "select name from storage.objects where bucket_id = 'chat-attachments' and name = $1", [name])
}

describe('chat-attachments bucket', () => {
  it('is private, 10 MB, with a MIME allowlist', async () => {
    const { rows } = await db.pool.query(
      "select public, file_size_limit, allowed_mime_types from storage.buckets where id = 'chat-attachments'"
    )
    expect(rows[0]).toEqual({
      public: false,
      file_size_limit: '10485760',
      allowed_mime_types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']
    })
  })

  it('participants upload and read files of their conversation', async () => {
    const name = path(a)
    await upload(a.customer, name)
    expect(await visible(a.customer, name)).toEqual([{ name }])
    expect(await visible(a.org.agent, name)).toEqual([{ name }])
    const staffFile = path(a, 'invoice.pdf')
    await upload(a.org.agent, staffFile)
    await sendFile(a.org.agent, a.conversationId, [attachment(staffFile)])
    expect(await visible(a.customer, staffFile)).toEqual([{ name: staffFile }])
  })

  it('outsiders neither read nor upload: other customers, other organizations, anon', async () => {
    const name = path(a)
    await upload(a.customer, name)
    for (const caller of [b.customer, b.org.admin, a.claimCustomer, a.org.fAndI]) {
      expect(await visible(caller, name)).toEqual([])
      expect((await sqlError(upload(caller, path(a)))).code).toBe('42501')
    }
    expect(await visible(anon, name)).toEqual([])
    expect((await sqlError(upload(anon, path(a)))).code).toBe('42501')
  })

  it('paths must name the conversation under its own organization', async () => {
    const wrongOrg = `${b.org.id}/${a.conversationId}/${randomUUID()}/x.png`
    const tooShallow = `${a.org.id}/${a.conversationId}/x.png`
    const notUuid = `${a.org.id}/${a.conversationId}/../../x.png`
    for (const name of [wrongOrg, tooShallow, notUuid]) {
      expect((await sqlError(upload(a.customer, name))).code).toBe('42501')
    }
  })

  it('files of internal notes stay hidden from customers', async () => {
    const note = await sendMessage(db.pool, a.org.agent, a.conversationId, 'Internal: insurer quote', { internal: true })
    const name = path(a, 'quote.pdf', note.client_id)
    await upload(a.org.agent, name)
    expect(await visible(a.customer, name)).toEqual([])
    expect(await visible(a.org.agent, name)).toEqual([{ name }])
  })

  it('a file an internal note attaches stays hidden even under another folder', async () => {
    const name = path(a, 'appraisal.pdf')
    await upload(a.org.agent, name)
    await sendFile(a.org.agent, a.conversationId, [attachment(name)], { internal: true })
    expect(await visible(a.customer, name)).toEqual([])
    expect(await visible(a.org.agent, name)).toEqual([{ name }])
  })

  // Was a bug: the customer saw every file of their conversation until an internal note
  // named it, so a staff upload was customer-visible between upload and send, for good when
  // the send failed. Reading is now an allowlist.
  it('a staff file stays hidden from the customer until a visible message attaches it', async () => {
    const clientId = randomUUID()
    const name = path(a, 'quote.pdf', clientId)
    await upload(a.org.agent, name)
    expect(await visible(a.customer, name)).toEqual([])
    await sendFile(a.org.agent, a.conversationId, [attachment(name)], { clientId })
    expect(await visible(a.customer, name)).toEqual([{ name }])
  })

  it('a staff file attached to an internal note is never customer-visible, before or after the note', async () => {
    const name = path(a, 'fraud-check.pdf')
    await upload(a.org.agent, name)
    expect(await visible(a.customer, name)).toEqual([])
    await sendFile(a.org.agent, a.conversationId, [attachment(name)], { internal: true })
    expect(await visible(a.customer, name)).toEqual([])
    // Nor under a visible message's folder when that message does not attach it.
    const reply = await sendMessage(db.pool, a.org.agent, a.conversationId, 'See you soon')
    const beside = path(a, 'draft.pdf', reply.client_id)
    await upload(a.org.agent, beside)
    expect(await visible(a.customer, beside)).toEqual([])
  })

  it("a customer reads their own uploads, not another customer's unsent file in a shared conversation", async () => {
    const other = await createCustomer(db.pool)
    await db.pool.query('insert into public.conversation_access (conversation_id, user_id) values ($1, $2)', [a.conversationId, other.id])
    const name = path(a, 'mine.pdf')
    await upload(a.customer, name)
    expect(await visible(a.customer, name)).toEqual([{ name }])
    expect(await visible(other, name)).toEqual([])
  })
})

describe('attachments a message names', () => {
  it('must be uploaded objects of the conversation, with the stored size and type', async () => {
    const name = path(a, 'invoice.pdf')
    await upload(a.customer, name, { size: 2048, mimetype: 'application/pdf' })
    const missing = await sqlError(sendFile(a.customer, a.conversationId, [attachment(path(a, 'ghost.pdf'), 10)]))
    expect(missing).toMatchObject({
      hint: 'INVALID_INPUT',
      message: expect.stringContaining('is not an uploaded file of this conversation')
    })
    const size = await sqlError(sendFile(a.customer, a.conversationId, [attachment(name, 10)]))
    expect(size).toMatchObject({ hint: 'INVALID_INPUT', message: `attachment ${name} is 2048 bytes, not 10` })
    const type = await sqlError(sendFile(a.customer, a.conversationId, [attachment(name, 2048, 'image/png')]))
    expect(type).toMatchObject({ hint: 'INVALID_INPUT', message: `attachment ${name} was uploaded as application/pdf, not image/png` })
    expect(await sendFile(a.customer, a.conversationId, [attachment(name, 2048, 'APPLICATION/PDF')])).toHaveLength(1)
    // A row written by hand may hold its size as a string: compared as a number all the same.
    const handMade = path(a, 'hand-made.pdf')
    await db.pool.query(
      `insert into storage.objects (bucket_id, name, owner_id, metadata) values ('chat-attachments', $1, $2, '{"size": "77", "mimetype": "application/pdf; charset=binary"}')`,
      [handMade, a.customer.id]
    )
    expect(await sendFile(a.customer, a.conversationId, [attachment(handMade, 77)])).toHaveLength(1)
  })

  it('a customer cannot attach, hence expose, a staff file they were never shown', async () => {
    const name = path(a, 'internal-appraisal.pdf')
    await upload(a.org.agent, name)
    const refused = await sqlError(sendFile(a.customer, a.conversationId, [attachment(name)]))
    expect(refused.message).toContain('is not an uploaded file of this conversation')
    expect(await visible(a.customer, name)).toEqual([])
  })

  it('editing a message cannot swap in a file the editor cannot read, nor change a stored size', async () => {
    const name = path(a, 'photo.pdf')
    await upload(a.customer, name)
    const [sent] = await sendFile(a.customer, a.conversationId, [attachment(name)])
    const staffFile = path(a, 'staff-only.pdf')
    await upload(a.org.agent, staffFile)
    const swapped = await sqlError(
      query(db.pool, a.customer, 'update public.chat_messages set attachments = $2 where id = $1', [
        sent!.id,
        JSON.stringify([attachment(staffFile)])
      ])
    )
    expect(swapped.hint).toBe('INVALID_INPUT')
    const resized = await sqlError(
      query(db.pool, a.customer, 'update public.chat_messages set attachments = $2 where id = $1', [
        sent!.id,
        JSON.stringify([attachment(name, 99)])
      ])
    )
    expect(resized.hint).toBe('INVALID_INPUT')
    // Editing the text keeps attachments checked when they were added, even once deleted.
    await query(db.pool, a.org.agent, 'delete from storage.objects where name = $1', [name], STORAGE_API)
    expect(
      await query(db.pool, a.customer, "update public.chat_messages set content = 'edited' where id = $1 returning id", [sent!.id])
    ).toHaveLength(1)
  })
})

describe('unsent uploads', () => {
  it('a customer holds at most 10 files no message attaches; sending one frees a place', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, a.org.id)
    const file = () => `${a.org.id}/${conversation.id}/${randomUUID()}/scan.pdf`
    const names: string[] = []
    for (let i = 0; i < 10; i++) {
      const name = file()
      await upload(customer, name)
      names.push(name)
    }
    const refused = await sqlError(upload(customer, file()))
    expect(refused).toMatchObject({
      code: '42501',
      message: 'Too many attachments waiting to be sent: at most 10 in an hour; send them or wait before uploading more'
    })
    await sendFile(customer, conversation.id, [attachment(names[0]!)])
    expect(await upload(customer, file())).toHaveLength(1)
    expect((await sqlError(upload(customer, file()))).code).toBe('42501')
    // Staff uploads are not counted against the customer, nor limited.
    for (let i = 0; i < 12; i++) await upload(a.org.agent, `${a.org.id}/${conversation.id}/${randomUUID()}/staff.pdf`)
    // An hour later the old uploads no longer count.
    await db.pool.query("update storage.objects set created_at = now() - interval '61 minutes' where owner_id = $1", [customer.id])
    expect(await upload(customer, file())).toHaveLength(1)
  })

  it('the limit holds under 30 concurrent uploads from one customer', async () => {
    const customer = await createCustomer(db.pool)
    const conversation = await startConversation(db.pool, customer, a.org.id)
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, () => upload(customer, `${a.org.id}/${conversation.id}/${randomUUID()}/scan.pdf`))
    )
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10)
    const { rows } = await db.pool.query('select count(*)::int as n from storage.objects where owner_id = $1', [customer.id])
    expect(rows[0].n).toBe(10)
  })
})

describe('chat-attachments deletion', () => {
  it('chat staff of the organization delete; customers cannot', async () => {
    const name = path(a)
    await upload(a.customer, name)
    expect(await query(db.pool, a.customer, 'delete from storage.objects where name = $1 returning name', [name], STORAGE_API)).toEqual([])
    expect(await query(db.pool, b.org.admin, 'delete from storage.objects where name = $1 returning name', [name], STORAGE_API)).toEqual([])
    expect(await query(db.pool, a.org.agent, 'delete from storage.objects where name = $1 returning name', [name], STORAGE_API)).toEqual([
      { name }
    ])
  })
})
