import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { bootstrap, migrate, seed } from '../src/db/migrate.ts'
import { freePort } from '../src/db/port.ts'
import { startPostgres } from '../src/db/postgres.ts'
import { TEMPLATE, SEEDED_TEMPLATE } from './templates.ts'

const supabaseDir = resolve(import.meta.dirname, '../../../supabase')

/**
 * One PostgreSQL for the run (DATABASE_URL if given, else embedded), holding two
 * templates: migrated, and migrated + seeded. Test files clone one in ~35 ms.
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
  try {
    for (const [name, withSeed] of [[TEMPLATE, false], [SEEDED_TEMPLATE, true]] as const) {
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.query(`create database ${name}`)
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      const client = new pg.Client({ connectionString: url.toString() })
      await client.connect()
      try {
        await bootstrap(client)
        await migrate(client, join(supabaseDir, 'migrations'))
        if (withSeed) await seed(client, join(supabaseDir, 'seed.sql'))
      } finally {
        await client.end()
      }
    }
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
