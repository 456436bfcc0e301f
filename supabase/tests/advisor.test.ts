import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'

// Supabase's Security Advisor (the splinter lints) restated as our own queries over the
// migrated schema, so a new migration cannot bring back a finding the Advisor would report
// on a hosted project. Each query returns the offending objects; every one must be empty.

/** The schemas PostgREST serves on a Supabase project (besides Supabase's graphql_public). */
const EXPOSED = ['public']

/**
 * Schemas Supabase and its extensions own; the Advisor does not look into them. The local
 * stack adds realtime_local, its stand-in for the Realtime service's internals.
 */
const SYSTEM = [
  'auth',
  'cron',
  'extensions',
  'graphql',
  'graphql_public',
  'information_schema',
  'net',
  'pgbouncer',
  'pg_catalog',
  'pgsodium',
  'pgsodium_masks',
  'realtime',
  'realtime_local',
  'storage',
  'supabase_functions',
  'supabase_migrations',
  'vault'
]

/**
 * The SECURITY DEFINER functions of the API that signed-in users may call: each checks its
 * caller first. The table "SECURITY DEFINER functions signed-in users may call" in
 * docs/schema.md says why each one needs its owner's rights; adding a name here without a
 * row there fails below.
 */
const AUTHENTICATED_DEFINER_ALLOWLIST = [
  'accept_invitation',
  'change_claim_status',
  'change_member_role',
  'create_organization',
  'deactivate_member',
  'delete_conversation',
  'identity_verification_status',
  'invite_member',
  'issue_claim_access_token',
  'mark_read',
  'operations_backlog',
  'operations_report',
  'operations_report_csv',
  'peek_access_token',
  'push_caller',
  'rate_conversation',
  'reactivate_member',
  'realtime_topic',
  'redeem_access_token',
  'render_reply_template',
  'request_transcript',
  'resend_invitation',
  'revoke_access_token',
  'revoke_claim_access_token',
  'revoke_invitation',
  'rotate_access_token',
  'rotate_identity_secret',
  'send_message',
  'send_system_alert',
  'set_identity_verification_required',
  'set_typing',
  'start_conversation',
  'update_customer_details'
]

const list = (names: string[]) => `array[${names.map(pg.escapeLiteral).join(', ')}]`
/** Whether the schema (an oid expression) is one the API serves. */
const exposed = (schema: string) => `${schema}::regnamespace::text = any (${list(EXPOSED)})`
/** Whether the schema is ours rather than Supabase's. */
const ours = (schema: string) => `${schema}::regnamespace::text <> all (${list(SYSTEM)})`
/** Objects an extension created are the extension's to fix. */
const notFromExtension = (oid: string) => `not exists (select 1 from pg_depend d where d.objid = ${oid} and d.deptype = 'e')`

const LINTS: Record<string, string> = {
  // A view runs as its owner (RLS bypassed) unless it is security_invoker. Stricter than the
  // Advisor, which counts only views the API roles may read: a grant is one line away.
  security_definer_view: `
    select c.oid::regclass::text as name from pg_class c
    where c.relkind = 'v' and ${exposed('c.relnamespace')} and ${notFromExtension('c.oid')}
      and not coalesce(lower(array_to_string(c.reloptions, ',')) ~ '(^|,)security_invoker=(1|true|yes|on)(,|$)', false)`,

  anon_security_definer_function_executable: `
    select p.proname as name from pg_proc p
    where p.prosecdef and ${exposed('p.pronamespace')} and has_function_privilege('anon', p.oid, 'execute')`,

  // Never empty: compared with the allowlist below.
  authenticated_security_definer_function_executable: `
    select p.proname as name from pg_proc p
    where p.prosecdef and ${exposed('p.pronamespace')} and has_function_privilege('authenticated', p.oid, 'execute')
    order by p.proname`,

  function_search_path_mutable: `
    select p.oid::regprocedure::text as name from pg_proc p
    where ${ours('p.pronamespace')} and ${notFromExtension('p.oid')}
      and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) as s where s like 'search_path=%')`,

  // Stricter than the Advisor in the same way: every table, granted or not.
  rls_disabled_in_public: `
    select c.oid::regclass::text as name from pg_class c
    where c.relkind in ('r', 'p') and not c.relrowsecurity and ${exposed('c.relnamespace')}`,

  rls_enabled_no_policy: `
    select c.oid::regclass::text as name from pg_class c
    where c.relkind = 'r' and c.relrowsecurity and ${ours('c.relnamespace')} and ${notFromExtension('c.oid')}
      and not exists (select 1 from pg_policy p where p.polrelid = c.oid)`,

  policy_exists_rls_disabled: `
    select c.oid::regclass::text as name from pg_class c
    where c.relkind = 'r' and not c.relrowsecurity and ${ours('c.relnamespace')} and ${notFromExtension('c.oid')}
      and exists (select 1 from pg_policy p where p.polrelid = c.oid)`,

  // Every permissive policy runs for every row: two for the same role and command cost two.
  multiple_permissive_policies: `
    select c.oid::regclass::text || ' ' || r.rolname || ' ' || cmd || ': ' || string_agg(p.polname, ', ' order by p.polname) as name
    from pg_policy p
    join pg_class c on c.oid = p.polrelid
    join pg_roles r on r.oid = any (p.polroles) or p.polroles = '{0}'
    cross join lateral unnest(case p.polcmd
      when 'r' then array['select'] when 'a' then array['insert'] when 'w' then array['update']
      when 'd' then array['delete'] else array['select', 'insert', 'update', 'delete'] end) as cmd
    where p.polpermissive and c.relkind = 'r' and ${ours('c.relnamespace')} and ${notFromExtension('c.oid')}
      and r.rolname !~ '^pg_' and r.rolname !~ '^supabase.*admin$' and not r.rolbypassrls
    group by c.oid, r.rolname, cmd
    having count(*) > 1`,

  extension_in_public: `
    select e.extname as name from pg_extension e
    where e.extnamespace = 'public'::regnamespace and e.extname <> 'plpgsql'`,

  // A foreign key is covered when an index starts with all of its columns, in order.
  unindexed_foreign_keys: `
    select k.conrelid::regclass::text || '.' || k.conname as name from pg_constraint k
    where k.contype = 'f' and ${ours('k.connamespace')} and ${notFromExtension('k.conrelid')}
      and not exists (
        select 1 from pg_index i
        where i.indrelid = k.conrelid and i.indisvalid
          and (string_to_array(i.indkey::text, ' ')::smallint[])[1:cardinality(k.conkey)] = k.conkey
      )`
}

