import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  anonClient,
  buildWorld,
  type Customer,
  LAVOIE,
  query,
  send,
  snapshot,
  startCustomer,
  unchanged,
  type World
} from './attack-fixtures.ts'

// Attacks through Storage with unmodified supabase-js against the private chat-attachments
// bucket, whose object paths are <organization>/<conversation>/<client_id>/<file name>.

const BUCKET = 'chat-attachments'
let world: World
beforeAll(async () => {
  world = await buildWorld()
})
afterAll(() => world?.stack.stop())

const bucket = (client: SupabaseClient) => client.storage.from(BUCKET)
const text = (body: string, type = 'text/plain') => new Blob([body], { type })
const aPath = (file = 'note.txt') => `${LAVOIE}/${world.a.conversationId}/${randomUUID()}/${file}`
const bFolder = () => `${LAVOIE}/${world.b.conversationId}`
const TEN_YEARS = 10 * 365 * 24 * 3600
/** A customer of their own, for attacks that upload: each customer may hold only 10 unsent files. */
const freshCustomer = () => startCustomer(world.stack, LAVOIE, 'Mallory')
const pathOf = (customer: Customer, file = 'note.txt') => `${LAVOIE}/${customer.conversationId}/${randomUUID()}/${file}`

async function objectNames(): Promise<string[]> {
  return (await query<{ name: string }>(world, `select name from storage.objects where bucket_id = $1 order by name`, [BUCKET])).map(
    (row) => row.name
  )
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

describe("Storage: customer A against B's attachments", () => {
  it("cannot upload into B's conversation folder, nor another organization's", async () => {
    const { a } = world
    await unchanged(world, async () => {
      for (const path of [
        `${bFolder()}/${randomUUID()}/evil.txt`,
        `${world.org2.id}/${world.c.conversationId}/${randomUUID()}/evil.txt`,
        // A's conversation under the wrong organization segment.
        `${world.org2.id}/${a.conversationId}/${randomUUID()}/evil.txt`
      ]) {
        const result = await bucket(a.client).upload(path, text('evil'), { contentType: 'text/plain' })
        expect({ path, refused: result.error !== null }).toEqual({ path, refused: true })
      }
    })
  })

  it("cannot download, list, sign or copy B's file", async () => {
    const { a, b } = world
    await unchanged(world, async () => {
      expect((await bucket(a.client).download(b.attachmentPath)).error).not.toBeNull()
      expect((await bucket(a.client).exists(b.attachmentPath)).data).toBe(false)
      expect((await bucket(a.client).info(b.attachmentPath)).error).not.toBeNull()
      expect((await bucket(a.client).list(bFolder())).data ?? []).toEqual([])
      expect((await bucket(a.client).list(`${bFolder()}/${b.attachmentPath.split('/')[2]}`)).data ?? []).toEqual([])
      const everything = [
        ...((await bucket(a.client).list(LAVOIE)).data ?? []),
        ...((await bucket(a.client).list('')).data ?? []),
        ...((await bucket(a.client).list(LAVOIE, { search: 'invoice' })).data ?? [])
      ]
      expect(JSON.stringify(everything)).not.toContain(b.conversationId)
      expect(JSON.stringify(everything)).not.toContain('invoice')
      expect((await bucket(a.client).createSignedUrl(b.attachmentPath, 60)).error).not.toBeNull()
      const many = await bucket(a.client).createSignedUrls([b.attachmentPath], 60)
      expect((many.data ?? []).every((entry) => entry.signedUrl === null || entry.error !== null)).toBe(true)
      expect((await bucket(a.client).createSignedUploadUrl(b.attachmentPath)).error).not.toBeNull()
      expect((await bucket(a.client).createSignedUploadUrl(`${bFolder()}/${randomUUID()}/x.txt`)).error).not.toBeNull()
      expect((await bucket(a.client).copy(b.attachmentPath, aPath('stolen.txt'))).error).not.toBeNull()
      expect((await bucket(a.client).move(b.attachmentPath, aPath('stolen.txt'))).error).not.toBeNull()
    })
    // B's file is intact.
    expect(await (await bucket(b.client).download(b.attachmentPath)).data!.text()).toBe('B private invoice')
  })

  it("cannot overwrite or delete B's file, nor delete its own (staff only)", async () => {
    const { a, b } = world
    const own = aPath()
    expect((await bucket(a.client).upload(own, text('original'), { contentType: 'text/plain' })).error).toBeNull()
    await unchanged(world, async () => {
      expect(
        (await bucket(a.client).upload(b.attachmentPath, text('overwritten'), { contentType: 'text/plain', upsert: true })).error
      ).not.toBeNull()
      expect((await bucket(a.client).update(b.attachmentPath, text('overwritten'), { contentType: 'text/plain' })).error).not.toBeNull()
      expect((await bucket(a.client).upload(own, text('overwritten'), { contentType: 'text/plain', upsert: true })).error).not.toBeNull()
      expect((await bucket(a.client).move(own, `${bFolder()}/${randomUUID()}/planted.txt`)).error).not.toBeNull()
      expect((await bucket(a.client).copy(own, `${bFolder()}/${randomUUID()}/planted.txt`)).error).not.toBeNull()
      expect((await bucket(a.client).remove([b.attachmentPath, own])).data ?? []).toEqual([])
    })
    expect(await (await bucket(b.client).download(b.attachmentPath)).data!.text()).toBe('B private invoice')
    expect(await (await bucket(a.client).download(own)).data!.text()).toBe('original')
  })

  it("a signed download URL for its own file does not open B's file when its path is swapped", async () => {
    const { a, b } = world
    const own = aPath()
    expect((await bucket(a.client).upload(own, text('mine'), { contentType: 'text/plain' })).error).toBeNull()
    const signed = await bucket(a.client).createSignedUrl(own, 60)
    expect(signed.error).toBeNull()
    const url = new URL(signed.data!.signedUrl)
    expect(await (await fetch(url)).text()).toBe('mine')
    for (const swapped of [b.attachmentPath, `${own}/../../../${b.attachmentPath.split('/').slice(1).join('/')}`]) {
      const tampered = new URL(url)
      tampered.pathname = url.pathname.replace(own, swapped)
      const response = await fetch(tampered)
      expect({ swapped, status: response.status >= 400 }).toEqual({ swapped, status: true })
      expect(await response.text()).not.toContain('B private invoice')
    }
    // Searching with LIKE wildcards lists nothing of B's either.
    for (const search of ['%', '_', '\\', 'invoice%']) {
      expect(JSON.stringify((await bucket(a.client).list(LAVOIE, { search })).data ?? [])).not.toContain(b.conversationId)
    }
  })

  it('a signed upload URL for its own path does not open another path', async () => {
    const { a } = world
    const signed = await bucket(a.client).createSignedUploadUrl(aPath())
    expect(signed.error).toBeNull()
    await unchanged(world, async () => {
      const misused = await bucket(a.client).uploadToSignedUrl(
        `${bFolder()}/${randomUUID()}/planted.txt`,
        signed.data!.token,
        text('planted'),
        { contentType: 'text/plain' }
      )
      expect(misused.error).not.toBeNull()
    })
  })
})

describe('Storage: internal-note files', () => {
  it('a customer cannot reach the file of an internal note in their own conversation', async () => {
    const { a, org1 } = world
    const clientId = randomUUID()
    const path = `${LAVOIE}/${a.conversationId}/${clientId}/fraud-check.pdf`
    expect(
      (await bucket(org1.agent.client).upload(path, text('%PDF internal', 'application/pdf'), { contentType: 'application/pdf' })).error
    ).toBeNull()
    await send(org1.agent, a.conversationId, 'INTERNAL: see file', {
      client_id: clientId,
      message_type: 'file',
      is_internal: true,
      attachments: [{ path, name: 'fraud-check.pdf', size: 13, mime_type: 'application/pdf' }]
    })
    await unchanged(world, async () => {
      expect((await bucket(a.client).download(path)).error).not.toBeNull()
      expect((await bucket(a.client).createSignedUrl(path, 60)).error).not.toBeNull()
      expect((await bucket(a.client).list(`${LAVOIE}/${a.conversationId}/${clientId}`)).data ?? []).toEqual([])
      expect((await bucket(a.client).copy(path, aPath('copy.pdf'))).error).not.toBeNull()
    })
    expect((await bucket(org1.agent.client).download(path)).error).toBeNull()
  })
})

// Was a bug (H2): a customer saw every file of their conversation until an internal note
// named it. Core uploads before it sends, so the customer listed the folder and signed a
// 10-year URL for a staff file before its internal note was posted; the URL kept serving it.
describe('Storage: staff files before and after their message', () => {
  async function expectHidden(customer: Customer, folder: string, path: string) {
    expect((await bucket(customer.client).list(folder)).data ?? []).toEqual([])
    expect(JSON.stringify((await bucket(customer.client).list(folder.split('/').slice(0, 2).join('/'))).data ?? [])).not.toContain(
      folder.split('/')[2]
    )
    expect((await bucket(customer.client).createSignedUrl(path, TEN_YEARS)).error).not.toBeNull()
    expect((await bucket(customer.client).createSignedUrl(path, 60)).error).not.toBeNull()
    expect(((await bucket(customer.client).createSignedUrls([path], 60)).data ?? []).every((entry) => entry.signedUrl === null)).toBe(true)
    expect((await bucket(customer.client).download(path)).error).not.toBeNull()
  }

  it('a staff upload is hidden from the customer before its internal note, and after it', async () => {
    const { a, org1 } = world
    const clientId = randomUUID()
    const folder = `${LAVOIE}/${a.conversationId}/${clientId}`
    const path = `${folder}/insurer-quote.pdf`
    expect(
      (await bucket(org1.agent.client).upload(path, text('%PDF quote', 'application/pdf'), { contentType: 'application/pdf' })).error
    ).toBeNull()
    await unchanged(world, () => expectHidden(a, folder, path))
    await send(org1.agent, a.conversationId, 'INTERNAL: insurer quote', {
      client_id: clientId,
      message_type: 'file',
      is_internal: true,
      attachments: [{ path, name: 'insurer-quote.pdf', size: 10, mime_type: 'application/pdf' }]
    })
    await unchanged(world, () => expectHidden(a, folder, path))
  })

  it('a staff file reaches the customer only once a visible message attaches it', async () => {
    const { a, org1 } = world
    const clientId = randomUUID()
    const folder = `${LAVOIE}/${a.conversationId}/${clientId}`
    const path = `${folder}/repair-estimate.pdf`
    expect(
      (await bucket(org1.agent.client).upload(path, text('%PDF estimate', 'application/pdf'), { contentType: 'application/pdf' })).error
    ).toBeNull()
    await unchanged(world, () => expectHidden(a, folder, path))
    await send(org1.agent, a.conversationId, 'Here is the estimate', {
      client_id: clientId,
      message_type: 'file',
      attachments: [{ path, name: 'repair-estimate.pdf', size: 13, mime_type: 'application/pdf' }]
    })
    expect(await (await bucket(a.client).download(path)).data!.text()).toBe('%PDF estimate')
  })
})

describe('Storage: signed URL lifetimes and grants', () => {
  it('an anonymous customer cannot sign a download URL for longer than an hour', async () => {
    const customer = await freshCustomer()
    const own = pathOf(customer)
    expect((await bucket(customer.client).upload(own, text('mine'), { contentType: 'text/plain' })).error).toBeNull()
    expect((await bucket(customer.client).createSignedUrl(own, TEN_YEARS)).error).not.toBeNull()
    expect((await bucket(customer.client).createSignedUrls([own], 3601)).error).not.toBeNull()
    const hour = await bucket(customer.client).createSignedUrl(own, 3600)
    expect(hour.error).toBeNull()
    const token = new URL(hour.data!.signedUrl).searchParams.get('token')!
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number }
    expect(claims.exp - claims.iat).toBe(3600)
  })

  // Was a bug (H4): for a free path the permission probe met no UPDATE policy, so a customer
  // got an upsert grant in a bucket without one, and the upload ran as service_role for two
  // hours, even after the customer's access was revoked: a reviewed quote was replaced.
  it("no upsert grant without UPDATE rights, and a grant dies with the customer's access", async () => {
    const customer = await freshCustomer()
    const quote = pathOf(customer, 'quote.pdf')
    expect((await bucket(customer.client).createSignedUploadUrl(quote, { upsert: true })).error).not.toBeNull()
    const grant = await bucket(customer.client).createSignedUploadUrl(quote)
    expect(grant.error).toBeNull()
    const revoked = await world.org1.agent.client
      .from('conversation_access')
      .delete()
      .eq('conversation_id', customer.conversationId)
      .eq('user_id', customer.id)
    expect(revoked.error).toBeNull()
    await unchanged(world, async () => {
      const forged = await bucket(anonClient(world.stack)).uploadToSignedUrl(
        quote,
        grant.data!.token,
        text('%PDF forged', 'application/pdf'),
        { contentType: 'application/pdf' }
      )
      expect(forged.error).not.toBeNull()
    })
  })
})

