import type pg from 'pg'
import type { Schema } from './introspect.ts'
import { GENERATED_HEADER } from './render-database.ts'
import { key, quote } from './ts-type.ts'

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
  const { rows: [storage] } = await client.query<{ exists: boolean }>("select to_regclass('storage.buckets') is not null as exists")
  if (!storage?.exists) return []
  const { rows } = await client.query<Limits['buckets'][number]>(
    `select id, file_size_limit::float8 as "fileSizeLimit", allowed_mime_types as "allowedMimeTypes"
     from storage.buckets order by id collate "C"`
  )
  return rows
}

/** limits.ts: `TextLimits` and `BucketLimits`, sorted, each property its own line. */
export function renderLimits(limits: Limits): string {
  const [exampleTable, exampleColumns] = [...limits.text][0] ?? ['my_table', new Map([['my_column', 0]])]
  const exampleColumn = [...exampleColumns.keys()][0]!
  const exampleBucket = limits.buckets[0]?.id ?? 'my-bucket'
  const list = (values: string[] | null) => (values ? `[${values.map(quote).join(', ')}]` : 'null')
  return [
    GENERATED_HEADER,
    '',
    '/**',
    " * The longest text, in characters, each column's CHECK constraints accept: check input",
    ' * against these to refuse it before a round trip, with the same limit the database applies.',
    ` * @example \`if (value.length > TextLimits.${key(exampleTable)}.${key(exampleColumn)}) showTooLong()\``,
    ' */',
    'export const TextLimits = {',
    ...[...limits.text].flatMap(([table, columns]) => [
      `  ${key(table)}: {`,
      ...[...columns].map(([column, longest]) => `    ${key(column)}: ${longest},`),
      '  },'
    ]),
    '} as const',
    '',
    '/**',
    ' * What each Storage bucket accepts: the largest file in bytes and the MIME types allowed',
    ' * (null: no limit).',
    ` * @example \`const accept = BucketLimits[${quote(exampleBucket)}].allowedMimeTypes?.join(',')\``,
    ' */',
    'export const BucketLimits = {',
    ...limits.buckets.flatMap((bucket) => [
      `  ${key(bucket.id)}: {`,
      `    fileSizeLimit: ${bucket.fileSizeLimit},`,
      `    allowedMimeTypes: ${list(bucket.allowedMimeTypes)},`,
      '  },'
    ]),
    '} as const',
    ''
  ].join('\n')
}
