import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalStackError } from '../src/db/errors.ts'
import { pushMigrations } from '../src/db/migrate.ts'
import { freePort } from '../src/db/port.ts'
import { startPostgres } from '../src/db/postgres.ts'
import { postgresBinaries, runAs } from '../src/db/postgres-user.ts'
import { startServer } from '../src/stack.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'

const repoSupabase = resolve(import.meta.dirname, '../../../supabase')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-startup-'))
  // Reachable by the postgres OS user under root, so the clusters stay where the tests look.
  await chmod(dir, 0o755)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function occupy(port: number): Promise<Server> {
  return new Promise((done) => {
    const server = createServer()
    server.listen(port, '127.0.0.1', () => done(server))
  })
}

function waitForLine(child: ChildProcess, text: string): Promise<void> {
  return new Promise((done, fail) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes(text)) done()
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => fail(new Error(`exited with ${code} before "${text}":\n${output}`)))
  })
}

function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'postmaster.pid')
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('clear start-up errors', () => {
  it('names the file and line of a failing migration, and applies nothing of it', async () => {
    const db: TestDatabase = await createTestDatabase()
    const supabaseDir = join(dir, 'project', 'supabase')
    await cp(join(repoSupabase, 'migrations'), join(supabaseDir, 'migrations'), { recursive: true })
    const file = join(supabaseDir, 'migrations', '20990101000000_broken.sql')
    await writeFile(file, 'create table public.half_done (id int);\n\nselect *\n  from public.no_such_table;\n')
    try {
      const error = await pushMigrations(db.url, supabaseDir).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(LocalStackError)
      expect(error).toMatchObject({ code: 'MIGRATION_FAILED' })
      expect((error as Error).message).toContain(`${file}:4`)
      expect((error as Error).message).toContain('no_such_table')
      expect((await db.pool.query("select to_regclass('public.half_done') as t")).rows[0].t).toBeNull()
    } finally {
      await db.drop()
    }
  })

  it('refuses a data directory from another PostgreSQL version', async () => {
    const dataDir = join(dir, 'old-cluster')
    await mkdir(dataDir, { recursive: true })
    await writeFile(join(dataDir, 'PG_VERSION'), '14\n')
    await expect(startPostgres({ dataDir, port: await freePort() })).rejects.toMatchObject({ code: 'DATA_DIR_VERSION' })
  })

  it('turns a failing initdb into POSTGRES_START_FAILED with its output and what to check', async () => {
    const dataDir = join(dir, 'not-empty')
    await mkdir(dataDir, { recursive: true })
    await writeFile(join(dataDir, 'stray.txt'), 'not a cluster')
    const error = await startPostgres({ dataDir, port: await freePort() }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(LocalStackError)
    expect(error).toMatchObject({ code: 'POSTGRES_START_FAILED' })
    expect((error as Error).message).toMatch(/initdb failed in .*not-empty[\s\S]*exists but is not empty[\s\S]*--data-dir/)
  })

  it('refuses a taken port, for PostgreSQL and for the API', async () => {
    const port = await freePort()
    const squatter = await occupy(port)
    try {
      await expect(startPostgres({ dataDir: join(dir, 'never'), port })).rejects.toMatchObject({ code: 'PORT_IN_USE' })
      const db = await createTestDatabase()
      try {
        await expect(
          startServer({ databaseUrl: db.url, port, supabaseDir: resolve(import.meta.dirname, '../../../supabase'), stateDir: dir })
        ).rejects.toMatchObject({ code: 'PORT_IN_USE' })
      } finally {
        await db.drop()
      }
    } finally {
      squatter.close()
    }
  })
})

const asRoot = process.getuid?.() === 0
const rootOnly = 'PostgreSQL drops to the postgres OS user only when started as root'

describe.skipIf(!asRoot)(`as root (${rootOnly})`, () => {
  it('starts with the data directory under a private (0700) directory, as in a clone under /root', async () => {
    const home = await mkdtemp(join(tmpdir(), 'parley-private-'))
    await chmod(home, 0o700)
    const postgres = await startPostgres({ dataDir: join(home, 'state', 'db'), port: await freePort(), ephemeral: true })
    try {
      const client = new pg.Client({ connectionString: postgres.url })
      await client.connect()
      expect((await client.query('select 1 as ok')).rows).toEqual([{ ok: 1 }])
      await client.end()
      expect(postgres.dataDir.startsWith(home)).toBe(false)
    } finally {
      await postgres.stop()
      await rm(home, { recursive: true, force: true })
    }
  })

  it('runs a root-owned copy of the binaries when the postgres user cannot reach node_modules', async () => {
    const user = (await runAs())!
    const blind = { ...user, canReach: async () => false }
    const copied = await postgresBinaries(blind, () => undefined)
    expect(copied.initdb.startsWith(tmpdir())).toBe(true)
    const version = spawnSync(copied.postgres, ['--version'], { ...user.ids, encoding: 'utf8' })
    expect(version.stdout).toContain('PostgreSQL) 17')
    expect(statSync(dirname(dirname(copied.postgres))).uid).toBe(0)
  })
})

/** `parley-local start`'s options for a stack of its own: free ports, its state, no seed. */
async function startOptions(stateDir: string): Promise<string[]> {
  return ['--port', String(await freePort()), '--db-port', String(await freePort()), '--data-dir', stateDir, '--no-seed']
}

describe('process lifecycle', () => {
  it('starts over a postmaster left behind by a killed Node process', async () => {
    const dataDir = join(dir, 'crashed')
    const port = await freePort()
    const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures/hold-postgres.ts'), dataDir, String(port)])
    await waitForLine(child, 'ready')
    child.kill('SIGKILL')
    const stale = postmasterPid(dataDir)
    expect(stale && isAlive(stale)).toBe(true)

    const postgres = await startPostgres({ dataDir, port })
    try {
      const client = new pg.Client({ connectionString: postgres.url })
      await client.connect()
      expect((await client.query('select 1 as ok')).rows).toEqual([{ ok: 1 }])
      await client.end()
      expect(isAlive(stale!)).toBe(false)
    } finally {
      await postgres.stop()
    }
  })

  it('stops PostgreSQL cleanly on Ctrl-C', async () => {
    const stateDir = join(dir, 'cli')
    const child = spawn(process.execPath, [
      resolve(import.meta.dirname, '../bin/parley-local.ts'),
      'start',
      ...(await startOptions(stateDir))
    ])
    const exited = new Promise<number | null>((done) => child.once('exit', done))
    try {
      await waitForLine(child, 'Press Ctrl-C to stop.')
      const pid = postmasterPid(join(stateDir, 'db'))
      expect(pid && isAlive(pid)).toBe(true)
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(isAlive(pid!)).toBe(false)
      expect(existsSync(join(stateDir, 'db', 'postmaster.pid'))).toBe(false)
      expect(JSON.parse(readFileSync(join(stateDir, 'local.json'), 'utf8'))).toMatchObject({ anonKey: expect.any(String) })
    } finally {
      // A failed assertion must not leave the CLI (and its PostgreSQL) running.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT')
        await exited
      }
    }
  })

  it('stops PostgreSQL too when `npm run local` itself is sent SIGTERM (npm signals its shell, not the stack)', async () => {
    const stateDir = join(dir, 'npm')
    const child = spawn(
      'npm',
      ['run', '--silent', 'local', '--', ...(await startOptions(stateDir))],
      // Its own process group, so that a failed run can still stop everything it started.
      { cwd: resolve(import.meta.dirname, '../../..'), detached: true }
    )
    const exited = new Promise<number | null>((done) => child.once('exit', done))
    let pid: number | undefined
    try {
      await waitForLine(child, 'Press Ctrl-C to stop.')
      pid = postmasterPid(join(stateDir, 'db'))
      expect(pid && isAlive(pid)).toBe(true)
      child.kill('SIGTERM')
      await exited
      await expect.poll(() => isAlive(pid!)).toBe(false)
    } finally {
      // Without the fix the stack outlives npm, holding its ports and data directory.
      if (pid && isAlive(pid)) process.kill(-child.pid!, 'SIGINT')
    }
  })
})
