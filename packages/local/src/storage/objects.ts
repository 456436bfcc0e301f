import { createHash, randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { asRequest, type DbRole, type Queryable } from '../db/request.ts'
import { sendJson } from '../http/respond.ts'
import { type BucketLimits, findBucket } from './buckets.ts'
import { type Call, ownerOf, requireString } from './call.ts'
import { assertValidKey } from './disk.ts'
import { errors, fromDatabase } from './errors.ts'
import { assertMimeAllowed, effectiveLimit } from './limits.ts'
import { isInlineSafe, normalizeMediaType, servedMediaType } from './media-type.ts'
import { readUpload } from './upload-body.ts'

export interface ObjectMetadata {
  eTag: string
  size: number
  mimetype: string
  cacheControl: string
  lastModified: string
  contentLength: number
  httpStatusCode: number
}

export interface StoredObject {
  id: string
  name: string
  bucket_id: string
  metadata: ObjectMetadata | null
  user_metadata: Record<string, unknown> | null
  version: string | null
  created_at: Date
  updated_at: Date
}

/** Who writes a row, always under RLS: the caller, or (signed upload URL) the signer the token names. */
type Writer = { kind: 'caller' } | { kind: 'grant'; owner: string | null; role: DbRole }

/** Upload (POST) and update (PUT, always an upsert as on Supabase). */
export async function upload(
  call: Call,
  bucketId: string,
  name: string,
  upsert: boolean,
  writer: Writer = { kind: 'caller' }
): Promise<void> {
  assertValidKey(name)
  const bucket = await findBucket(call.context.pool, bucketId)
  const body = await readUpload(call.req, effectiveLimit(bucket.file_size_limit))
  const mediaType = normalizeMediaType(body.contentType)
  assertMimeAllowed(mediaType, bucket.allowed_mime_types)
  const metadata: ObjectMetadata = {
    eTag: `"${createHash('md5').update(body.data).digest('hex')}"`,
    size: body.data.length,
    mimetype: mediaType,
    cacheControl: body.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: body.data.length,
    httpStatusCode: 200
  }
  const staged = await call.files.stage(bucket.id, name, body.data)
  const write = async (client: Queryable, owner: string | null): Promise<string> => {
    const values = [randomUUID(), bucket.id, name, owner, metadata, body.userMetadata, randomUUID()]
    const insert = `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, user_metadata, version)
                    values ($1, $2, $3, $4::uuid, $4::text, $5, $6, $7)`
    let id = values[0] as string
    if (upsert) {
      const { rows } = await client.query<{ id: string }>(
        `${insert} on conflict (bucket_id, name) do update set owner = excluded.owner, owner_id = excluded.owner_id,
           metadata = excluded.metadata, user_metadata = excluded.user_metadata, version = excluded.version,
           updated_at = now(), last_accessed_at = now()
         returning id`,
        values
      )
      id = rows[0]?.id ?? id
    } else {
      await client.query(insert, values)
    }
    await staged.commit()
    return id
  }
  try {
    const id =
      writer.kind === 'caller'
        ? await call.asCaller(async (client) => write(client, ownerOf(await call.caller())))
        : await asSigner(call, writer, (client) => write(client, writer.owner))
    sendJson(call.res, 200, { Id: id, Key: `${bucket.id}/${name}` })
  } catch (error) {
    await staged.discard()
    throw error
  }
}

async function asSigner<T>(
  call: Call,
  signer: { owner: string | null; role: DbRole },
  work: (client: Queryable) => Promise<T>
): Promise<T> {
  try {
    return await asRequest(call.context.pool, { role: signer.role, claims: { role: signer.role, sub: signer.owner ?? undefined } }, work)
  } catch (error) {
    throw fromDatabase(error)
  }
}

const OBJECT_COLUMNS = 'id, name, bucket_id, metadata, user_metadata, version, created_at, updated_at'

/** The object as the caller may see it (SELECT policies), or Object not found. */
export async function visibleObject(call: Call, bucketId: string, name: string): Promise<StoredObject> {
  assertValidKey(name)
  const row = await call.asCaller(
    async (client) =>
      (
        await client.query<StoredObject>(`select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`, [
          bucketId,
          name
        ])
      ).rows[0],
    { readOnly: true }
  )
  if (!row) throw errors.objectNotFound()
  return row
}

export async function anyObject(call: Call, bucketId: string, name: string): Promise<StoredObject> {
  assertValidKey(name)
  const { rows } = await call.context.pool.query<StoredObject>(
    `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`,
    [bucketId, name]
  )
  if (!rows[0]) throw errors.objectNotFound()
  return rows[0]
}

export async function download(call: Call, bucketId: string, name: string): Promise<void> {
  await findBucket(call.context.pool, bucketId)
  await sendObject(call, await visibleObject(call, bucketId, name))
}

export async function downloadPublic(call: Call, bucketId: string, name: string): Promise<void> {
  const bucket: BucketLimits = await findBucket(call.context.pool, bucketId)
  if (!bucket.public) throw errors.bucketNotFound()
  await sendObject(call, await anyObject(call, bucketId, name))
}

/** A signed URL was authorized when it was issued: reading it skips RLS, as on Supabase. */
export async function downloadSigned(call: Call, bucketId: string, name: string): Promise<void> {
  await sendObject(call, await anyObject(call, bucketId, name))
}

async function sendObject(call: Call, object: StoredObject): Promise<void> {
  const { req, res, url } = call
  const path = call.files.pathOf(object.bucket_id, object.name)
  const size = await stat(path).then(
    (info) => info.size,
    () => undefined
  )
  if (size === undefined) throw errors.objectNotFound()
  const metadata = object.metadata
  const mediaType = servedMediaType(metadata?.mimetype)
  const headers: Record<string, string> = {
    'content-type': mediaType,
    'cache-control': metadata?.cacheControl ?? 'no-cache',
    'last-modified': new Date(object.updated_at).toUTCString(),
    'accept-ranges': 'bytes',
    // Uploaded bytes are served from the API's origin: never sniffed, never a document that
    // runs script or loads anything, even when a browser opens the URL itself.
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'"
  }
  if (metadata?.eTag) headers.etag = metadata.eTag
  const downloadAs = url.searchParams.get('download')
  // Only raster images are shown inline (previews); anything else is saved, not rendered.
  if (downloadAs !== null || !isInlineSafe(mediaType)) {
    const filename = downloadAs || object.name.split('/').pop() || 'download'
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`
  }
  if (metadata?.eTag && req.headers['if-none-match'] === metadata.eTag) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  const range = parseRange(req.headers.range, size)
  if (range === 'invalid') {
    res.writeHead(416, { 'content-range': `bytes */${size}` })
    res.end()
    return
  }
  const [start, end] = range ?? [0, size - 1]
  headers['content-length'] = String(size === 0 ? 0 : end - start + 1)
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`
  res.writeHead(range ? 206 : 200, headers)
  if (req.method === 'HEAD' || size === 0) {
    res.end()
    return
  }
  const stream = createReadStream(path, { start, end })
  stream.pipe(res)
  await once(stream, 'close')
}

function parseRange(header: string | undefined, size: number): [number, number] | 'invalid' | undefined {
  if (!header) return undefined
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid'
  let start: number
  let end: number
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]))
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  return start > end || start >= size ? 'invalid' : [start, end]
}

