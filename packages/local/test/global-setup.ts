import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { bootstrap, pushMigrations } from '../src/db/migrate.ts'
import { freePort } from '../src/db/port.ts'
import { startPostgres } from '../src/db/postgres.ts'
import { SEEDED_TEMPLATE, TEMPLATE } from './templates.ts'

const supabaseDir = resolve(import.meta.dirname, '../../../supabase')

/**
 * One PostgreSQL for the run (DATABASE_URL if given, else embedded), holding two
 * templates: migrated, and migrated + seeded, both applied by the Supabase CLI. Test files clone one in ~35 ms.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every test stack has its own state directory; one Deno cache keeps npm: packages downloaded once.
  process.env.DENO_DIR ??= resolve(import.meta.dirname, '../../../node_modules/.cache/parley-deno')
  let adminUrl = process.env.DATABASE_URL
  let stop = async () => undefined
  if (!adminUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'parley-test-'))
    const postgres = await startPostgres({ dataDir: join(dir, 'db'), port: await freePort(), ephemeral: true })
    adminUrl = postgres.url
    stop = async () => {
      await postgres.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  const databaseUrl = (name: string): string => {
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return url.toString()
  }
  try {
    await admin.query(`drop database if exists ${SEEDED_TEMPLATE} with (force)`)
    await admin.query(`drop database if exists ${TEMPLATE} with (force)`)
    await admin.query(`create database ${TEMPLATE}`)
    const client = new pg.Client({ connectionString: databaseUrl(TEMPLATE) })
    await client.connect()
    try {
      await bootstrap(client)
    } finally {
      await client.end()
    }
    // Deployed as on a Supabase project: `supabase db push` as the non-superuser postgres.
    await pushMigrations(databaseUrl(TEMPLATE), supabaseDir)
    await admin.query(`create database ${SEEDED_TEMPLATE} template ${TEMPLATE}`)
    // A database's own grants are not copied from its template.
    await admin.query(`grant all on database ${SEEDED_TEMPLATE} to postgres`)
    await pushMigrations(databaseUrl(SEEDED_TEMPLATE), supabaseDir, { seed: true })
  } catch (error) {
    await admin.end()
    await stop()
    throw error
  }
  await admin.end()
  project.provide('adminUrl', adminUrl)
  return stop
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string
  }
}
