import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalStackError } from '../src/db/errors.ts'
import { pushMigrations } from '../src/db/migrate.ts'
import { cliDatabaseUrl, runSupabaseCli, supabaseCli } from '../src/db/supabase-cli.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'

// The database as a Supabase project has it: migrations run as the non-superuser postgres
// through the real Supabase CLI, and what Supabase refuses is refused here.
const repoSupabase = resolve(import.meta.dirname, '../../../supabase')

let db: TestDatabase
let dir: string
beforeAll(async () => {
  db = await createTestDatabase()
  dir = await mkdtemp(join(tmpdir(), 'parley-hosted-'))
})
afterAll(async () => {
  await db.drop()
  await rm(dir, { recursive: true, force: true })
})

/** A connection as `supabase db push` makes it: logged in as cli_login_postgres, then SET SESSION ROLE postgres. */
async function asPostgres<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: cliDatabaseUrl(db.url) })
  await client.connect()
  try {
    await client.query('set session role postgres')
    return await work(client)
  } finally {
    await client.end()
  }
}

async function refusal(sql: string): Promise<{ code?: string; message: string } | undefined> {
  return asPostgres(async (client) => {
    await client.query('begin')
    try {
      await client.query(sql)
      return undefined
    } catch (error) {
      return { code: (error as { code?: string }).code, message: (error as Error).message }
    } finally {
      await client.query('rollback')
    }
  })
}

/** A copy of the project's supabase/ with one more migration, for `supabase db push` to apply. */
async function projectWith(name: string, sql: string): Promise<{ supabaseDir: string; file: string }> {
  const supabaseDir = join(dir, name, 'supabase')
  await cp(join(repoSupabase, 'migrations'), join(supabaseDir, 'migrations'), { recursive: true })
  const file = join(supabaseDir, 'migrations', `20990101000000_${name}.sql`)
  await writeFile(file, sql)
  return { supabaseDir, file }
}

describe('roles as on Supabase', () => {
  it('makes postgres a non-superuser with CREATEROLE and BYPASSRLS, and supabase_admin the superuser', async () => {
    const { rows } = await db.pool.query(
      "select rolname, rolsuper, rolcreaterole, rolbypassrls from pg_roles where rolname in ('postgres', 'supabase_admin') order by rolname"
    )
    expect(rows).toEqual([
      { rolname: 'postgres', rolsuper: false, rolcreaterole: true, rolbypassrls: true },
      { rolname: 'supabase_admin', rolsuper: true, rolcreaterole: true, rolbypassrls: true }
    ])
    const member = await db.pool.query(
      "select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid where m.member = 'postgres'::regrole and m.admin_option order by 1"
    )
    expect(member.rows.map((row) => row.rolname)).toEqual(['anon', 'authenticated', 'service_role'])
  })

  it('leaves the Supabase schemas to supabase_admin and their tables to each service', async () => {
    const { rows } = await db.pool.query(
      `select n.nspname, n.nspowner::regrole::text as schema_owner, c.relowner::regrole::text as table_owner
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.oid in ('auth.users'::regclass, 'storage.objects'::regclass, 'realtime.messages'::regclass) order by 1`
    )
    expect(rows).toEqual([
      { nspname: 'auth', schema_owner: 'supabase_admin', table_owner: 'supabase_auth_admin' },
      { nspname: 'realtime', schema_owner: 'supabase_admin', table_owner: 'supabase_realtime_admin' },
      { nspname: 'storage', schema_owner: 'supabase_admin', table_owner: 'supabase_storage_admin' }
    ])
  })

  it('owns what the migrations created, and grants it to the API roles by default', async () => {
    const { rows } = await db.pool.query("select tableowner from pg_tables where schemaname = 'public' group by 1")
    expect(rows).toEqual([{ tableowner: 'postgres' }])
    await asPostgres((client) => client.query('create table public.hosted_default_grants (id int)'))
    const grants = await db.pool.query(
      "select grantee from information_schema.role_table_grants where table_name = 'hosted_default_grants' and privilege_type = 'SELECT' order by 1"
    )
    expect(grants.rows.map((row) => row.grantee)).toEqual(['anon', 'authenticated', 'postgres', 'service_role'])
  })

  it("refuses to reshape Auth's tables: not their owner", async () => {
    expect(await refusal('alter table auth.users owner to postgres')).toMatchObject({
      code: '42501',
      message: 'must be owner of table users'
    })
    expect(await refusal('alter table auth.users add column nickname text')).toMatchObject({ code: '42501' })
    expect(await refusal('create policy p on auth.users for select using (true)')).toMatchObject({ code: '42501' })
    expect(await refusal('create table auth.extra (id int)')).toMatchObject({ code: '42501' })
  })

  it('creates, alters and drops policies on storage.objects and realtime.messages, and nothing else there', async () => {
    for (const table of ['storage.objects', 'realtime.messages']) {
      expect(
        await refusal(`create policy hosted_probe on ${table} for select to authenticated using (true);
                       alter policy hosted_probe on ${table} using (false);
                       drop policy hosted_probe on ${table}`)
      ).toBeUndefined()
      expect(await refusal(`alter table ${table} add column probe int`)).toMatchObject({
        code: '42501',
        message: expect.stringMatching(/^must be owner of /)
      })
      expect(await refusal(`alter table ${table} disable row level security`)).toMatchObject({ code: '42501' })
      expect(
        await refusal(`create trigger probe before insert on ${table} for each row execute function storage.protect_delete()`)
      ).toMatchObject({ code: '42501' })
      expect(await refusal(`drop table ${table}`)).toMatchObject({ code: '42501' })
    }
    expect(await refusal('drop trigger protect_objects_delete on storage.objects')).toMatchObject({ code: '42501' })
    expect(await refusal('create policy hosted_probe on storage.buckets for select using (true)')).toMatchObject({ code: '42501' })
    expect(await refusal('drop policy parley_attachments_select on storage.objects')).toBeUndefined()
  })

  it("puts extensions on postgres's own search path, which `supabase db push` does not apply", async () => {
    const login = new pg.Client({
      connectionString: Object.assign(new URL(db.url), { username: 'postgres', password: 'postgres' }).toString()
    })
    await login.connect()
    try {
      expect((await login.query('show search_path')).rows[0].search_path).toBe('"$user", public, extensions')
      expect((await login.query("select crypt('x', gen_salt('bf')) <> '' as ok")).rows[0].ok).toBe(true)
    } finally {
      await login.end()
    }
    expect(await asPostgres(async (client) => (await client.query('show search_path')).rows[0].search_path)).toBe('"$user", public')
  })
})

