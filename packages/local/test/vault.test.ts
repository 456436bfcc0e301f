import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asRequest } from '../src/db/request.ts'
import { putVaultSecrets } from '../src/vault/secrets.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db?.drop())

describe('vault shim', () => {
  it("declares supabase_vault's functions and view columns", async () => {
    const { rows } = await db.pool.query(
      `select p.proname, pg_get_function_arguments(p.oid) as args, pg_get_function_result(p.oid) as result
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'vault' and p.proname in ('create_secret', 'update_secret') order by p.proname`
    )
    expect(rows).toEqual([
      {
        proname: 'create_secret',
        args: "new_secret text, new_name text DEFAULT NULL::text, new_description text DEFAULT ''::text, new_key_id uuid DEFAULT NULL::uuid",
        result: 'uuid'
      },
      {
        proname: 'update_secret',
        args: 'secret_id uuid, new_secret text DEFAULT NULL::text, new_name text DEFAULT NULL::text, new_description text DEFAULT NULL::text, new_key_id uuid DEFAULT NULL::uuid',
        result: 'void'
      }
    ])
    const columns = await db.pool.query(
      "select column_name from information_schema.columns where table_schema = 'vault' and table_name = 'decrypted_secrets' order by ordinal_position"
    )
    expect(columns.rows.map((row) => row.column_name)).toEqual([
      'id',
      'name',
      'description',
      'secret',
      'decrypted_secret',
      'key_id',
      'nonce',
      'created_at',
      'updated_at'
    ])
  })

  it('creates a secret and reads it back by name (stored in plain text locally)', async () => {
    const { rows } = await db.pool.query("select vault.create_secret('s3cr3t', 'api_key', 'for the test') as id")
    expect(rows[0].id).toMatch(/^[0-9a-f-]{36}$/)
    const read = await db.pool.query("select decrypted_secret, secret, description from vault.decrypted_secrets where name = 'api_key'")
    expect(read.rows).toEqual([{ decrypted_secret: 's3cr3t', secret: 's3cr3t', description: 'for the test' }])
  })

  it('refuses a second secret with the same name', async () => {
    await db.pool.query("select vault.create_secret('one', 'dup')")
    await expect(db.pool.query("select vault.create_secret('two', 'dup')")).rejects.toMatchObject({ code: '23505' })
  })

  it('updates a secret, keeping what is not given', async () => {
    const { rows } = await db.pool.query("select vault.create_secret('v1', 'rotating', 'kept') as id")
    await db.pool.query('select vault.update_secret($1, $2)', [rows[0].id, 'v2'])
    const read = await db.pool.query(
      "select decrypted_secret, description, updated_at >= created_at as later from vault.decrypted_secrets where name = 'rotating'"
    )
    expect(read.rows).toEqual([{ decrypted_secret: 'v2', description: 'kept', later: true }])
  })

  it('is closed to the API roles', async () => {
    for (const role of ['anon', 'authenticated', 'service_role'] as const) {
      await expect(
        asRequest(db.pool, { role, claims: { role } }, (client) => client.query('select decrypted_secret from vault.decrypted_secrets'))
      ).rejects.toMatchObject({
        code: '42501'
      })
      await expect(
        asRequest(db.pool, { role, claims: { role } }, (client) => client.query("select vault.create_secret('x', 'from-api')"))
      ).rejects.toMatchObject({
        code: '42501'
      })
    }
  })

  it('putVaultSecrets creates missing secrets and updates existing ones', async () => {
    await putVaultSecrets(db.pool, { project_url: 'http://127.0.0.1:1', service_role_key: 'k1' })
    await putVaultSecrets(db.pool, { project_url: 'http://127.0.0.1:2' })
    const { rows } = await db.pool.query(
      "select name, decrypted_secret from vault.decrypted_secrets where name in ('project_url', 'service_role_key') order by name"
    )
    expect(rows).toEqual([
      { name: 'project_url', decrypted_secret: 'http://127.0.0.1:2' },
      { name: 'service_role_key', decrypted_secret: 'k1' }
    ])
  })
})
