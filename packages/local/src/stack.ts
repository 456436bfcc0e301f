import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pg from 'pg'
import type { AuthConfig } from './auth/config.ts'
import { createAuthService } from './auth/service.ts'
import { LocalStackError } from './db/errors.ts'
import { bootstrap, pushMigrations } from './db/migrate.ts'
import { type RunningPostgres, startPostgres } from './db/postgres.ts'
import { denoExecutable } from './functions/deno-binary.ts'
import { createFunctionsService } from './functions/service.ts'
import { checkJwtSecret } from './http/exposure.ts'
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY, Jwt } from './http/keys.ts'
import { startHttpServer } from './http/server.ts'
import type { ServiceContext, ServiceFactory } from './http/service.ts'
import { startJobRunner } from './jobs/runner.ts'
import { createMailService } from './mail/service.ts'
import { startNetWorker } from './net/worker.ts'
import type { RealtimeLimits } from './realtime/limits.ts'
import { createRealtimeService } from './realtime/service.ts'
import { createRestService } from './rest/service.ts'
import { createStorageService } from './storage/service.ts'
import { pushScheduleSecrets, putVaultSecrets } from './vault/secrets.ts'

export interface ServerOptions {
  /** A database that already holds the bootstrap and migrations. */
  databaseUrl: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** The project's supabase/ directory. */
  supabaseDir: string
  stateDir: string
  jwtSecret?: string
  anonKey?: string
  serviceRoleKey?: string
  /** Auth settings that win over the PARLEY_* variables. */
  auth?: Partial<AuthConfig>
  /** Realtime's per-project limits over the PARLEY_* variables; false turns them off. */
  realtime?: { limits?: Partial<RealtimeLimits> | false }
}

export interface RunningServer {
  url: string
  anonKey: string
  serviceRoleKey: string
  jwtSecret: string
  databaseUrl: string
  pool: pg.Pool
  stop(): Promise<void>
}

/** Keys as `supabase start` makes them for a custom secret: ten years, like the demo keys. */
function projectKey(jwt: Jwt, role: 'anon' | 'service_role'): Promise<string> {
  return jwt.sign({ iss: 'supabase', role }, 10 * 365 * 24 * 3600)
}

/** Prefixes as Supabase's gateway routes them. */
export const SERVICES: Record<string, ServiceFactory> = {
  '/rest/v1': createRestService,
  '/auth/v1': createAuthService,
  '/realtime/v1': createRealtimeService,
  '/storage/v1': createStorageService,
  '/functions/v1': createFunctionsService,
  '/mail': createMailService
}

/** The HTTP side alone, over a prepared database: what tests start once per file. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  checkJwtSecret(options.host ?? '127.0.0.1', options.jwtSecret ?? DEMO_JWT_SECRET)
  // Edge Functions need Deno: say so before anything is started rather than on the first call.
  denoExecutable()
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 40 })
  pool.on('error', () => undefined)
  const jwtSecret = options.jwtSecret ?? DEMO_JWT_SECRET
  const host = options.host ?? '127.0.0.1'
  const jwt = new Jwt(jwtSecret)
  const demo = jwtSecret === DEMO_JWT_SECRET
  let url = ''
  const context: ServiceContext = {
    pool,
    databaseUrl: options.databaseUrl,
    jwt,
    url: () => url,
    anonKey: options.anonKey ?? (demo ? DEMO_ANON_KEY : await projectKey(jwt, 'anon')),
    serviceRoleKey: options.serviceRoleKey ?? (demo ? DEMO_SERVICE_ROLE_KEY : await projectKey(jwt, 'service_role')),
    supabaseDir: options.supabaseDir,
    stateDir: options.stateDir,
    authConfig: options.auth,
    realtimeLimits: options.realtime?.limits
  }
  const http = await startHttpServer(context, SERVICES, { host, port: options.port ?? 0 }).catch(async (error: unknown) => {
    await pool.end()
    throw error
  })
  url = `http://${host}:${http.port}`
  const jobs = startJobRunner(pool)
  const net = startNetWorker(pool)
  return {
    url,
    anonKey: context.anonKey,
    serviceRoleKey: context.serviceRoleKey,
    jwtSecret,
    databaseUrl: options.databaseUrl,
    pool,
    async stop() {
      await jobs.stop()
      await net.stop()
      await http.close()
      await pool.end()
    }
  }
}

export interface LocalStackOptions {
  /** Project root holding supabase/; defaults to the current directory. */
  root?: string
  /** 127.0.0.1 by default; any other address needs a jwtSecret other than the demo one. */
  host?: string
  port?: number
  dbPort?: number
  /** Signs and verifies every JWT; the public demo secret when unset (loopback only). */
  jwtSecret?: string
  /** Use this PostgreSQL instead of the embedded one. */
  databaseUrl?: string
  /** Defaults to <root>/.parley */
  stateDir?: string
  seed?: boolean
  reset?: boolean
  onLog?: (line: string) => void
}