describe('migrations through the Supabase CLI', () => {
  it('is the real CLI, pinned', async () => {
    const launcher = supabaseCli()
    expect(launcher).toBeDefined()
    expect((await runSupabaseCli(launcher!, dir, ['--version'])).output.trim()).toBe('2.117.0')
  })

  it('lists every migration as applied (`supabase migration list`)', async () => {
    const project = await projectWith('listed', 'select 1;\n')
    const { code, output } = await runSupabaseCli(supabaseCli()!, resolve(project.supabaseDir, '..'), [
      'migration',
      'list',
      '--db-url',
      cliDatabaseUrl(db.url)
    ])
    expect(code).toBe(0)
    const { rows } = await db.pool.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by 1')
    expect(rows.length).toBeGreaterThanOrEqual(10)
    for (const { version } of rows) expect(output).toMatch(new RegExp(`^\\s*\`${version}\`\\s*\\|\\s*\`${version}\`\\s*\\|`, 'm'))
    expect(output).toMatch(/^\s*`20990101000000`\s*\|\s*` `\s*\|/m)
  })

  it('fails a migration Supabase would refuse, naming its file and line', async () => {
    const clone = await createTestDatabase()
    try {
      const { supabaseDir, file } = await projectWith(
        'refused',
        '-- Needs to own auth.users, which postgres does not.\n\nalter table auth.users\n  add column nickname text;\n'
      )
      const error = await pushMigrations(clone.url, supabaseDir).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(LocalStackError)
      expect((error as Error).message).toBe(`Migration failed at ${file}:3: must be owner of table users (SQLSTATE 42501)`)
      expect(
        (await clone.pool.query("select 1 from supabase_migrations.schema_migrations where version = '20990101000000'")).rowCount
      ).toBe(0)
    } finally {
      await clone.drop()
    }
  })

  it('applies the same way without the CLI installed: as postgres, refused alike, with the file', async () => {
    const clone = await createTestDatabase()
    try {
      const { supabaseDir, file } = await projectWith(
        'in-process',
        'create table public.by_whom as select current_user::text as role, session_user::text as login;\n'
      )
      expect(await pushMigrations(clone.url, supabaseDir, { cli: null })).toEqual(['20990101000000_in-process.sql'])
      expect((await clone.pool.query('select role, login from public.by_whom')).rows).toEqual([
        { role: 'postgres', login: 'cli_login_postgres' }
      ])
      expect((await clone.pool.query("select tableowner from pg_tables where tablename = 'by_whom'")).rows).toEqual([
        { tableowner: 'postgres' }
      ])
      // Without the CLI's statement splitting, the line is known only when PostgreSQL gives a position.
      const refused = file.replace('20990101000000_in-process', '20990101000001_refused')
      await writeFile(refused, 'select 1;\n\nalter table auth.users add column nickname text;\n')
      await expect(pushMigrations(clone.url, supabaseDir, { cli: null })).rejects.toThrow(
        `Migration failed at ${refused}: must be owner of table users`
      )
      await writeFile(refused, 'select 1;\n\nselect * from public.no_such_table;\n')
      await expect(pushMigrations(clone.url, supabaseDir, { cli: null })).rejects.toThrow(
        `Migration failed at ${refused}:3: relation "public.no_such_table" does not exist`
      )
    } finally {
      await clone.drop()
    }
  })

  it('applies as postgres on the port the CLI takes for its own local database (54322, the demo default)', async () => {
    const clone = await createTestDatabase()
    try {
      const { supabaseDir } = await projectWith(
        'cli-local-port',
        'create table public.by_whom as select current_user::text as role, session_user::text as login;\n'
      )
      // config.toml's db.port (54322 unless set) on 127.0.0.1 is the CLI's `supabase start` database to it.
      await writeFile(join(supabaseDir, 'config.toml'), `[db]\nport = ${new URL(clone.url).port}\n`)
      expect(await pushMigrations(clone.url, supabaseDir)).toContain('20990101000000_cli-local-port.sql')
      expect((await clone.pool.query('select role, login from public.by_whom')).rows).toEqual([
        { role: 'postgres', login: 'cli_login_postgres' }
      ])
    } finally {
      await clone.drop()
    }
  })

  it('fails an unqualified extension function in a migration, as `supabase db push` does', async () => {
    const clone = await createTestDatabase()
    try {
      const { supabaseDir, file } = await projectWith('unqualified', "select gen_salt('bf');\n")
      await expect(pushMigrations(clone.url, supabaseDir)).rejects.toThrow(
        `Migration failed at ${file}:1: function gen_salt(unknown) does not exist`
      )
    } finally {
      await clone.drop()
    }
  })
})

