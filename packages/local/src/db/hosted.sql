-- Ownership and privileges as on a Supabase project, applied after every other bootstrap
-- file so that what they created is covered: the Supabase schemas belong to supabase_admin,
-- their tables to the service that runs them, and `postgres`, the role migrations run as, may
-- use them but not reshape them. A migration that Supabase would refuse fails here too.
-- Idempotent: it runs on every start of the local stack.

alter schema auth owner to supabase_admin;
alter schema storage owner to supabase_admin;
alter schema realtime owner to supabase_admin;
alter publication supabase_realtime owner to postgres;
-- Each service's role works in its own schema (foreign keys to auth.users are checked as its owner).
grant all on schema auth to supabase_auth_admin;
grant all on schema storage to supabase_storage_admin;
grant all on schema realtime to supabase_realtime_admin;

do $$
declare
  owners constant jsonb := '{"auth": "supabase_auth_admin", "storage": "supabase_storage_admin", "realtime": "supabase_realtime_admin"}';
  item record;
begin
  -- Sequences owned by a column follow their table.
  for item in
    select n.nspname, c.oid::regclass::text as name,
           case c.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end as kind
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('auth', 'storage', 'realtime')
      and c.relkind in ('r', 'p', 'v', 'm', 'S')
      and not c.relispartition
      and not exists (select 1 from pg_catalog.pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))
      and pg_catalog.pg_get_userbyid(c.relowner) <> owners ->> n.nspname
  loop
    execute format('alter %s %s owner to %I', item.kind, item.name, owners ->> item.nspname);
  end loop;
  for item in
    select n.nspname, p.oid::regprocedure::text as name
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('auth', 'storage', 'realtime')
      and pg_catalog.pg_get_userbyid(p.proowner) <> owners ->> n.nspname
  loop
    execute format('alter routine %s owner to %I', item.name, owners ->> item.nspname);
  end loop;
end
$$;

-- RLS is on for Auth's tables; postgres reads and writes them through BYPASSRLS.
alter table auth.users enable row level security;
alter table auth.identities enable row level security;
alter table auth.sessions enable row level security;
alter table auth.refresh_tokens enable row level security;
alter table auth.mfa_amr_claims enable row level security;

grant usage on schema auth, storage, realtime to postgres;
grant all on all tables in schema auth to postgres;
grant all on all sequences in schema auth to postgres;
grant all on all routines in schema auth to postgres;
grant all on all tables in schema storage to postgres;
grant all on all routines in schema storage to postgres;
grant all on all tables in schema realtime to postgres;
grant all on all routines in schema realtime to postgres;

-- pg_cron, pg_net and Vault: postgres schedules jobs, and the jobs it schedules run as
-- postgres, calling net.http_post and reading the secrets (the local shims stand in for the
-- extensions; with the real ones the extensions' own set-up grants the same).
do $$
begin
  if exists (select 1 from pg_catalog.pg_namespace where nspname = 'cron') then
    grant usage on schema cron to postgres with grant option;
    grant all on all tables in schema cron to postgres with grant option;
    grant all on all sequences in schema cron to postgres with grant option;
    grant all on all routines in schema cron to postgres with grant option;
  end if;
  if exists (select 1 from pg_catalog.pg_namespace where nspname = 'net') then
    grant usage on schema net to postgres;
    grant all on all tables in schema net to postgres;
    grant all on all sequences in schema net to postgres;
    grant execute on all routines in schema net to postgres;
  end if;
  if exists (select 1 from pg_catalog.pg_namespace where nspname = 'vault') then
    grant usage on schema vault to postgres;
    grant select, delete on vault.secrets to postgres;
    grant select on vault.decrypted_secrets to postgres;
    grant execute on all routines in schema vault to postgres;
  end if;
end
$$;

-- Supabase lets postgres create, alter and drop policies on storage.objects and
-- realtime.messages although it does not own them: its supautils extension runs those
-- statements with raised privileges (`policy_grants`). Here postgres inherits the two owner
-- roles (so PostgreSQL's ownership check passes) and this guard refuses, as
-- `must be owner`, every statement other than those on policies of the two tables that
-- reaches an object in the Supabase schemas through that membership.
grant supabase_storage_admin, supabase_realtime_admin to postgres with inherit true, set false;

create or replace function extensions.parley_policy_grants() returns event_trigger
language plpgsql set search_path = '' as $$
declare
  cmd record;
  rel oid;
  target_schema text;
  granted constant text[] := array['storage.objects', 'realtime.messages'];
begin
  if (select rolsuper from pg_catalog.pg_roles where rolname = current_user)
     or current_user in ('supabase_auth_admin', 'supabase_storage_admin', 'supabase_realtime_admin') then
    return;
  end if;
  if tg_event = 'sql_drop' then
    for cmd in select * from pg_catalog.pg_event_trigger_dropped_objects() loop
      -- Triggers, rules, policies and constraints are named schema, table, name.
      target_schema := coalesce(cmd.schema_name, case when cmd.object_type in ('trigger', 'rule', 'policy', 'table constraint') then cmd.address_names[1] end);
      if target_schema in ('auth', 'storage', 'realtime')
         and not (cmd.object_type = 'policy' and cmd.address_names[1] || '.' || cmd.address_names[2] = any (granted)) then
        raise exception 'must be owner of % %', cmd.object_type, cmd.object_identity using errcode = '42501';
      end if;
    end loop;
    return;
  end if;
  for cmd in select * from pg_catalog.pg_event_trigger_ddl_commands() loop
    rel := case cmd.classid
      when 'pg_catalog.pg_class'::regclass then cmd.objid
      when 'pg_catalog.pg_trigger'::regclass then (select tgrelid from pg_catalog.pg_trigger where oid = cmd.objid)
      when 'pg_catalog.pg_rewrite'::regclass then (select ev_class from pg_catalog.pg_rewrite where oid = cmd.objid)
      when 'pg_catalog.pg_constraint'::regclass then (select conrelid from pg_catalog.pg_constraint where oid = cmd.objid)
      when 'pg_catalog.pg_policy'::regclass then (select polrelid from pg_catalog.pg_policy where oid = cmd.objid)
    end;
    target_schema := coalesce(cmd.schema_name, (select relnamespace::regnamespace::text from pg_catalog.pg_class where oid = rel));
    if target_schema in ('auth', 'storage', 'realtime')
       and not (cmd.classid = 'pg_catalog.pg_policy'::regclass and rel::regclass::text = any (granted)) then
      raise exception 'must be owner of % %', cmd.object_type, cmd.object_identity using errcode = '42501';
    end if;
  end loop;
end
$$;

drop event trigger if exists parley_policy_grants;
create event trigger parley_policy_grants on ddl_command_end execute function extensions.parley_policy_grants();
drop event trigger if exists parley_policy_grants_drop;
create event trigger parley_policy_grants_drop on sql_drop execute function extensions.parley_policy_grants();
