import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RunningLocalStack, startLocalStack } from '../src/stack.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'
import { WAIT } from './wait.ts'

let db: TestDatabase
let stateDir: string
let stack: RunningLocalStack

beforeAll(async () => {
  db = await createTestDatabase()
  stateDir = await mkdtemp(join(tmpdir(), 'parley-state-'))
  stack = await startLocalStack({ root: resolve(import.meta.dirname, '../../..'), databaseUrl: db.url, port: 0, stateDir })
})
afterAll(async () => {
  await stack?.stop()
  await db?.drop()
  await rm(stateDir, { recursive: true, force: true })
})

describe('startLocalStack and the vault', () => {
  it("writes the push-dispatch job's secrets, pointing at itself", async () => {
    const { rows } = await db.pool.query(
      "select name, decrypted_secret from vault.decrypted_secrets where name in ('project_url', 'service_role_key') order by name"
    )
    expect(rows).toEqual([
      { name: 'project_url', decrypted_secret: stack.url },
      { name: 'service_role_key', decrypted_secret: stack.serviceRoleKey }
    ])
  })

  it('starts the net worker with the server', async () => {
    await vi.waitFor(async () => expect((await db.pool.query('select net.check_worker_is_up()')).rowCount).toBe(1), WAIT)
  })
})