export interface RunningLocalStack extends RunningServer {
  /** Applied by this start; empty when the database was up to date. */
  migrations: string[]
}

const DATABASE = 'parley'

/**
 * Everything `supabase start` gives, without Docker: PostgreSQL (embedded unless
 * databaseUrl is set), Supabase's bootstrap, the project's migrations and seed, and the APIs.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<RunningLocalStack> {
  checkJwtSecret(options.host ?? '127.0.0.1', options.jwtSecret ?? DEMO_JWT_SECRET)
  const root = resolve(options.root ?? process.cwd())
  const stateDir = resolve(options.stateDir ?? join(root, '.parley'))
  const supabaseDir = join(root, 'supabase')
  await mkdir(stateDir, { recursive: true })

  let postgres: RunningPostgres | undefined
  let databaseUrl = options.databaseUrl
  if (!databaseUrl) {
    postgres = await startPostgres({
      dataDir: join(stateDir, 'db'),
      port: options.dbPort ?? 54322,
      reset: options.reset,
      onLog: options.onLog
    })
    databaseUrl = await ensureDatabase(postgres.url, DATABASE)
  }

  try {
    const fresh = await prepareDatabase(databaseUrl, supabaseDir, options)
    const server = await startServer({
      databaseUrl,
      host: options.host,
      port: options.port ?? 54321,
      jwtSecret: options.jwtSecret,
      supabaseDir,
      stateDir
    })
    await putVaultSecrets(
      server.pool,
      pushScheduleSecrets(server.url, server.serviceRoleKey),
      'Set by the Parley local stack at start'
    ).catch(async (error: unknown) => {
      await server.stop()
      throw error
    })
    const running: RunningLocalStack = {
      ...server,
      migrations: fresh,
      async stop() {
        await server.stop()
        await postgres?.stop()
      }
    }
    await writeFile(
      join(stateDir, 'local.json'),
      JSON.stringify(
        { url: server.url, anonKey: server.anonKey, serviceRoleKey: server.serviceRoleKey, jwtSecret: server.jwtSecret, databaseUrl },
        null,
        2
      )
    )
    return running
  } catch (error) {
    await postgres?.stop()
    throw error
  }
}

async function prepareDatabase(databaseUrl: string, supabaseDir: string, options: LocalStackOptions): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  let isNew: boolean
  try {
    if (options.reset && options.databaseUrl)
      await client.query('drop schema if exists public, auth, storage, realtime, supabase_migrations cascade; create schema public')
    isNew = !(await client.query("select 1 from pg_namespace where nspname = 'supabase_migrations'")).rowCount
    await bootstrap(client)
  } finally {
    await client.end()
  }
  return pushMigrations(databaseUrl, supabaseDir, { seed: isNew && options.seed !== false, onLog: options.onLog })
}

/** Creates `name` on the cluster if missing and returns its connection string. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect().catch((cause: unknown) => {
    // 28P01/28000: a cluster made before the superuser became supabase_admin, as on Supabase.
    if (['28P01', '28000'].includes((cause as { code?: string }).code ?? '')) {
      throw new LocalStackError(
        'DATA_DIR_VERSION',
        'The database cluster was created by an earlier version of the local stack (its superuser was postgres). Start with --reset to recreate it.',
        { cause }
      )
    }
    throw cause
  })
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name])
    if (!exists.rowCount) await client.query(`create database ${pg.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}
