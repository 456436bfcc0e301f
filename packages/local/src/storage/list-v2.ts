import { sendJson } from '../http/respond.ts'
import { findBucket } from './buckets.ts'
import type { Call } from './call.ts'
import { errors } from './errors.ts'

const MAX_KEYS = 1000
const SORT_COLUMNS = new Set(['name', 'created_at', 'updated_at'])

interface Cursor {
  /** The last key of the page before. */
  after: string
  column: string
  order: 'asc' | 'desc'
  /** The sort column's value at `after`, when sorting by a date. */
  value?: string
}

interface Row {
  id: string | null
  name: string
  metadata: Record<string, unknown> | null
  updated_at: Date | null
  created_at: Date | null
  last_accessed_at: Date | null
  /** The sort date as text, when sorting by a date. */
  seek?: string | null
}

/**
 * `POST /object/list-v2/{bucket}` (storage-js `listV2`), as Supabase Storage answers it:
 * full keys under `prefix`, keyset pages of at most 1000 with an opaque `nextCursor`, and
 * with `with_delimiter` the folders one level down (`name` ending in `/`) in their own array.
 */
export async function listV2(call: Call, bucketId: string): Promise<void> {
  await findBucket(call.context.pool, bucketId)
  const body = await call.json()
  const prefix = typeof body.prefix === 'string' ? body.prefix : ''
  const limit = limitOf(body.limit)
  const delimited = body.with_delimiter === true
  const cursor = typeof body.cursor === 'string' && body.cursor !== '' ? decodeCursor(body.cursor) : undefined
  const sortBy = (body.sortBy ?? {}) as { column?: unknown; order?: unknown }
  const requestedColumn = typeof sortBy.column === 'string' ? sortBy.column : 'name'
  if (!SORT_COLUMNS.has(requestedColumn)) throw errors.invalidRequest(`sortBy.column must be one of ${[...SORT_COLUMNS].join(', ')}`)
  // As on Supabase, a cursor keeps the sort it was issued for.
  const order = cursor?.order ?? (sortBy.order === 'desc' ? 'desc' : 'asc')
  // Folders have no dates of their own: a delimited listing is by key.
  const column = delimited ? 'name' : (cursor?.column ?? requestedColumn)
  const pattern = `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
  const after = cursor && cursor.column === column ? cursor : undefined
  const rows = await call.asCaller(
    async (client) => {
      if (delimited)
        return (await client.query<Row>(delimitedQuery(order), [bucketId, pattern, prefix, after?.after ?? null, limit + 1])).rows
      if (column === 'name') return (await client.query<Row>(byNameQuery(order), [bucketId, pattern, after?.after ?? null, limit + 1])).rows
      return (
        await client.query<Row>(byDateQuery(column, order), [bucketId, pattern, after?.after ?? null, after?.value ?? null, limit + 1])
      ).rows
    },
    { readOnly: true }
  )
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const hasNext = rows.length > limit && last !== undefined
  sendJson(call.res, 200, {
    hasNext,
    ...(hasNext ? { nextCursor: encodeCursor({ after: last.name, column, order, value: last.seek ?? undefined }) } : {}),
    folders: page.filter((row) => row.id === null).map((row) => ({ name: row.name })),
    objects: page.filter((row) => row.id !== null).map(({ seek: _seek, ...object }) => object)
  })
}

const COLUMNS = 'id, name, metadata, updated_at, created_at, last_accessed_at'

function byNameQuery(order: 'asc' | 'desc'): string {
  return `select ${COLUMNS} from storage.objects
           where bucket_id = $1 and name like $2 escape '\\' and ($3::text is null or name collate "C" ${order === 'asc' ? '>' : '<'} $3)
           order by name collate "C" ${order} limit $4`
}

/** Keyset on (date, key); the date travels as PostgreSQL's own text so no microsecond is lost. */
function byDateQuery(column: string, order: 'asc' | 'desc'): string {
  return `select ${COLUMNS}, ${column}::text as seek from storage.objects
           where bucket_id = $1 and name like $2 escape '\\'
             and ($3::text is null or (${column}, name collate "C") ${order === 'asc' ? '>' : '<'} ($4::timestamptz, $3::text collate "C"))
           order by ${column} ${order}, name collate "C" ${order} limit $5`
}

/** One row per key directly under the prefix: the object itself, or its folder (`prefix/folder/`). */
function delimitedQuery(order: 'asc' | 'desc'): string {
  return `with entries as (
             select case when strpos(substr(name, char_length($3) + 1), '/') > 0
                         then left(name, char_length($3) + strpos(substr(name, char_length($3) + 1), '/'))
                    end as folder, ${COLUMNS}
               from storage.objects where bucket_id = $1 and name like $2 escape '\\'
           )
           select distinct on (coalesce(folder, name) collate "C")
                  case when folder is null then id end as id, coalesce(folder, name) as name,
                  case when folder is null then metadata end as metadata,
                  case when folder is null then updated_at end as updated_at,
                  case when folder is null then created_at end as created_at,
                  case when folder is null then last_accessed_at end as last_accessed_at
             from entries
            where $4::text is null or coalesce(folder, name) collate "C" ${order === 'asc' ? '>' : '<'} $4
            order by coalesce(folder, name) collate "C" ${order}
            limit $5`
}

function limitOf(value: unknown): number {
  if (value === undefined || value === null) return MAX_KEYS
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw errors.invalidRequest('limit must be an integer of at least 1')
  return Math.min(value, MAX_KEYS)
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

function decodeCursor(token: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>
    if (
      typeof parsed.after === 'string' &&
      typeof parsed.column === 'string' &&
      SORT_COLUMNS.has(parsed.column) &&
      (parsed.order === 'asc' || parsed.order === 'desc') &&
      (parsed.value === undefined || (typeof parsed.value === 'string' && !Number.isNaN(Date.parse(parsed.value))))
    ) {
      return { after: parsed.after, column: parsed.column, order: parsed.order, value: parsed.value }
    }
  } catch {
    // reported below
  }
  throw errors.invalidParameter('continuation token')
}
