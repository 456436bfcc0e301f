import type pg from 'pg'
import { sendJson } from '../http/respond.ts'
import { type Call, ownerOf } from './call.ts'
import { errors } from './errors.ts'
import { assertValidBucketName, parseFileSizeLimit, parseMimeTypes } from './limits.ts'

export interface BucketLimits {
  id: string
  public: boolean
  file_size_limit: number | null
  allowed_mime_types: string[] | null
}

const COLUMNS = `id, name, owner, public, file_size_limit::float8 as file_size_limit, allowed_mime_types, type, created_at, updated_at`
/** What Supabase's `GET /bucket/{id}` selects: no `type`, unlike the list. */
const BUCKET_COLUMNS = `id, name, owner, public, created_at, updated_at, file_size_limit::float8 as file_size_limit, allowed_mime_types`
const SORTABLE = new Set(['id', 'name', 'created_at', 'updated_at'])

/** Storage reads a bucket's settings as the superuser: bucket RLS only guards the bucket API. */
export async function findBucket(pool: pg.Pool, id: string): Promise<BucketLimits> {
  const { rows } = await pool.query<BucketLimits>(
    'select id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types from storage.buckets where id = $1',
    [id]
  )
  if (!rows[0]) throw errors.bucketNotFound()
  return rows[0]
}

export async function listBuckets(call: Call): Promise<void> {
  const params = call.url.searchParams
  const column = params.get('sortColumn') ?? 'name'
  const order = params.get('sortOrder') === 'desc' ? 'desc' : 'asc'
  if (!SORTABLE.has(column)) throw errors.invalidRequest(`sortColumn must be one of ${[...SORTABLE].join(', ')}`)
  const limit = intParam(params.get('limit'), 'limit')
  const offset = intParam(params.get('offset'), 'offset') ?? 0
  const search = params.get('search')
  const rows = await call.asCaller(
    async (client) =>
      (
        await client.query(
          `select ${COLUMNS} from storage.buckets
            where $1::text is null or name ilike '%' || $1 || '%'
            order by ${column} ${order} limit $2 offset $3`,
          [search, limit, offset]
        )
      ).rows,
    { readOnly: true }
  )
  sendJson(call.res, 200, rows)
}

export async function getBucket(call: Call, id: string): Promise<void> {
  const row = await call.asCaller(
    async (client) => (await client.query(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1`, [id])).rows[0],
    { readOnly: true }
  )
  if (!row) throw errors.bucketNotFound()
  sendJson(call.res, 200, row)
}

export async function createBucket(call: Call): Promise<void> {
  const body = await call.json()
  const id = body.id ?? body.name
  assertValidBucketName(id)
  const owner = ownerOf(await call.caller())
  await call.asCaller(async (client) => {
    try {
      await client.query(
        `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
         values ($1, $1, $2, $3, $4, $5, $6)`,
        [id, owner, owner, body.public === true, parseFileSizeLimit(body.file_size_limit), parseMimeTypes(body.allowed_mime_types)]
      )
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw errors.bucketExists()
      throw error
    }
  })
  sendJson(call.res, 200, { name: id })
}

export async function updateBucket(call: Call, id: string): Promise<void> {
  const body = await call.json()
  const sets: string[] = ['updated_at = now()']
  const values: unknown[] = [id]
  const set = (column: string, value: unknown) => {
    values.push(value)
    sets.push(`${column} = $${values.length}`)
  }
  if (typeof body.public === 'boolean') set('public', body.public)
  if ('file_size_limit' in body) set('file_size_limit', parseFileSizeLimit(body.file_size_limit))
  if ('allowed_mime_types' in body) set('allowed_mime_types', parseMimeTypes(body.allowed_mime_types))
  const updated = await call.asCaller(
    async (client) => (await client.query(`update storage.buckets set ${sets.join(', ')} where id = $1`, values)).rowCount
  )
  if (!updated) throw errors.bucketNotFound()
  sendJson(call.res, 200, { message: 'Successfully updated' })
}

export async function emptyBucket(call: Call, id: string): Promise<void> {
  await findBucket(call.context.pool, id)
  const names = await call.asCaller(
    async (client) => (await client.query<{ name: string }>('delete from storage.objects where bucket_id = $1 returning name', [id])).rows
  )
  for (const { name } of names) await call.files.remove(id, name)
  sendJson(call.res, 200, { message: 'Successfully emptied' })
}

export async function deleteBucket(call: Call, id: string): Promise<void> {
  await findBucket(call.context.pool, id)
  const { rowCount } = await call.context.pool.query('select 1 from storage.objects where bucket_id = $1 limit 1', [id])
  if (rowCount) throw errors.bucketNotEmpty()
  const deleted = await call.asCaller(async (client) => (await client.query('delete from storage.buckets where id = $1', [id])).rowCount)
  if (!deleted) throw errors.bucketNotFound()
  await call.files.removeBucket(id)
  sendJson(call.res, 200, { message: 'Successfully deleted' })
}

function intParam(value: string | null, name: string): number | null {
  if (value === null) return null
  if (!/^\d+$/.test(value)) throw errors.invalidRequest(`${name} must be a non-negative integer`)
  return Number(value)
}