let db: TestDatabase

beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db.drop())

async function lint(name: string, client: pg.Pool | pg.PoolClient = db.pool): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(LINTS[name]!)
  return rows.map((row) => row.name)
}

describe('Security Advisor', () => {
  for (const name of Object.keys(LINTS).filter((key) => key !== 'authenticated_security_definer_function_executable')) {
    it(`finds nothing for ${name}`, async () => {
      expect(await lint(name)).toEqual([])
    })
  }

  it('lets signed-in users execute only the allowlisted SECURITY DEFINER functions of the API', async () => {
    expect(await lint('authenticated_security_definer_function_executable')).toEqual(AUTHENTICATED_DEFINER_ALLOWLIST)
  })

  it('documents why each allowlisted function runs as its owner', async () => {
    const page = await readFile(new URL('../../docs/schema.md', import.meta.url), 'utf8')
    const section = page.split('### SECURITY DEFINER functions signed-in users may call')[1]?.split(/\n#{2,3} /)[0] ?? ''
    const documented = [...section.matchAll(/^\| `([a-z_]+)`/gm)].map((match) => match[1]).sort()
    expect(documented).toEqual(AUTHENTICATED_DEFINER_ALLOWLIST)
  })

  it('the lints see what they look for (a scratch schema with one finding each)', async () => {
    const client = await db.pool.connect()
    try {
      await client.query('begin')
      await client.query(`
        create extension if not exists pg_trgm with schema public;
        create table public.advisor_probe (id int primary key, parent int references public.advisor_probe (id));
        create policy advisor_probe_a on public.advisor_probe for select to authenticated using (true);
        create policy advisor_probe_b on public.advisor_probe for select to authenticated using (true);
        create table public.advisor_locked (id int primary key);
        alter table public.advisor_locked enable row level security;
        create view public.advisor_view as select 1 as one;
        create function public.advisor_definer() returns int language sql security definer as 'select 1';
        grant execute on function public.advisor_definer() to anon, authenticated;`)
      const found: Record<string, string[]> = {}
      for (const name of Object.keys(LINTS)) {
        found[name] = (await lint(name, client)).filter((row) => row.includes('advisor_') || row === 'pg_trgm')
      }
      expect(found).toEqual({
        security_definer_view: ['advisor_view'],
        anon_security_definer_function_executable: ['advisor_definer'],
        authenticated_security_definer_function_executable: ['advisor_definer'],
        function_search_path_mutable: ['advisor_definer()'],
        rls_disabled_in_public: ['advisor_probe'],
        rls_enabled_no_policy: ['advisor_locked'],
        policy_exists_rls_disabled: ['advisor_probe'],
        multiple_permissive_policies: ['advisor_probe authenticated select: advisor_probe_a, advisor_probe_b'],
        extension_in_public: ['pg_trgm'],
        unindexed_foreign_keys: ['advisor_probe.advisor_probe_parent_fkey']
      })
    } finally {
      await client.query('rollback')
      client.release()
    }
  })
})
