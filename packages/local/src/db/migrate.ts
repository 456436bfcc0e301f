import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import pg from 'pg'
import { LocalStackError } from './errors.ts'
import { cliDatabaseUrl, pushWithCli, supabaseCli } from './supabase-cli.ts'

// Runs from src/ under Node's type stripping, or from the dist/ bundle that ships src/ beside it.
const here = import.meta.filename.endsWith('.ts') ? import.meta.dirname : resolve(import.meta.dirname, '../src/db')

/**
 * Supabase-provided objects first, then the local stack's own additions (src/<concern>/local.sql),
 * then the ownership and privileges of a Supabase project over all of them (hosted.sql).
 */
export function bootstrapFiles(): string[] {
  const src = resolve(here, '..')
  const extras = readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(src, entry.name, 'local.sql')))
    .map((entry) => join(src, entry.name, 'local.sql'))
    .sort()
  return [join(here, 'bootstrap.sql'), ...extras, join(here, 'hosted.sql')]
}

/** Runs as a superuser: it creates the roles and the Supabase schemas. */
export async function bootstrap(client: pg.ClientBase): Promise<void> {
  for (const file of bootstrapFiles()) await runFile(client, file, 'Bootstrap')
}

export interface PushOptions {
  /** Also runs supabase/seed.sql, once per database. */
  seed?: boolean
  onLog?: (line: string) => void
  /** The Supabase CLI's launcher; null applies the migrations without it. Defaults to the installed `supabase` package. */
  cli?: string | null
}

/**
 * Applies supabase/migrations/*.sql (and the seed when asked) as `supabase db push` deploys
 * them to a Supabase project: with that CLI, logged in as cli_login_postgres and running as
 * the non-superuser `postgres`, recorded in supabase_migrations. Without the CLI installed,
 * the same is done in process. Returns the migration files applied.
 */
export async function pushMigrations(databaseUrl: string, supabaseDir: string, options: PushOptions = {}): Promise<string[]> {
  // Most starts have nothing to apply: that is read in a few ms, the CLI takes about a second.
  if (!options.seed && (await pendingVersions(databaseUrl, join(supabaseDir, 'migrations'))) === 0) return []
  const launcher = options.cli === undefined ? supabaseCli() : options.cli
  if (launcher) return pushWithCli(launcher, databaseUrl, supabaseDir, { seed: options.seed ?? false })
  options.onLog?.('The Supabase CLI (npm package `supabase`) is not installed: applying migrations without it')
  return pushInProcess(databaseUrl, supabaseDir, options.seed ?? false)
}

async function pendingVersions(databaseUrl: string, migrationsDir: string): Promise<number> {
  const files = existsSync(migrationsDir) ? readdirSync(migrationsDir).filter((name) => name.endsWith('.sql')) : []
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client
      .query<{ version: string }>('select version from supabase_migrations.schema_migrations')
      .catch((error: { code?: string }) => {
        // A database no migration has reached yet.
        if (error.code === '42P01' || error.code === '3F000') return { rows: [] }
        throw error
      })
    const applied = new Set(rows.map((row) => row.version))
    return files.filter((name) => !applied.has(basename(name, '.sql').split('_')[0] ?? name)).length
  } finally {
    await client.end()
  }
}

async function pushInProcess(databaseUrl: string, supabaseDir: string, withSeed: boolean): Promise<string[]> {
  const client = new pg.Client({ connectionString: cliDatabaseUrl(databaseUrl) })
  await client.connect()
  try {
    await client.query('set session role postgres')
    const ran = await migrate(client, join(supabaseDir, 'migrations'))
    if (withSeed) await seed(client, join(supabaseDir, 'seed.sql'))
    return ran
  } finally {
    await client.end()
  }
}

/** Each file once, in name order and in its own transaction, recorded as the CLI records it. */
async function migrate(client: pg.ClientBase, migrationsDir: string): Promise<string[]> {
  await client.query(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, statements text[], name text
    )`)
  const applied = new Set(
    (await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map((row) => row.version)
  )
  const files = existsSync(migrationsDir)
    ? readdirSync(migrationsDir)
        .filter((name) => name.endsWith('.sql'))
        .sort()
    : []
  const ran: string[] = []
  for (const name of files) {
    const [version = name, ...rest] = basename(name, '.sql').split('_')
    if (applied.has(version)) continue
    const file = join(migrationsDir, name)
    await client.query('begin')
    try {
      await runFile(client, file, 'Migration')
      await client.query('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [
        version,
        rest.join('_'),
        [readFileSync(file, 'utf8')]
      ])
      await client.query('commit')
    } catch (error) {
      await client.query('rollback')
      throw error
    }
    ran.push(name)
  }
  return ran
}

async function seed(client: pg.ClientBase, seedFile: string): Promise<void> {
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
