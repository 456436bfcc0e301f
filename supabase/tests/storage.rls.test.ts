import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'
import { anon, query, sendMessage, sqlError, type Caller } from './fixtures.ts'
import { createTenant, type Tenant } from './world.ts'

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
function upload(caller: Caller, name: string) {
  return query<{ name: string }>(
    db.pool,
    caller,
    "insert into storage.objects (bucket_id, name, owner_id, metadata) values ('chat-attachments', $1, $2, '{\"size\": 10}') returning name",
    [name, caller.id]
  )
}

function visible(caller: Caller, name: string) {
  return query(db.pool, caller, "select name from storage.objects where bucket_id = 'chat-attachments' and name = $1", [name])
}

describe('chat-attachments bucket', () => {
  it('is private, 10 MB, with a MIME allowlist', async () => {
    const { rows } = await db.pool.query("select public, file_size_limit, allowed_mime_types from storage.buckets where id = 'chat-attachments'")
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
    await query(
      db.pool,
      a.org.agent,
      "select public.send_message($1, gen_random_uuid(), 'Internal: appraisal', 'file', $2, true)",
      [a.conversationId, JSON.stringify([{ path: name, name: 'appraisal.pdf', size: 10, mime_type: 'application/pdf' }])]
    )
    expect(await visible(a.customer, name)).toEqual([])
    expect(await visible(a.org.agent, name)).toEqual([{ name }])
  })

  it('chat staff of the organization delete; customers cannot', async () => {
    const name = path(a)
    await upload(a.customer, name)
    expect(await query(db.pool, a.customer, 'delete from storage.objects where name = $1 returning name', [name])).toEqual([])
    expect(await query(db.pool, b.org.admin, 'delete from storage.objects where name = $1 returning name', [name])).toEqual([])
    expect(await query(db.pool, a.org.agent, 'delete from storage.objects where name = $1 returning name', [name])).toEqual([{ name }])
  })
})