describe('Storage: what a message may attach', () => {
  it('only an uploaded file of the conversation, as stored: no phantom path, size or type, no unshown staff file', async () => {
    const customer = await freshCustomer()
    const path = pathOf(customer, 'scan.txt')
    expect((await bucket(customer.client).upload(path, text('12345'), { contentType: 'text/plain' })).error).toBeNull()
    const staffFile = pathOf(customer, 'appraisal.pdf')
    expect(
      (
        await bucket(world.org1.agent.client).upload(staffFile, text('%PDF appraisal', 'application/pdf'), {
          contentType: 'application/pdf'
        })
      ).error
    ).toBeNull()
    await unchanged(world, async () => {
      for (const attachment of [
        { path: pathOf(customer, 'ghost.txt'), name: 'ghost.txt', size: 5, mime_type: 'text/plain' },
        { path, name: 'scan.txt', size: 9_000_000, mime_type: 'text/plain' },
        { path, name: 'scan.png', size: 5, mime_type: 'image/png' },
        { path: staffFile, name: 'appraisal.pdf', size: 14, mime_type: 'application/pdf' }
      ]) {
        const sent = await customer.client.rpc('send_message', {
          conversation_id: customer.conversationId,
          client_id: randomUUID(),
          content: '',
          message_type: 'file',
          attachments: [attachment]
        })
        expect({ attachment, code: sent.error?.code }).toEqual({ attachment, code: 'PT400' })
      }
    })
    await expect(
      send(customer, customer.conversationId, '', {
        message_type: 'file',
        attachments: [{ path, name: 'scan.txt', size: 5, mime_type: 'text/plain' }]
      })
    ).resolves.toBeDefined()
  })

  it('a customer cannot pile up more than 10 uploads no message attaches', async () => {
    const customer = await freshCustomer()
    for (let i = 0; i < 10; i++) {
      expect((await bucket(customer.client).upload(pathOf(customer), text('x'), { contentType: 'text/plain' })).error).toBeNull()
    }
    await unchanged(world, async () => {
      const refused = await bucket(customer.client).upload(pathOf(customer), text('x'), { contentType: 'text/plain' })
      expect(refused.error?.message).toMatch(/^Too many attachments waiting to be sent: at most 10 in an hour/)
    })
  })
})

