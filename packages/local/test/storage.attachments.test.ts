import { randomUUID } from 'node:crypto'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Jwt } from '../src/http/keys.ts'
import { startTestStack, type TestStack } from './stack.ts'

// The schema's own chat-attachments bucket and policies (supabase/migrations), through storage-js.
let stack: TestStack
let organization: string
let conversation: string

async function customer(conversationId?: string): Promise<SupabaseClient> {
  const id = randomUUID()
  await stack.db.pool.query(`insert into auth.users (id, aud, role, is_anonymous) values ($1, 'authenticated', 'authenticated', true)`, [
    id
  ])
  if (conversationId)
    await stack.db.pool.query('insert into public.conversation_access (conversation_id, user_id) values ($1, $2)', [conversationId, id])
  const jwt = await new Jwt().sign({ sub: id, role: 'authenticated', aud: 'authenticated', is_anonymous: true }, 3600)
  return createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${jwt}` } }
  })
}

beforeAll(async () => {
  stack = await startTestStack()
  const org = await stack.db.pool.query(`insert into public.organizations (name, slug) values ('Garage', 'garage-storage') returning id`)
  organization = org.rows[0].id
  const conv = await stack.db.pool.query(
    `insert into public.chat_conversations (organization_id, customer_name, customer_email) values ($1, 'Ana', 'ana@example.test') returning id`,
    [organization]
  )
  conversation = conv.rows[0].id
})
afterAll(() => stack.stop())

describe('chat-attachments', () => {
  it('lets a bound customer upload and read an attachment of their conversation', async () => {
    const ana = await customer(conversation)
    const path = `${organization}/${conversation}/${randomUUID()}/photo.png`
    const png = new Blob([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], { type: 'image/png' })
    const { error } = await ana.storage.from('chat-attachments').upload(path, png)
    expect(error).toBeNull()
    const signed = await ana.storage.from('chat-attachments').createSignedUrl(path, 60)
    expect((await fetch(signed.data!.signedUrl)).status).toBe(200)
  })

  it("refuses another customer's upload and hides the file from them", async () => {
    const ana = await customer(conversation)
    const path = `${organization}/${conversation}/${randomUUID()}/notes.txt`
    await ana.storage.from('chat-attachments').upload(path, 'private', { contentType: 'text/plain' })
    const eve = await customer()
    const upload = await eve.storage
      .from('chat-attachments')
      .upload(`${organization}/${conversation}/${randomUUID()}/x.txt`, 'x', { contentType: 'text/plain' })
    expect(upload.error).toMatchObject({ statusCode: '403' })
    expect((await eve.storage.from('chat-attachments').download(path)).error).toMatchObject({ statusCode: '404' })
  })

  it('applies the bucket MIME allowlist', async () => {
    const ana = await customer(conversation)
    const { error } = await ana.storage
      .from('chat-attachments')
      .upload(`${organization}/${conversation}/${randomUUID()}/a.zip`, 'PK', { contentType: 'application/zip' })
    expect(error).toMatchObject({ statusCode: '415' })
  })

  it("answers the unsent-upload limit with 403 and the policy's own message", async () => {
    const conv = await stack.db.pool.query(
      `insert into public.chat_conversations (organization_id, customer_name) values ($1, 'Flo') returning id`,
      [organization]
    )
    const flo = await customer(conv.rows[0].id)
    const file = () => `${organization}/${conv.rows[0].id}/${randomUUID()}/scan.txt`
    for (let i = 0; i < 10; i++)
      expect((await flo.storage.from('chat-attachments').upload(file(), 'x', { contentType: 'text/plain' })).error).toBeNull()
    const refused = await flo.storage.from('chat-attachments').upload(file(), 'x', { contentType: 'text/plain' })
    expect(refused.error).toMatchObject({
      statusCode: '403',
      code: 'AccessDenied',
      message: 'Too many attachments waiting to be sent: at most 10 in an hour; send them or wait before uploading more'
    })
  })
})
