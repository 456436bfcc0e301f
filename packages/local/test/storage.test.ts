import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Jwt } from '../src/http/keys.ts'
import { startTestStack, type TestStack } from './stack.ts'

let stack: TestStack
let alice: { id: string; client: SupabaseClient }
let bob: { id: string; client: SupabaseClient }
let admin: SupabaseClient
let anon: SupabaseClient

async function user(email: string | null): Promise<{ id: string; client: SupabaseClient }> {
  const id = randomUUID()
  await stack.db.pool.query(
    `insert into auth.users (id, aud, role, email, is_anonymous) values ($1, 'authenticated', 'authenticated', $2, $3)`,
    [id, email, email === null]
  )
  const jwt = await new Jwt().sign({ sub: id, role: 'authenticated', aud: 'authenticated', is_anonymous: email === null }, 3600)
  const client = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${jwt}` } }
  })
  return { id, client }
}

beforeAll(async () => {
  stack = await startTestStack()
  await stack.db.pool.query(`
    insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
      values ('docs', 'docs', false, 1024, array['text/*', 'image/png']), ('pics', 'pics', true, null, null),
             ('inbox', 'inbox', false, null, null);
    create policy own_read on storage.objects for select to authenticated
      using (bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text);
    create policy own_write on storage.objects for insert to authenticated
      with check (bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text);
    create policy own_update on storage.objects for update to authenticated
      using (bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text);
    create policy own_delete on storage.objects for delete to authenticated
      using (bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text);
    create policy pics_read on storage.objects for select using (bucket_id = 'pics');
    create policy pics_write on storage.objects for insert to authenticated with check (bucket_id = 'pics');
    create table public.inbox_members (user_id uuid primary key);
    grant select on public.inbox_members to authenticated;
    create policy inbox_write on storage.objects for insert to authenticated
      with check (bucket_id = 'inbox' and exists (select 1 from public.inbox_members m where m.user_id = auth.uid()));
  `)
  alice = await user('alice@example.test')
  bob = await user('bob@example.test')
  admin = stack.client(stack.serviceRoleKey)
  anon = stack.client()
})
afterAll(() => stack.stop())

describe('objects', () => {
  it('uploads, downloads and describes a file, owned by the uploader', async () => {
    const path = `${alice.id}/notes/hello.txt`
    const { data, error } = await alice.client.storage.from('docs').upload(path, 'hello world', { contentType: 'text/plain' })
    expect(error).toBeNull()
    expect(data).toMatchObject({ path, fullPath: `docs/${path}` })
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/)

    const downloaded = await alice.client.storage.from('docs').download(path)
    expect(await downloaded.data?.text()).toBe('hello world')

    const { rows } = await stack.db.pool.query(`select owner, metadata from storage.objects where name = $1`, [path])
    expect(rows[0].owner).toBe(alice.id)
    expect(rows[0].metadata).toMatchObject({ size: 11, mimetype: 'text/plain', cacheControl: 'max-age=3600', httpStatusCode: 200 })

    const info = await alice.client.storage.from('docs').info(path)
    expect(info.data).toMatchObject({ name: path, bucketId: 'docs', size: 11, contentType: 'text/plain' })
    expect(await alice.client.storage.from('docs').exists(path)).toMatchObject({ data: true })
    expect(await alice.client.storage.from('docs').exists(`${alice.id}/missing.txt`)).toMatchObject({ data: false })
  })

  it('uploads a Blob as multipart with its own type and user metadata', async () => {
    const path = `${alice.id}/pixel.png`
    const blob = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' })
    const { error } = await alice.client.storage.from('docs').upload(path, blob, { cacheControl: '60', metadata: { label: 'tiny' } })
    expect(error).toBeNull()
    const info = await alice.client.storage.from('docs').info(path)
    expect(info.data).toMatchObject({ contentType: 'image/png', size: 4, cacheControl: 'max-age=60', metadata: { label: 'tiny' } })
    const { data } = await alice.client.storage.from('docs').download(path)
    expect(new Uint8Array(await data!.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]))
  })

  it('refuses a duplicate with 409 and replaces it with upsert', async () => {
    const path = `${alice.id}/dup.txt`
    await alice.client.storage.from('docs').upload(path, 'one', { contentType: 'text/plain' })
    const again = await alice.client.storage.from('docs').upload(path, 'two', { contentType: 'text/plain' })
    expect(again.error).toMatchObject({ statusCode: '409', message: 'The resource already exists' })
    const upserted = await alice.client.storage.from('docs').upload(path, 'two', { contentType: 'text/plain', upsert: true })
    expect(upserted.error).toBeNull()
    expect(await (await alice.client.storage.from('docs').download(path)).data?.text()).toBe('two')
    const updated = await alice.client.storage.from('docs').update(path, 'three', { contentType: 'text/plain' })
    expect(updated.error).toBeNull()
    expect(await (await alice.client.storage.from('docs').download(path)).data?.text()).toBe('three')
  })

  it('lists folders first, then files relative to the prefix, with search, sort and paging', async () => {
    const bucket = alice.client.storage.from('docs')
    for (const name of ['b.txt', 'a.txt', 'sub/c.txt', 'sub/deep/d.txt']) {
      await bucket.upload(`${alice.id}/list/${name}`, name, { contentType: 'text/plain' })
    }
    const { data, error } = await bucket.list(`${alice.id}/list`)
    expect(error).toBeNull()
    expect(data?.map((entry) => entry.name)).toEqual(['sub', 'a.txt', 'b.txt'])
    expect(data?.[0]).toMatchObject({ id: null, metadata: null })
    expect(data?.[1]?.metadata).toMatchObject({ size: 5, mimetype: 'text/plain' })

    const desc = await bucket.list(`${alice.id}/list`, { sortBy: { column: 'name', order: 'desc' } })
    expect(desc.data?.map((entry) => entry.name)).toEqual(['sub', 'b.txt', 'a.txt'])
    const searched = await bucket.list(`${alice.id}/list`, { search: 'b' })
    expect(searched.data?.map((entry) => entry.name)).toEqual(['b.txt'])
    const paged = await bucket.list(`${alice.id}/list`, { limit: 1, offset: 1 })
    expect(paged.data?.map((entry) => entry.name)).toEqual(['a.txt'])
    const nested = await bucket.list(`${alice.id}/list/sub`)
    expect(nested.data?.map((entry) => entry.name)).toEqual(['deep', 'c.txt'])
    const others = await bob.client.storage.from('docs').list(`${alice.id}/list`)
    expect(others.data).toEqual([])
  })

  it('moves and copies within what the policies allow', async () => {
    const bucket = alice.client.storage.from('docs')
    await bucket.upload(`${alice.id}/from.txt`, 'moving', { contentType: 'text/plain' })
    expect((await bucket.move(`${alice.id}/from.txt`, `${alice.id}/to.txt`)).error).toBeNull()
    expect((await bucket.download(`${alice.id}/from.txt`)).error).toMatchObject({ statusCode: '404' })
    expect(await (await bucket.download(`${alice.id}/to.txt`)).data?.text()).toBe('moving')

    const copied = await bucket.copy(`${alice.id}/to.txt`, `${alice.id}/copy.txt`)
    expect(copied).toMatchObject({ data: { path: `docs/${alice.id}/copy.txt` }, error: null })
    expect(await (await bucket.download(`${alice.id}/copy.txt`)).data?.text()).toBe('moving')
    expect(await (await bucket.download(`${alice.id}/to.txt`)).data?.text()).toBe('moving')

    const stolen = await bob.client.storage.from('docs').move(`${alice.id}/to.txt`, `${bob.id}/mine.txt`)
    expect(stolen.error).toMatchObject({ statusCode: '404' })
  })

  it('removes files the caller may delete and reports them', async () => {
    const bucket = alice.client.storage.from('docs')
    await bucket.upload(`${alice.id}/gone.txt`, 'bye', { contentType: 'text/plain' })
    const refused = await bob.client.storage.from('docs').remove([`${alice.id}/gone.txt`])
    expect(refused).toMatchObject({ data: [], error: null })
    const { data, error } = await bucket.remove([`${alice.id}/gone.txt`, `${alice.id}/never.txt`])
    expect(error).toBeNull()
    expect(data?.map((row) => row.name)).toEqual([`${alice.id}/gone.txt`])
    expect(existsSync(join(stack.stateDir, 'storage', 'docs', alice.id, 'gone.txt'))).toBe(false)
    expect((await bucket.download(`${alice.id}/gone.txt`)).error).toMatchObject({ statusCode: '404', message: 'Object not found' })
  })
})

describe('authorization', () => {
  it('refuses an upload the INSERT policy rejects, with 403', async () => {
    const { error } = await bob.client.storage.from('docs').upload(`${alice.id}/intrusion.txt`, 'x', { contentType: 'text/plain' })
    expect(error).toMatchObject({ statusCode: '403', message: 'new row violates row-level security policy' })
    expect(existsSync(join(stack.stateDir, 'storage', 'docs', alice.id, 'intrusion.txt'))).toBe(false)
    const refusedElsewhere = await bob.client.storage
      .from('docs')
      .upload(`${alice.id}/new-folder/x.txt`, 'x', { contentType: 'text/plain' })
    expect(refusedElsewhere.error).toMatchObject({ statusCode: '403' })
    expect(existsSync(join(stack.stateDir, 'storage', 'docs', alice.id, 'new-folder'))).toBe(false)
    const anonymous = await anon.storage.from('docs').upload(`${alice.id}/anon.txt`, 'x', { contentType: 'text/plain' })
    expect(anonymous.error).toMatchObject({ statusCode: '403' })
  })

  it("hides another user's object from download and signing", async () => {
    await alice.client.storage.from('docs').upload(`${alice.id}/secret.txt`, 'secret', { contentType: 'text/plain' })
    expect((await bob.client.storage.from('docs').download(`${alice.id}/secret.txt`)).error).toMatchObject({ statusCode: '404' })
    expect((await bob.client.storage.from('docs').createSignedUrl(`${alice.id}/secret.txt`, 60)).error).toMatchObject({ statusCode: '404' })
  })

  it('refuses a bad JWT with InvalidJWT', async () => {
    const forged = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false },
      global: { headers: { Authorization: 'Bearer not.a.jwt' } }
    })
    const { error } = await forged.storage.from('docs').download(`${alice.id}/secret.txt`)
    expect(error).toMatchObject({ statusCode: '400' })
  })

  it('refuses path traversal before touching the disk', async () => {
    for (const path of [
      '/storage/v1/object/docs/..%2F..%2Fescape.txt',
      `/storage/v1/object/docs/${alice.id}%2F..%2F..%2F..%2Fescape.txt`
    ]) {
      const response = await raw('POST', path, 'x')
      expect(response.status).toBe(400)
      expect(JSON.parse(response.body)).toMatchObject({ statusCode: '400', error: 'InvalidKey' })
    }
    expect(existsSync(join(stack.stateDir, 'escape.txt'))).toBe(false)
    expect(existsSync(join(stack.stateDir, 'storage', 'escape.txt'))).toBe(false)
  })
})

describe('limits', () => {
  it('refuses a file over the bucket size limit with 413', async () => {
    const { error } = await alice.client.storage.from('docs').upload(`${alice.id}/big.txt`, 'x'.repeat(2048), { contentType: 'text/plain' })
    expect(error).toMatchObject({ statusCode: '413', status: 400, message: 'The object exceeded the maximum allowed size' })
    const blob = await alice.client.storage
      .from('docs')
      .upload(`${alice.id}/big-blob.txt`, new Blob(['x'.repeat(2048)], { type: 'text/plain' }))
    expect(blob.error).toMatchObject({ statusCode: '413' })
  })

  it('enforces the MIME allowlist, wildcards included', async () => {
    const { error } = await alice.client.storage.from('docs').upload(`${alice.id}/doc.pdf`, '%PDF', { contentType: 'application/pdf' })
    expect(error).toMatchObject({ statusCode: '415', message: 'mime type application/pdf is not supported' })
    const markdown = await alice.client.storage.from('docs').upload(`${alice.id}/readme.md`, '# hi', { contentType: 'text/markdown' })
    expect(markdown.error).toBeNull()
  })
})

describe('URLs', () => {
  it('signs a download URL that works without a key and skips RLS', async () => {
    const path = `${alice.id}/signed dir/report ü.txt`
    await alice.client.storage.from('docs').upload(path, 'signed content', { contentType: 'text/plain' })
    const { data, error } = await alice.client.storage.from('docs').createSignedUrl(path, 60)
    expect(error).toBeNull()
    const response = await fetch(data!.signedUrl)
    expect(response.status).toBe(200)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe('signed content')

    const asDownload = await alice.client.storage.from('docs').createSignedUrl(path, 60, { download: 'report.txt' })
    const attachment = await fetch(asDownload.data!.signedUrl)
    expect(attachment.headers.get('content-disposition')).toContain('report.txt')

    const many = await alice.client.storage.from('docs').createSignedUrls([path, `${bob.id}/nope.txt`], 60)
    expect(many.data?.[0]).toMatchObject({ path, error: null })
    expect(many.data?.[1]).toMatchObject({ signedUrl: null, error: 'Either the object does not exist or you do not have access to it' })
    expect(await (await fetch(many.data![0]!.signedUrl!)).text()).toBe('signed content')
  })

  it('refuses an expired or foreign signed URL token', async () => {
    const path = `${alice.id}/expiring.txt`
    await alice.client.storage.from('docs').upload(path, 'soon gone', { contentType: 'text/plain' })
    const past = Math.floor(Date.now() / 1000) - 10
    const expired = await new Jwt().sign({ url: `docs/${path}`, scope: 'download', iat: past - 60, exp: past })
    const response = await fetch(`${stack.url}/storage/v1/object/sign/docs/${path}?token=${expired}`)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ statusCode: '400', error: 'InvalidJWT', message: 'jwt expired' })

    const other = await alice.client.storage.from('docs').createSignedUrl(`${alice.id}/readme.md`, 60)
    const token = new URL(other.data!.signedUrl).searchParams.get('token')
    const foreign = await fetch(`${stack.url}/storage/v1/object/sign/docs/${path}?token=${token}`)
    expect(foreign.status).toBe(400)
  })

  it('hands out a signed upload URL that an anonymous client can use once', async () => {
    const path = `${alice.id}/dropbox/upload.txt`
    const { data, error } = await alice.client.storage.from('docs').createSignedUploadUrl(path)
    expect(error).toBeNull()
    const uploaded = await anon.storage.from('docs').uploadToSignedUrl(path, data!.token, 'dropped', { contentType: 'text/plain' })
    expect(uploaded.error).toBeNull()
    expect(uploaded.data).toMatchObject({ path, fullPath: `docs/${path}` })
    const { rows } = await stack.db.pool.query('select owner from storage.objects where name = $1', [path])
    expect(rows[0].owner).toBe(alice.id)
    const twice = await anon.storage.from('docs').uploadToSignedUrl(path, data!.token, 'again', { contentType: 'text/plain' })
    expect(twice.error).toMatchObject({ statusCode: '409' })

    const refused = await bob.client.storage.from('docs').createSignedUploadUrl(`${alice.id}/dropbox/bob.txt`)
    expect(refused.error).toMatchObject({ statusCode: '403' })
  })

  it('serves public buckets by public URL without a key, and only those', async () => {
    await alice.client.storage.from('pics').upload('cat.png', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }))
    const { data } = anon.storage.from('pics').getPublicUrl('cat.png')
    const response = await fetch(data.publicUrl)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]))
    const ranged = await fetch(data.publicUrl, { headers: { range: 'bytes=1-' } })
    expect(ranged.status).toBe(206)
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(new Uint8Array([2, 3]))

    const privateUrl = anon.storage.from('docs').getPublicUrl(`${alice.id}/readme.md`).data.publicUrl
    const refused = await fetch(privateUrl)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' })
  })
})

describe('buckets', () => {
  it('creates, reads, lists, updates, empties and deletes buckets with the service role', async () => {
    const created = await admin.storage.createBucket('avatars', { public: false, fileSizeLimit: '1MB', allowedMimeTypes: ['image/*'] })
    expect(created).toMatchObject({ data: { name: 'avatars' }, error: null })
    expect((await admin.storage.createBucket('avatars')).error).toMatchObject({ statusCode: '409' })
    const bucket = await admin.storage.getBucket('avatars')
    expect(bucket.data).toMatchObject({ id: 'avatars', public: false, file_size_limit: 1_000_000, allowed_mime_types: ['image/*'] })
    const listed = await admin.storage.listBuckets()
    expect(listed.data?.map((b) => b.id)).toEqual(expect.arrayContaining(['avatars', 'docs', 'pics']))
    expect((await admin.storage.updateBucket('avatars', { public: true, fileSizeLimit: null })).error).toBeNull()
    expect((await admin.storage.getBucket('avatars')).data).toMatchObject({ public: true, file_size_limit: null })

    await admin.storage.from('avatars').upload('a.png', new Blob([new Uint8Array([1])], { type: 'image/png' }))
    expect((await admin.storage.deleteBucket('avatars')).error).toMatchObject({ statusCode: '409' })
    expect((await admin.storage.emptyBucket('avatars')).error).toBeNull()
    expect((await admin.storage.deleteBucket('avatars')).data).toMatchObject({ message: 'Successfully deleted' })
    expect((await admin.storage.getBucket('avatars')).error).toMatchObject({ statusCode: '404', message: 'Bucket not found' })
  })

  it('leaves bucket management to policies: no policy, no bucket for users', async () => {
    expect((await alice.client.storage.createBucket('mine')).error).toMatchObject({ statusCode: '403' })
    expect((await anon.storage.listBuckets()).data).toEqual([])
    expect((await admin.storage.createBucket('bad/name')).error).toMatchObject({ statusCode: '400' })
    expect((await alice.client.storage.from('nowhere').upload('x.txt', 'x')).error).toMatchObject({
      statusCode: '404',
      message: 'Bucket not found'
    })
  })
})

describe('content types', () => {
  const bytes = new TextEncoder().encode('<script>alert(document.domain)</script>')

  // Was a bug: the bucket allowlist compared only what preceded the first ';', and the header
  // was stored and served verbatim; Chromium reads `text/plain;,text/html` as HTML and ran
  // the uploaded script on the API's origin.
  it('refuses lists, quotes and control characters, with or without a bucket allowlist', async () => {
    for (const bucket of ['docs', 'pics']) {
      for (const contentType of [
        'text/plain;,text/html',
        'image/png;x=1,text/html',
        'text/plain;charset="utf-8"',
        'text/plain;\tx=1',
        'text/plain; x'
      ]) {
        const path = `${alice.id}/evil-${randomUUID()}.html`
        const { error } = await alice.client.storage.from(bucket).upload(path, bytes, { contentType })
        expect({ bucket, contentType, error }).toMatchObject({ bucket, contentType, error: { statusCode: '415', code: 'InvalidMimeType' } })
        const { rowCount } = await stack.db.pool.query('select 1 from storage.objects where name = $1', [path])
        expect(rowCount).toBe(0)
      }
    }
  })

  it('stores and serves only type/subtype and a charset', async () => {
    const cases = [
      ['image/png;x=1', 'image/png'],
      ['Text/Plain; Charset=UTF-8; format=flowed', 'text/plain;charset=utf-8']
    ]
    for (const [given, stored] of cases) {
      const path = `${alice.id}/typed-${randomUUID()}`
      expect((await alice.client.storage.from('docs').upload(path, bytes, { contentType: given })).error).toBeNull()
      const { rows } = await stack.db.pool.query("select metadata ->> 'mimetype' as type from storage.objects where name = $1", [path])
      expect(rows[0].type).toBe(stored)
      const response = await alice.client.storage.from('docs').createSignedUrl(path, 60)
      expect((await fetch(response.data!.signedUrl)).headers.get('content-type')).toBe(stored)
    }
  })

  it('serves every object sandboxed and unsniffed, and only raster images inline', async () => {
    const text = `${alice.id}/page-${randomUUID()}.txt`
    const image = `${alice.id}/photo-${randomUUID()}.png`
    await alice.client.storage.from('docs').upload(text, bytes, { contentType: 'text/plain' })
    await alice.client.storage.from('docs').upload(image, new Uint8Array([137, 80, 78, 71]), { contentType: 'image/png' })
    // A row written straight into the table, bypassing the API's checks.
    const direct = `${alice.id}/direct-${randomUUID()}.html`
    await stack.db.pool.query(
      `insert into storage.objects (bucket_id, name, owner, metadata) values ('docs', $1, $2, '{"mimetype": "text/plain;,text/html", "size": 39}')`,
      [direct, alice.id]
    )
    const { writeFile, mkdir } = await import('node:fs/promises')
    await mkdir(join(stack.stateDir, 'storage', 'docs', alice.id), { recursive: true })
    await writeFile(join(stack.stateDir, 'storage', 'docs', ...direct.split('/')), bytes)
    const served = async (path: string) => {
      const signed = await alice.client.storage.from('docs').createSignedUrl(path, 60)
      const response = await fetch(signed.data!.signedUrl)
      return {
        type: response.headers.get('content-type'),
        disposition: response.headers.get('content-disposition'),
        csp: response.headers.get('content-security-policy'),
        nosniff: response.headers.get('x-content-type-options')
      }
    }
    const sandboxed = { csp: "sandbox; default-src 'none'", nosniff: 'nosniff' }
    expect(await served(text)).toEqual({
      type: 'text/plain',
      disposition: expect.stringMatching(/^attachment; filename\*=UTF-8''page-/),
      ...sandboxed
    })
    expect(await served(image)).toEqual({ type: 'image/png', disposition: null, ...sandboxed })
    expect(await served(direct)).toEqual({
      type: 'application/octet-stream',
      disposition: expect.stringMatching(/^attachment/),
      ...sandboxed
    })
  })
})

describe('signed URL lifetimes and grants', () => {
  it('caps the download URLs an anonymous caller signs at one hour', async () => {
    const visitor = await user(null)
    const path = `cap-${randomUUID()}.png`
    await alice.client.storage.from('pics').upload(path, new Uint8Array([1]), { contentType: 'image/png' })
    const tenYears = 10 * 365 * 24 * 3600
    for (const client of [visitor.client, anon]) {
      const long = await client.storage.from('pics').createSignedUrl(path, tenYears)
      expect(long.error).toMatchObject({ statusCode: '400', message: 'expiresIn must be at most 3600 seconds for anonymous users' })
      expect((await client.storage.from('pics').createSignedUrls([path], 3601)).error).toMatchObject({ statusCode: '400' })
      expect((await client.storage.from('pics').createSignedUrl(path, 3600)).error).toBeNull()
    }
    expect((await alice.client.storage.from('pics').createSignedUrl(path, tenYears)).error).toBeNull()
  })

  // Was a bug: the UPDATE probe only met UPDATE policies when the row existed, so a free path
  // earned an upsert grant in a bucket with no UPDATE policy, good for overwriting later.
  it('grants upsert only to a caller who may UPDATE the object', async () => {
    const path = `free-${randomUUID()}.png`
    const refused = await alice.client.storage.from('pics').createSignedUploadUrl(path, { upsert: true })
    expect(refused.error).toMatchObject({ statusCode: '403' })
    expect((await alice.client.storage.from('pics').createSignedUploadUrl(path)).error).toBeNull()
    expect(
      (await alice.client.storage.from('docs').createSignedUploadUrl(`${alice.id}/free-${randomUUID()}.txt`, { upsert: true })).error
    ).toBeNull()
  })

  it('uploads through a grant as its signer, under RLS: a signer revoked since cannot write', async () => {
    const carol = await user(`carol-${randomUUID()}@example.test`)
    await stack.db.pool.query('insert into public.inbox_members (user_id) values ($1)', [carol.id])
    const path = `${carol.id}/quote.txt`
    const grant = await carol.client.storage.from('inbox').createSignedUploadUrl(path)
    expect(grant.error).toBeNull()
    await stack.db.pool.query('delete from public.inbox_members where user_id = $1', [carol.id])
    const forged = await anon.storage
      .from('inbox')
      .uploadToSignedUrl(path, grant.data!.token, 'forged quote', { contentType: 'text/plain' })
    expect(forged.error).toMatchObject({ statusCode: '403' })
    const { rowCount } = await stack.db.pool.query('select 1 from storage.objects where name = $1', [path])
    expect(rowCount).toBe(0)
  })

  it('a grant token opens nothing else: as a bearer it is the anon role', async () => {
    const grant = await admin.storage.from('inbox').createSignedUploadUrl(`service-${randomUUID()}.txt`)
    const asBearer = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { headers: { Authorization: `Bearer ${grant.data!.token}` } }
    })
    expect((await asBearer.storage.from('inbox').list()).data).toEqual([])
    expect((await asBearer.storage.from('inbox').upload(`x-${randomUUID()}.txt`, 'x', { contentType: 'text/plain' })).error).not.toBeNull()
    expect(
      (await anon.storage.from('inbox').uploadToSignedUrl(grant.data!.path, grant.data!.token, 'ok', { contentType: 'text/plain' })).error
    ).toBeNull()
    // Each token serves its own action only: a download token is no upload grant, and back.
    const download = await admin.storage.from('inbox').createSignedUrl(grant.data!.path, 60)
    const downloadToken = new URL(download.data!.signedUrl).searchParams.get('token')!
    await admin.storage.from('inbox').remove([grant.data!.path])
    const misused = await anon.storage
      .from('inbox')
      .uploadToSignedUrl(grant.data!.path, downloadToken, 'planted', { contentType: 'text/plain' })
    expect(misused.error).toMatchObject({ statusCode: '400', code: 'InvalidSignature' })
    const asDownload = await fetch(`${stack.url}/storage/v1/object/sign/inbox/${grant.data!.path}?token=${grant.data!.token}`)
    expect(await asDownload.json()).toMatchObject({ statusCode: '400', code: 'InvalidSignature' })
  })
})

function raw(method: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${stack.url}${path}`,
      { method, headers: { apikey: stack.serviceRoleKey, 'content-type': 'text/plain' } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('as Supabase Storage answers', () => {
  it('stores a size limit given with a unit in decimal bytes, and refuses other spellings', async () => {
    expect((await admin.storage.createBucket('sized', { public: false, fileSizeLimit: '20mb' })).error).toBeNull()
    expect((await admin.storage.getBucket('sized')).data).toMatchObject({ file_size_limit: 20_000_000 })
    expect((await admin.storage.updateBucket('sized', { public: false, fileSizeLimit: '1.5KB' })).error).toBeNull()
    expect((await admin.storage.getBucket('sized')).data).toMatchObject({ file_size_limit: 1500 })
    for (const spelling of ['20 MB', '20MiB', '20', '']) {
      const { error } = await admin.storage.updateBucket('sized', { public: false, fileSizeLimit: spelling })
      expect(error, spelling).toMatchObject({ statusCode: '400', message: 'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B' })
    }
    await admin.storage.deleteBucket('sized')
  })

  it("answers getBucket with the bucket's columns and nothing else", async () => {
    const { data } = await admin.storage.getBucket('docs')
    expect(Object.keys(data ?? {}).sort()).toEqual([
      'allowed_mime_types',
      'created_at',
      'file_size_limit',
      'id',
      'name',
      'owner',
      'public',
      'updated_at'
    ])
    expect(data).toMatchObject({
      id: 'docs',
      name: 'docs',
      public: false,
      file_size_limit: 1024,
      allowed_mime_types: ['text/*', 'image/png']
    })
  })

  it('lists with listV2: full keys, folders apart, keyset pages with a cursor, only what RLS shows', async () => {
    const folder = `${alice.id}/v2`
    for (const name of ['b.txt', 'a.txt', 'sub/x.txt', 'sub/y.txt', 'c.txt']) {
      expect((await alice.client.storage.from('docs').upload(`${folder}/${name}`, name, { contentType: 'text/plain' })).error).toBeNull()
    }
    const flat = await alice.client.storage.from('docs').listV2({ prefix: `${folder}/` })
    expect(flat.error).toBeNull()
    expect(flat.data?.hasNext).toBe(false)
    expect(flat.data?.folders).toEqual([])
    expect(flat.data?.objects.map((o) => o.name)).toEqual(
      ['a.txt', 'b.txt', 'c.txt', 'sub/x.txt', 'sub/y.txt'].map((n) => `${folder}/${n}`)
    )
    expect(flat.data?.objects[0]).toMatchObject({ id: expect.any(String), metadata: { size: 5, mimetype: 'text/plain' } })

    const tree = await alice.client.storage.from('docs').listV2({ prefix: `${folder}/`, with_delimiter: true })
    expect(tree.data?.folders).toEqual([{ name: `${folder}/sub/` }])
    expect(tree.data?.objects.map((o) => o.name)).toEqual(['a.txt', 'b.txt', 'c.txt'].map((n) => `${folder}/${n}`))

    const seen: string[] = []
    let cursor: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = await alice.client.storage
        .from('docs')
        .listV2({ prefix: `${folder}/`, limit: 2, cursor, sortBy: { column: 'created_at', order: 'desc' } })
      expect(page.error).toBeNull()
      seen.push(...(page.data?.objects.map((o) => o.name.slice(folder.length + 1)) ?? []))
      if (!page.data?.hasNext) break
      cursor = page.data.nextCursor
    }
    expect(seen).toEqual(['c.txt', 'sub/y.txt', 'sub/x.txt', 'a.txt', 'b.txt'])

    const hidden = await bob.client.storage.from('docs').listV2({ prefix: `${folder}/` })
    expect(hidden.data).toMatchObject({ hasNext: false, folders: [], objects: [] })
    expect((await alice.client.storage.from('docs').listV2({ cursor: 'not a cursor' })).error).toMatchObject({
      statusCode: '400',
      message: 'Invalid Parameter continuation token'
    })
    expect((await alice.client.storage.from('nowhere').listV2()).error).toMatchObject({ statusCode: '404', message: 'Bucket not found' })
  })

  it('transforms images on render URLs: size, resize mode, quality, format, the original format with origin', async () => {
    const path = `${alice.id}/photo.png`
    const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 200, g: 30, b: 30 } } })
      .png({ palette: true })
      .toBuffer()
    expect((await alice.client.storage.from('docs').upload(path, new Blob([png], { type: 'image/png' }))).error).toBeNull()
    expect((await admin.storage.from('pics').upload('wide.png', new Blob([png], { type: 'image/png' }))).error).toBeNull()

    const size = async (blob: Blob | null | undefined) => sharp(Buffer.from(await blob!.arrayBuffer())).metadata()
    const covered = await alice.client.storage.from('docs').download(path, { transform: { width: 50, height: 50 } })
    expect(await size(covered.data)).toMatchObject({ width: 50, height: 50 })
    const contained = await alice.client.storage
      .from('docs')
      .download(path, { transform: { width: 100, height: 100, resize: 'contain', format: 'origin' } })
    expect(await size(contained.data)).toMatchObject({ width: 100, height: 50, format: 'png' })
    const filled = await alice.client.storage.from('docs').download(path, { transform: { width: 30, height: 90, resize: 'fill' } })
    expect(await size(filled.data)).toMatchObject({ width: 30, height: 90 })

    // Public render URLs need no key; WebP when the client takes it, as Supabase serves them.
    const publicUrl = anon.storage.from('pics').getPublicUrl('wide.png', { transform: { width: 80, quality: 50 } }).data.publicUrl
    expect(publicUrl).toContain('/storage/v1/render/image/public/pics/wide.png?width=80&quality=50')
    const webp = await fetch(publicUrl, { headers: { accept: 'image/avif,image/webp,*/*' } })
    expect(webp.headers.get('content-type')).toBe('image/webp')
    expect(await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).toMatchObject({ width: 80, height: 40, format: 'webp' })
    const plain = await fetch(publicUrl)
    expect(plain.headers.get('content-type')).toBe('image/png')
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff')

    // RLS still decides on authenticated render URLs.
    expect((await bob.client.storage.from('docs').download(path, { transform: { width: 10 } })).error).toMatchObject({ status: 400 })
    const refused = await fetch(`${stack.url}/storage/v1/render/image/public/docs/${path}?width=10`)
    expect(await refused.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' })
    const bad = await fetch(`${publicUrl}&resize=squash`)
    expect(await bad.json()).toMatchObject({ statusCode: '400', code: 'InvalidRequest' })
  })

  it('signs render URLs for one transformation: the token carries it, the query cannot change it', async () => {
    const path = `${alice.id}/signed-photo.png`
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: { r: 0, g: 90, b: 200 } } })
      .png({ palette: true })
      .toBuffer()
    expect((await alice.client.storage.from('docs').upload(path, new Blob([png], { type: 'image/png' }))).error).toBeNull()
    const { data, error } = await alice.client.storage
      .from('docs')
      .createSignedUrl(path, 60, { transform: { width: 60, height: 60, format: 'origin' } })
    expect(error).toBeNull()
    expect(data?.signedUrl).toContain('/storage/v1/render/image/sign/docs/')
    const rendered = await fetch(data!.signedUrl)
    expect(await sharp(Buffer.from(await rendered.arrayBuffer())).metadata()).toMatchObject({ width: 60, height: 60, format: 'png' })
    const tampered = await fetch(`${data!.signedUrl}&width=300&height=300`)
    expect(await sharp(Buffer.from(await tampered.arrayBuffer())).metadata()).toMatchObject({ width: 60, height: 60 })
    // The plain signed URL still serves the original bytes.
    const original = (await alice.client.storage.from('docs').createSignedUrl(path, 60)).data!.signedUrl
    expect(original).toContain('/storage/v1/object/sign/docs/')
    expect(Buffer.from(await (await fetch(original)).arrayBuffer()).equals(png)).toBe(true)
    // Only images are transformed.
    await alice.client.storage.from('docs').upload(`${alice.id}/notes.txt`, 'plain', { contentType: 'text/plain' })
    const text = await alice.client.storage.from('docs').download(`${alice.id}/notes.txt`, { transform: { width: 10 } })
    expect(text.error).toMatchObject({ status: 400 })
  })
})