describe('Storage: other organizations and the anon key', () => {
  it('org 2 staff cannot read, list, sign, overwrite or delete org 1 files', async () => {
    const { b, org2 } = world
    await unchanged(world, async () => {
      for (const staff of [org2.agent, org2.admin]) {
        expect((await bucket(staff.client).download(b.attachmentPath)).error).not.toBeNull()
        expect((await bucket(staff.client).list(bFolder())).data ?? []).toEqual([])
        expect((await bucket(staff.client).createSignedUrl(b.attachmentPath, 60)).error).not.toBeNull()
        expect(
          (await bucket(staff.client).upload(b.attachmentPath, text('x'), { contentType: 'text/plain', upsert: true })).error
        ).not.toBeNull()
        expect((await bucket(staff.client).remove([b.attachmentPath])).data ?? []).toEqual([])
      }
    })
  })

  it('an org 1 member without a chat role (f_and_i) reads and writes no attachment', async () => {
    const { b, org1 } = world
    await unchanged(world, async () => {
      expect((await bucket(org1.fAndI.client).download(b.attachmentPath)).error).not.toBeNull()
      expect((await bucket(org1.fAndI.client).list(bFolder())).data ?? []).toEqual([])
      expect(
        (await bucket(org1.fAndI.client).upload(`${bFolder()}/${randomUUID()}/x.txt`, text('x'), { contentType: 'text/plain' })).error
      ).not.toBeNull()
      expect((await bucket(org1.fAndI.client).remove([b.attachmentPath])).data ?? []).toEqual([])
    })
  })

  it('the anon key alone reads, lists and writes nothing', async () => {
    const anon = anonClient(world.stack)
    await unchanged(world, async () => {
      expect((await bucket(anon).download(world.b.attachmentPath)).error).not.toBeNull()
      expect((await bucket(anon).list(bFolder())).data ?? []).toEqual([])
      expect((await bucket(anon).list('')).data ?? []).toEqual([])
      expect((await bucket(anon).createSignedUrl(world.b.attachmentPath, 60)).error).not.toBeNull()
      expect((await bucket(anon).upload(aPath(), text('x'), { contentType: 'text/plain' })).error).not.toBeNull()
      expect((await bucket(anon).remove([world.b.attachmentPath])).data ?? []).toEqual([])
      // The public URL form of a private bucket serves nothing.
      const response = await fetch(bucket(anon).getPublicUrl(world.b.attachmentPath).data.publicUrl, {
        headers: { apikey: world.stack.anonKey }
      })
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(await response.text()).not.toContain('B private invoice')
    })
  })

  it('no client can make the bucket public, re-limit it, delete it or create another', async () => {
    await unchanged(world, async () => {
      for (const actor of [world.a, world.org1.admin, world.org2.admin]) {
        const storage = actor.client.storage
        expect((await storage.updateBucket(BUCKET, { public: true, fileSizeLimit: '1GB', allowedMimeTypes: ['*/*'] })).error).not.toBeNull()
        expect((await storage.deleteBucket(BUCKET)).error).not.toBeNull()
        expect((await storage.createBucket(`evil-${randomUUID().slice(0, 8)}`, { public: true })).error).not.toBeNull()
      }
      // Emptying deletes only what the DELETE policy allows: nothing for a customer or
      // another organization's admin.
      for (const actor of [world.a, world.org2.admin]) await actor.client.storage.emptyBucket(BUCKET)
    })
    const [row] = await query(world, 'select public, file_size_limit::text as limit from storage.buckets where id = $1', [BUCKET])
    expect(row).toEqual({ public: false, limit: '10485760' })
  })
})

