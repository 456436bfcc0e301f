import type pg from 'pg'
import type { Schema } from './introspect.ts'
import { GENERATED_HEADER } from './render-database.ts'
import { quote } from './ts-type.ts'

export interface Limits {
  /** table → column → the longest text its CHECK constraints accept. */
  text: Map<string, Map<string, number>>
  buckets: { id: string; fileSizeLimit: number | null; allowedMimeTypes: string[] | null }[]
}

const TEXT_TYPES = new Set(['text', 'varchar', 'citext'])
/** Past this many characters a column counts as unbounded. */
const LONGEST = 1 << 20

/**
 * The limits the database enforces that types cannot carry. For each text column with CHECK
 * constraints, PostgreSQL itself evaluates them on ever longer strings (a binary search), so
 * any way of writing a length limit is understood and no SQL is parsed here. Columns whose
 * checks are not a length limit (a pattern no run of `x` matches, say) are left out.
 */
export async function readLimits(client: pg.ClientBase, schema: Schema): Promise<Limits> {
  const { rows } = await client.query<{ relation: number; column: string; type: number; checks: string[] }>(
    `select c.conrelid::int as relation, a.attname::text as "column", a.atttypid::int as type,
       array_agg(pg_get_expr(c.conbin, c.conrelid) order by c.conname) as checks
     from pg_constraint c
     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'c' and cardinality(c.conkey) = 1 and c.conrelid = any($1::oid[])
     group by c.conrelid, a.attname, a.atttypid
     order by a.attname collate "C"`,
    [schema.tables.map((table) => table.oid)]
  )
  const text = new Map<string, Map<string, number>>()
  await client.query('begin read only')
  try {
    for (const table of schema.tables) {
      for (const row of rows.filter((candidate) => candidate.relation === table.oid)) {
        if (!TEXT_TYPES.has(schema.types.get(row.type)?.name ?? '')) continue
        const longest = await longestAccepted(client, row.column, row.checks)
        if (longest === null) continue
        text.set(table.name, (text.get(table.name) ?? new Map()).set(row.column, longest))
      }
    }
  } finally {
    await client.query('rollback')
  }
  return { text, buckets: await readBuckets(client) }
}

async function longestAccepted(client: pg.ClientBase, column: string, checks: string[]): Promise<number | null> {
  const { rows } = await client.query<{ name: string }>('select quote_ident($1) as name', [column])
  const sql = `select ${checks.map((check) => `(${check}) is not false`).join(' and ')} as ok
    from (select repeat('x', $1) as ${rows[0]!.name}) as probe`
  const accepts = async (length: number) => (await client.query<{ ok: boolean }>(sql, [length])).rows[0]!.ok
  let shortest = 0
  while (shortest <= 16 && !(await accepts(shortest))) shortest++
  if (shortest > 16 || (await accepts(LONGEST))) return null
  let [accepted, refused] = [shortest, LONGEST]
  while (refused - accepted > 1) {
    const middle = Math.floor((accepted + refused) / 2)
    if (await accepts(middle)) accepted = middle
    else refused = middle
  }
  return accepted
}

async function readBuckets(client: pg.ClientBase): Promise<Limits['buckets']> {
  const {
    rows: [storage]
  } = await client.query<{ exists: boolean }>("select to_regclass('storage.buckets') is not null as exists")
  if (!storage?.exists) return []
  const { rows } = await client.query<Limits['buckets'][number]>(
    `select id, file_size_limit::float8 as "fileSizeLimit", allowed_mime_types as "allowedMimeTypes"
     from storage.buckets order by id collate "C"`
  )
  return rows
}

/**
 * limits.ts: one constant per limit, named `<TABLE>_<COLUMN>_MAX_LENGTH`,
 * `<BUCKET>_FILE_SIZE_LIMIT` and `<BUCKET>_ALLOWED_MIME_TYPES`. Flat constants, not objects,
 * so bundlers inline the numbers and drop what a program does not read.
 */
export function renderLimits(limits: Limits): string {
  const lines = [GENERATED_HEADER]
  for (const [table, columns] of limits.text) {
    for (const [column, longest] of columns) {
      lines.push('', `/** The longest \`${table}.${column}\` its CHECK constraints accept, in characters. */`)
      lines.push(`export const ${constant(table, column, 'MAX_LENGTH')} = ${longest}`)
    }
  }
  for (const bucket of limits.buckets) {
    lines.push('', `/** The largest file the \`${bucket.id}\` Storage bucket accepts, in bytes (null: no limit). */`)
    lines.push(`export const ${constant(bucket.id, 'FILE_SIZE_LIMIT')} = ${bucket.fileSizeLimit}`)
    lines.push('', `/** The MIME types the \`${bucket.id}\` Storage bucket accepts (null: any). */`)
    const types = bucket.allowedMimeTypes ? `[${bucket.allowedMimeTypes.map(quote).join(', ')}] as const` : 'null'
    lines.push(`export const ${constant(bucket.id, 'ALLOWED_MIME_TYPES')} = ${types}`)
  }
  return `${lines.join('\n')}\n`
}

function constant(...parts: string[]): string {
  return parts.map((part) => part.toUpperCase().replace(/[^A-Z0-9]+/g, '_')).join('_')
}
