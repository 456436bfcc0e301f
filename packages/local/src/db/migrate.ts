import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type pg from 'pg'
import { LocalStackError } from './errors.ts'

// Runs from src/ under Node's type stripping, or from the dist/ bundle that ships src/ beside it.
const here = import.meta.filename.endsWith('.ts') ? import.meta.dirname : resolve(import.meta.dirname, '../src/db')

/** Supabase-provided objects first, then the local stack's own additions (src/<concern>/local.sql). */
export function bootstrapFiles(): string[] {
  const src = resolve(here, '..')
  const extras = readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(src, entry.name, 'local.sql')))
    .map((entry) => join(src, entry.name, 'local.sql'))
    .sort()
  return [join(here, 'bootstrap.sql'), ...extras]
}

export async function bootstrap(client: pg.ClientBase): Promise<void> {
  for (const file of bootstrapFiles()) await runFile(client, file, 'Bootstrap')
}

/**
 * Applies supabase/migrations/*.sql in name order, each once, recorded where the Supabase
 * CLI records them so a database can move between `supabase db push` and this stack.
 */
export async function migrate(client: pg.ClientBase, migrationsDir: string): Promise<string[]> {
  await client.query(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, statements text[], name text
    )`)
  const applied = new Set(
    (await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map(
      (row) => row.version
    )
  )
  const files = existsSync(migrationsDir)
    ? readdirSync(migrationsDir).filter((name) => name.endsWith('.sql')).sort()
    : []
  const ran: string[] = []
  for (const name of files) {
    const [version = name, ...rest] = basename(name, '.sql').split('_')
    if (applied.has(version)) continue
    const file = join(migrationsDir, name)
    await client.query('begin')
    try {
      await runFile(client, file, 'Migration')
      await client.query(
        'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
        [version, rest.join('_'), [readFileSync(file, 'utf8')]]
      )
      await client.query('commit')
    } catch (error) {
      await client.query('rollback')
      throw error
    }
    ran.push(name)
  }
  return ran
}

export async function seed(client: pg.ClientBase, seedFile: string): Promise<void> {
  if (existsSync(seedFile)) await runFile(client, seedFile, 'Seed')
}

async function runFile(client: pg.ClientBase, file: string, what: string): Promise<void> {
  const sql = readFileSync(file, 'utf8')
  try {
    await client.query(sql)
  } catch (cause) {
    const position = Number((cause as { position?: string }).position)
    const line = Number.isFinite(position) ? sql.slice(0, position).split('\n').length : undefined
    const where = line ? `${file}:${line}` : file
    throw new LocalStackError('MIGRATION_FAILED', `${what} failed at ${where}: ${(cause as Error).message}`, { cause })
  }
}