describe('Storage: hostile names, sizes and types', () => {
  it("path traversal names never land outside the caller's conversation, in the database or on disk", async () => {
    const { a } = world
    const marker = `pwned-${randomUUID()}`
    const own = `${LAVOIE}/${a.conversationId}/${randomUUID()}`
    const before = await objectNames()
    const names = [
      `${own}/../../${world.b.conversationId}/${randomUUID()}/${marker}.txt`,
      `${LAVOIE}/${world.b.conversationId}/../${a.conversationId}/${randomUUID()}/${marker}.txt`,
      `${own}/..%2F..%2F..%2F${world.b.conversationId}%2F${marker}.txt`,
      `${own}/%2e%2e/%2e%2e/${marker}.txt`,
      `${own}/./${marker}.txt`,
      `${own}//${marker}.txt`,
      `${own}/..\\..\\${marker}.txt`,
      `${own}/${marker}\u0000.txt`,
      `../../../../../../tmp/${marker}.txt`,
      `/${LAVOIE}/${world.b.conversationId}/${randomUUID()}/${marker}.txt`,
      `${own}/${'../'.repeat(12)}${marker}.txt`
    ]
    for (const name of names) {
      await bucket(a.client).upload(name, text(marker), { contentType: 'text/plain' })
    }
    const added = (await objectNames()).filter((name) => !before.includes(name))
    for (const name of added) {
      expect(name.startsWith(`${LAVOIE}/${a.conversationId}/`), name).toBe(true)
      expect(name.split('/')).toHaveLength(4)
      expect(name.split('/').some((segment) => segment === '..' || segment === '.')).toBe(false)
    }
    expect((await objectNames()).filter((name) => name.startsWith(`${bFolder()}/`))).toEqual([world.b.attachmentPath])
    // On disk: every file carrying the marker sits in the state directory, at the path of an
    // object the database knows.
    const stray: string[] = []
    for (const file of await filesUnder(world.stack.stateDir)) {
      if ((await readFile(file, 'utf8').catch(() => '')) === marker) stray.push(relative(world.stack.stateDir, file).split('\\').join('/'))
    }
    expect(stray.length).toBe(added.length)
    for (const file of stray)
      expect(
        added.some((name) => file.endsWith(`${BUCKET}/${name}`)),
        file
      ).toBe(true)
    expect((await readdir(join(world.stack.stateDir, '..'))).filter((entry) => entry.includes(marker))).toEqual([])
  })

  it('refuses a file over 10 MB and leaves nothing behind', async () => {
    const { a } = world
    const path = aPath('big.txt')
    const before = await snapshot(world)
    const result = await bucket(a.client).upload(
      path,
      new Blob([new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61)], { type: 'text/plain' }),
      { contentType: 'text/plain' }
    )
    expect(result.error).not.toBeNull()
    expect(await snapshot(world)).toEqual(before)
    const leftovers = (await filesUnder(world.stack.stateDir)).filter((file) => file.includes(path.split('/')[2]!))
    expect(leftovers).toEqual([])
  })

  // The bytes go as the request body, so the Content-Type header is exactly the attacker's.
  const uploadAs = (client: SupabaseClient, contentType: string) =>
    bucket(client).upload(aPath('page.html'), new TextEncoder().encode('<script>alert(document.domain)</script>'), { contentType })

  it('refuses MIME types outside the allowlist (HTML, SVG, scripts, executables, lists, wildcards)', async () => {
    const { a } = world
    await unchanged(world, async () => {
      for (const contentType of [
        'text/html',
        'image/svg+xml',
        'application/javascript',
        'application/x-msdownload',
        'application/octet-stream',
        'text/html, text/plain',
        'text/plain, text/html',
        'text/html;text/plain',
        'text/plain html',
        'image/*',
        '*/*'
      ]) {
        const result = await uploadAs(a.client, contentType)
        expect({ contentType, refused: result.error !== null }).toEqual({ contentType, refused: true })
      }
    })
  })

  // Was a bug (fixed in cf193cc): a type that only started like an allowed one was stored
  // and served verbatim; a browser could not parse it, would sniff the body and render an
  // uploaded <script> from the storage origin.
  it('refuses a content type that only starts like an allowed one', async () => {
    const { a } = world
    await unchanged(world, async () => {
      for (const contentType of ['text/plain/../html', 'image/png/svg+xml']) {
        const result = await uploadAs(a.client, contentType)
        expect({ contentType, refused: result.error !== null }).toEqual({ contentType, refused: true })
      }
    })
  })

  // Was a bug (H3): only what preceded the first ';' was checked, and the header was stored
  // and served verbatim; Chromium reads `text/plain;,text/html` as HTML and ran the script on
  // the API's origin.
  it('refuses a content type that lists another type after a parameter', async () => {
    const { a } = world
    await unchanged(world, async () => {
      for (const contentType of [
        'text/plain;,text/html',
        'image/png;x=1,text/html',
        'text/plain;charset="a,text/html"',
        'image/png;x="1"'
      ]) {
        const result = await uploadAs(a.client, contentType)
        expect({ contentType, refused: result.error !== null }).toEqual({ contentType, refused: true })
      }
    })
  })

  it('serves an accepted upload with its allowlisted type and nosniff, whatever the body holds', async () => {
    const { a } = world
    const path = aPath('looks-like.txt')
    expect(
      (await bucket(a.client).upload(path, new TextEncoder().encode('<html><script>alert(1)</script>'), { contentType: 'text/plain' }))
        .error
    ).toBeNull()
    const signed = await bucket(a.client).createSignedUrl(path, 60)
    for (const response of [
      await fetch(signed.data!.signedUrl),
      await fetch(`${world.stack.url}/storage/v1/object/authenticated/${BUCKET}/${path}`, {
        headers: { apikey: world.stack.anonKey, authorization: `Bearer ${a.token}` }
      })
    ]) {
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain\b/)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('content-disposition')).toMatch(/^attachment/)
      expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'")
    }
  })
})