export async function info(call: Call, bucketId: string, name: string, isPublic: boolean): Promise<void> {
  let object: StoredObject
  if (isPublic) {
    const bucket = await findBucket(call.context.pool, bucketId)
    if (!bucket.public) throw errors.bucketNotFound()
    object = await anyObject(call, bucketId, name)
  } else {
    await findBucket(call.context.pool, bucketId)
    object = await visibleObject(call, bucketId, name)
  }
  sendJson(call.res, 200, {
    id: object.id,
    version: object.version,
    name: object.name,
    bucket_id: object.bucket_id,
    size: object.metadata?.size,
    content_type: object.metadata?.mimetype,
    cache_control: object.metadata?.cacheControl,
    etag: object.metadata?.eTag,
    metadata: object.user_metadata ?? {},
    last_modified: object.metadata?.lastModified ?? object.updated_at,
    created_at: object.created_at
  })
}

/** `remove([paths])`: deletes what the caller's DELETE policies allow and returns those rows. */
export async function removeMany(call: Call, bucketId: string): Promise<void> {
  await findBucket(call.context.pool, bucketId)
  const body = await call.json()
  if (!Array.isArray(body.prefixes) || body.prefixes.length === 0) throw errors.missing('prefixes')
  const names = body.prefixes.map((entry: unknown) => {
    const name = typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path
    if (typeof name !== 'string') throw errors.invalidRequest('prefixes must be object paths')
    return name
  })
  for (const name of names) assertValidKey(name)
  const rows = await call.asCaller(
    async (client) =>
      (
        await client.query<{ name: string }>('delete from storage.objects where bucket_id = $1 and name = any($2) returning *', [
          bucketId,
          names
        ])
      ).rows
  )
  for (const row of rows) await call.files.remove(bucketId, row.name)
  sendJson(call.res, 200, rows)
}

export async function removeOne(call: Call, bucketId: string, name: string): Promise<void> {
  assertValidKey(name)
  await findBucket(call.context.pool, bucketId)
  const deleted = await call.asCaller(
    async (client) => (await client.query('delete from storage.objects where bucket_id = $1 and name = $2', [bucketId, name])).rowCount
  )
  if (!deleted) throw errors.objectNotFound()
  await call.files.remove(bucketId, name)
  sendJson(call.res, 200, { message: 'Successfully deleted' })
}

