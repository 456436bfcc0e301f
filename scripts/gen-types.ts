/**
 * Writes packages/core/src/types/database.ts (what `supabase gen types typescript` would
 * write, without Docker) and limits.ts (the CHECK and Storage limits types cannot carry)
 * from supabase/migrations, applied to a fresh embedded PostgreSQL, or to an empty
 * database at DATABASE_URL.
 *
 *   npm run gen:types
 *
 * packages/core/test/database-types.test.ts fails while the committed files differ from
 * what this writes.
 */
import { writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { bootstrap, pushMigrations } from '../packages/local/src/db/migrate.ts'
import { freePort } from '../packages/local/src/db/port.ts'
import { startPostgres } from '../packages/local/src/db/postgres.ts'
import { generateTypes } from './typegen/generate.ts'

const root = resolve(import.meta.dirname, '..')
let url = process.env.DATABASE_URL
let stop = async () => undefined
if (!url) {
  const dir = await mkdtemp(join(tmpdir(), 'parley-gen-types-'))
  const postgres = await startPostgres({ dataDir: join(dir, 'db'), port: await freePort(), ephemeral: true })
  url = postgres.url
  stop = async () => {
    await postgres.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
const client = new pg.Client({ connectionString: url })
try {
  await client.connect()
  await bootstrap(client)
  await pushMigrations(url, join(root, 'supabase'))
  for (const [path, text] of Object.entries(await generateTypes(client))) {
    writeFileSync(join(root, path), text)
    console.log(`wrote ${path}`)
  }
} finally {
  await client.end()
  await stop()
}