describe('Supabase behaviours', () => {
  it('gives a realtime.send payload an id when it has none, and keeps one it has', async () => {
    await db.pool.query(
      `select realtime.send('{"text":"a"}', 'e', 'hosted:ids', true), realtime.send('{"text":"b","id":"mine"}', 'e', 'hosted:ids', true)`
    )
    const { rows } = await db.pool.query(
      "select id::text, payload from realtime.messages where topic = 'hosted:ids' order by payload ->> 'text'"
    )
    expect(rows[0].payload).toEqual({ text: 'a', id: rows[0].id })
    expect(rows[1].payload).toEqual({ text: 'b', id: 'mine' })
  })

  it('refuses a direct DELETE on storage.objects and storage.buckets unless the Storage API flag is set', async () => {
    await db.pool.query("insert into storage.buckets (id, name) values ('hosted-probe', 'hosted-probe')")
    await db.pool.query("insert into storage.objects (bucket_id, name) values ('hosted-probe', 'a.txt')")
    await expect(db.pool.query("delete from storage.objects where bucket_id = 'hosted-probe'")).rejects.toMatchObject({
      code: '42501',
      message: 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
    })
    await expect(db.pool.query("delete from storage.buckets where id = 'hosted-probe'")).rejects.toMatchObject({ code: '42501' })
    const client = await db.pool.connect()
    try {
      await client.query('begin')
      await client.query("select set_config('storage.allow_delete_query', 'true', true)")
      expect((await client.query("delete from storage.objects where bucket_id = 'hosted-probe'")).rowCount).toBe(1)
      expect((await client.query("delete from storage.buckets where id = 'hosted-probe'")).rowCount).toBe(1)
      await client.query('commit')
    } finally {
      client.release()
    }
  })

  it('purges pg_cron run history older than a week, every night', async () => {
    const { rows } = await db.pool.query("select schedule, command, username from cron.job where jobname = 'parley-cron-history-purge'")
    expect(rows).toEqual([
      {
        schedule: '17 3 * * *',
        command: "delete from cron.job_run_details where end_time < now() - interval '7 days'",
        username: 'postgres'
      }
    ])
    await db.pool.query(
      `insert into cron.job_run_details (jobid, status, start_time, end_time) values
         (1, 'succeeded', now() - interval '8 days', now() - interval '8 days'), (1, 'succeeded', now() - interval '1 day', now() - interval '1 day')`
    )
    await asPostgres((client) => client.query(rows[0].command))
    expect((await db.pool.query('select count(*)::int as n from cron.job_run_details')).rows[0].n).toBe(1)
  })
})