export async function move(call: Call): Promise<void> {
  const body = await call.json()
  const bucketId = requireString(body, 'bucketId')
  const source = requireString(body, 'sourceKey')
  const destination = requireString(body, 'destinationKey')
  const destinationBucket = typeof body.destinationBucket === 'string' ? body.destinationBucket : bucketId
  assertValidKey(source)
  assertValidKey(destination)
  await findBucket(call.context.pool, bucketId)
  await findBucket(call.context.pool, destinationBucket)
  await call.asCaller(async (client) => {
    const { rowCount } = await client.query(
      `update storage.objects set bucket_id = $3, name = $4, updated_at = now(), last_accessed_at = now()
        where bucket_id = $1 and name = $2`,
      [bucketId, source, destinationBucket, destination]
    )
    if (!rowCount) throw errors.objectNotFound()
    await call.files.move(bucketId, source, destinationBucket, destination)
  })
  sendJson(call.res, 200, { message: 'Successfully moved' })
}

export async function copy(call: Call): Promise<void> {
  const body = await call.json()
  const bucketId = requireString(body, 'bucketId')
  const source = requireString(body, 'sourceKey')
  const destination = requireString(body, 'destinationKey')
  const destinationBucket = typeof body.destinationBucket === 'string' ? body.destinationBucket : bucketId
  const upsert = call.req.headers['x-upsert'] === 'true'
  assertValidKey(destination)
  await findBucket(call.context.pool, destinationBucket)
  const original = await visibleObject(call, bucketId, source)
  const userMetadata = body.copyMetadata === false ? (body.metadata ?? null) : original.user_metadata
  const metadata = original.metadata ? { ...original.metadata, lastModified: new Date().toISOString() } : null
  const owner = ownerOf(await call.caller())
  const id = await call.asCaller(async (client) => {
    const values = [randomUUID(), destinationBucket, destination, owner, metadata, userMetadata, randomUUID()]
    const { rows } = await client.query<{ id: string }>(
      `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, user_metadata, version)
       values ($1, $2, $3, $4::uuid, $4::text, $5, $6, $7)
       ${upsert ? 'on conflict (bucket_id, name) do update set metadata = excluded.metadata, user_metadata = excluded.user_metadata, version = excluded.version, updated_at = now() returning id' : ''}`,
      values
    )
    await call.files.copy(bucketId, source, destinationBucket, destination)
    return rows[0]?.id ?? (values[0] as string)
  })
  sendJson(call.res, 200, { Id: id, Key: `${destinationBucket}/${destination}` })
}

const SORT_COLUMNS = new Set(['name', 'updated_at', 'created_at', 'last_accessed_at'])

/**
 * `list(prefix)` as Supabase's storage.search answers it: the folders directly under the
 * prefix first (id and dates null), then the files at that level, each named relative to
 * the prefix; `search` narrows to entries starting with it. RLS decides what is visible.
 */
export async function list(call: Call, bucketId: string): Promise<void> {
  await findBucket(call.context.pool, bucketId)
  const body = await call.json()
  let prefix = typeof body.prefix === 'string' ? body.prefix : ''
  if (prefix && !prefix.endsWith('/')) prefix += '/'
  const search = typeof body.search === 'string' ? body.search : ''
  const limit = nonNegative(body.limit, 100, 'limit')
  const offset = nonNegative(body.offset, 0, 'offset')
  const sortBy = (body.sortBy ?? {}) as { column?: unknown; order?: unknown }
  const column = typeof sortBy.column === 'string' ? sortBy.column : 'name'
  if (!SORT_COLUMNS.has(column)) throw errors.invalidRequest(`sortBy.column must be one of ${[...SORT_COLUMNS].join(', ')}`)
  const order = typeof sortBy.order === 'string' && sortBy.order.toLowerCase() === 'desc' ? 'desc' : 'asc'
  const level = prefix.split('/').length
  const pattern = `${escapeLike(prefix + search)}%`
  const rows = await call.asCaller(
    async (client) =>
      (
        await client.query(
          `with matched as (
             select * from storage.objects where bucket_id = $1 and name ilike $2 escape '\\'
           ), entries as (
             select distinct on (path_tokens[$3]) path_tokens[$3] as name, null::uuid as id, null::timestamptz as updated_at,
                    null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata, 0 as kind
               from matched where array_length(path_tokens, 1) <> $3
             union all
             select path_tokens[$3], id, updated_at, created_at, last_accessed_at, metadata, 1
               from matched where array_length(path_tokens, 1) = $3
           )
           select name, id, updated_at, created_at, last_accessed_at, metadata from entries
            order by kind, ${column === 'name' ? 'name' : `case when kind = 0 then name end ${order}, ${column}`} ${order}, name ${order}
            limit $4 offset $5`,
          [bucketId, pattern, level, limit, offset]
        )
      ).rows,
    { readOnly: true }
  )
  sendJson(call.res, 200, rows)
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`)
}

function nonNegative(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw errors.invalidRequest(`${name} must be a non-negative integer`)
  return value
}
