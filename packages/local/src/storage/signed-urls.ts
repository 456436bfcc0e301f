import { randomUUID } from 'node:crypto'
import { sendJson } from '../http/respond.ts'
import { findBucket } from './buckets.ts'
import { type Call, ownerOf } from './call.ts'
import { assertValidKey } from './disk.ts'
import { errors } from './errors.ts'
import { downloadSigned, upload, visibleObject } from './objects.ts'
import { hasTransform, renderSigned, transformOf } from './render.ts'
import { expiresInOf, signDownload, signUpload, verifyDownload, verifyUpload } from './signed.ts'

const NOT_VISIBLE = 'Either the object does not exist or you do not have access to it'

/**
 * `createSignedUrl`: the caller must be able to SELECT the object now. With `transform` the
 * URL is a signed render URL (`/render/image/sign/…`) for that transformation only.
 */
export async function createSignedUrl(call: Call, bucketId: string, name: string): Promise<void> {
  const body = await call.json()
  const expiresIn = expiresInOf(body.expiresIn, await call.caller())
  const transform = hasTransform(body.transform) ? body.transform : undefined
  if (transform) transformOf(transform)
  await findBucket(call.context.pool, bucketId)
  await visibleObject(call, bucketId, name)
  const token = await signDownload(call.context.jwt, bucketId, name, expiresIn, transform)
  sendJson(call.res, 200, { signedURL: `/${transform ? 'render/image' : 'object'}/sign/${bucketId}/${name}?token=${token}` })
}

export async function createSignedUrls(call: Call, bucketId: string): Promise<void> {
  const body = await call.json()
  const expiresIn = expiresInOf(body.expiresIn, await call.caller())
  if (!Array.isArray(body.paths) || body.paths.some((path) => typeof path !== 'string')) throw errors.missing('paths')
  const paths = body.paths as string[]
  await findBucket(call.context.pool, bucketId)
  const visible = await call.asCaller(
    async (client) =>
      new Set(
        (
          await client.query<{ name: string }>('select name from storage.objects where bucket_id = $1 and name = any($2)', [
            bucketId,
            paths
          ])
        ).rows.map((row) => row.name)
      ),
    { readOnly: true }
  )
  const signed = []
  for (const path of paths) {
    if (!visible.has(path)) {
      signed.push({ error: NOT_VISIBLE, path, signedURL: null })
      continue
    }
    const token = await signDownload(call.context.jwt, bucketId, path, expiresIn)
    signed.push({ error: null, path, signedURL: `/object/sign/${bucketId}/${path}?token=${token}` })
  }
  sendJson(call.res, 200, signed)
}

export async function readSignedUrl(call: Call, bucketId: string, name: string): Promise<void> {
  await verifyDownload(call.context.jwt, call.url.searchParams.get('token'), bucketId, name)
  await downloadSigned(call, bucketId, name)
}

/** A signed render URL: the transformation comes from the token, never from the query. */
export async function readSignedRender(call: Call, bucketId: string, name: string): Promise<void> {
  const transform = await verifyDownload(call.context.jwt, call.url.searchParams.get('token'), bucketId, name)
  await renderSigned(call, bucketId, name, transformOf(transform))
}

/**
 * `createSignedUploadUrl`: checked now with an INSERT that is rolled back, so the URL is only
 * handed out to callers who could upload themselves. An upsert grant also needs UPDATE on
 * the row, probed on the row just inserted: a free path alone proves nothing about UPDATE.
 */
export async function createSignedUploadUrl(call: Call, bucketId: string, name: string): Promise<void> {
  assertValidKey(name)
  await findBucket(call.context.pool, bucketId)
  const upsert = call.req.headers['x-upsert'] === 'true'
  const caller = await call.caller()
  const owner = ownerOf(caller)
  await call.asCaller(
    async (client) => {
      await client.query(
        `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata) values ($1, $2, $3, $4::uuid, $4::text, '{}')
         ${upsert ? 'on conflict (bucket_id, name) do update set updated_at = now()' : ''}`,
        [randomUUID(), bucketId, name, owner]
      )
      if (!upsert) return
      const { rowCount } = await client.query('update storage.objects set updated_at = now() where bucket_id = $1 and name = $2', [
        bucketId,
        name
      ])
      if (!rowCount) throw errors.rlsViolation()
    },
    { rollback: true }
  )
  const token = await signUpload(call.context.jwt, bucketId, name, owner, caller.role, upsert)
  sendJson(call.res, 200, { url: `/object/upload/sign/${bucketId}/${name}?token=${token}`, token })
}

/** The upload runs as the signer under RLS now, so a signer revoked since cannot write through an older URL. */
export async function uploadToSignedUrl(call: Call, bucketId: string, name: string): Promise<void> {
  const grant = await verifyUpload(call.context.jwt, call.url.searchParams.get('token'), bucketId, name)
  await upload(call, bucketId, name, grant.upsert, { kind: 'grant', owner: grant.owner, role: grant.role })
}
