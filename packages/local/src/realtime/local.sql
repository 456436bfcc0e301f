-- Local-only objects behind the Realtime service (packages/local/src/realtime). Applied after
-- bootstrap.sql on every start, so everything here is idempotent. Broadcast rows are read from
-- the WAL as on Supabase; for postgres_changes, triggers hand the server ids through
-- LISTEN/NOTIFY and the server fetches the rows, so payloads never hit NOTIFY's 8000-byte limit.

create schema if not exists realtime_local;
revoke all on schema realtime_local from public;

-- Broadcast from the database: the Realtime service reads committed rows of realtime.messages
-- from the WAL through this publication, as hosted Realtime does (database-broadcast.ts).
do $$
begin
  if not exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime_messages_publication') then
    create publication supabase_realtime_messages_publication for table realtime.messages with (publish = 'insert');
  end if;
end
$$;
-- Data directories from before the WAL: their rows were announced by a trigger and NOTIFY.
drop trigger if exists realtime_local_announce on realtime.messages;
drop function if exists realtime_local.announce_message();

-- postgres_changes: row images of the tables in the supabase_realtime publication, kept a
-- couple of minutes so every server on the database can read them (restarts overlap).
create unlogged table if not exists realtime_local.changes (
  id bigint generated always as identity primary key,
  relid oid not null,
  action text not null,
  new_row jsonb,
  old_row jsonb,
  captured_at timestamptz not null default clock_timestamp()
);
create index if not exists changes_captured_at_index on realtime_local.changes (captured_at);

create or replace function realtime_local.capture_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  change_id bigint;
begin
  insert into realtime_local.changes (relid, action, new_row, old_row)
  values (
    tg_relid, tg_op,
    case when tg_op <> 'DELETE' then pg_catalog.to_jsonb(new) end,
    case when tg_op <> 'INSERT' then pg_catalog.to_jsonb(old) end
  )
  returning id into change_id;
  perform pg_catalog.pg_notify('realtime_local_changes', change_id::text);
  return null;
end
$$;

-- Keeps one capture trigger on each table of the publication, for the operations it publishes.
create or replace function realtime_local.sync_capture_triggers() returns void
language plpgsql security definer set search_path = '' as $$
declare
  events text;
  target record;
begin
  -- pg_get_triggerdef prints events in the order INSERT, DELETE, UPDATE.
  select concat_ws(' OR ',
           case when p.pubinsert then 'INSERT' end,
           case when p.pubdelete then 'DELETE' end,
           case when p.pubupdate then 'UPDATE' end)
    into events
    from pg_catalog.pg_publication p
   where p.pubname = 'supabase_realtime';

  for target in
    select t.oid, t.tgrelid::regclass as rel
      from pg_catalog.pg_trigger t
     where t.tgname = 'realtime_local_capture'
       and (coalesce(events, '') = '' or not exists (
             select 1 from pg_catalog.pg_publication_tables pt
              where pt.pubname = 'supabase_realtime'
                and pg_catalog.format('%I.%I', pt.schemaname, pt.tablename)::regclass = t.tgrelid))
  loop
    execute pg_catalog.format('drop trigger realtime_local_capture on %s', target.rel);
  end loop;

  if coalesce(events, '') = '' then
    return;
  end if;

  for target in
    select c.oid::regclass as rel, c.oid
      from pg_catalog.pg_publication_tables pt
      join pg_catalog.pg_class c on c.oid = pg_catalog.format('%I.%I', pt.schemaname, pt.tablename)::regclass
     where pt.pubname = 'supabase_realtime' and c.relkind = 'r' and pt.schemaname <> 'realtime_local'
  loop
    if not exists (
      select 1 from pg_catalog.pg_trigger t
       where t.tgrelid = target.oid and t.tgname = 'realtime_local_capture'
         and pg_catalog.pg_get_triggerdef(t.oid) like '% AFTER ' || events || ' ON %'
    ) then
      execute pg_catalog.format(
        'create or replace trigger realtime_local_capture after %s on %s for each row execute function realtime_local.capture_change()',
        events, target.rel);
    end if;
  end loop;
end
$$;

create or replace function realtime_local.on_publication_ddl() returns event_trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform realtime_local.sync_capture_triggers();
end
$$;

drop event trigger if exists realtime_local_publication_sync;
create event trigger realtime_local_publication_sync on ddl_command_end
  when tag in ('CREATE PUBLICATION', 'ALTER PUBLICATION', 'DROP PUBLICATION', 'CREATE TABLE')
  execute function realtime_local.on_publication_ddl();

select realtime_local.sync_capture_triggers();

-- What each subscriber of one change may see, the way Supabase's realtime.apply_rls decides it:
-- columns the role may SELECT, filters typed by the column, RLS checked as the subscriber (role
-- and claims) against the row as it stands now, DELETEs not RLS-checked and reduced to the
-- primary key when RLS is on. `subscribers` is [{role, claims, filters: [[column, op, value]]}];
-- one row comes back per role with the indexes (0-based) of the subscribers who see it.
create or replace function realtime_local.change_payloads(change_id bigint, subscribers jsonb)
returns table (visible_to int[], change jsonb)
language plpgsql as $$
declare
  ch realtime_local.changes;
  entity regclass;
  schema_name text;
  table_name text;
  rls boolean;
  full_identity boolean;
  pk text[];
  pk_match text;
  identity jsonb;
  subject jsonb;
  sub jsonb;
  idx int := -1;
  sub_role text;
  filter jsonb;
  op text;
  column_type text;
  visible boolean;
  verdicts jsonb := '{}';
  verdict_key text;
  bodies jsonb := '{}';
  audiences jsonb := '{}';
  selectable text[];
  role_columns jsonb;
  body jsonb;
  role_name text;
  audience text;
  selected jsonb;
begin
  select * into ch from realtime_local.changes c where c.id = change_id;
  if not found then
    return;
  end if;
  select c.oid::regclass, n.nspname, c.relname, c.relrowsecurity, c.relreplident = 'f'
    into entity, schema_name, table_name, rls, full_identity
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where c.oid = ch.relid;
  if not found then
    return;
  end if;

  select array_agg(a.attname::text order by a.attnum) into pk
    from pg_catalog.pg_index x
    join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey)
   where x.indrelid = ch.relid and x.indisprimary;
  if pk is null then
    return; -- Supabase answers "Error 400: Bad Request, no primary key"; nothing to match rows by.
  end if;
  select string_agg(pg_catalog.format('t.%1$I is not distinct from r.%1$I', k), ' and ') into pk_match from unnest(pk) k;

  if ch.old_row is not null then
    identity := case when full_identity then ch.old_row
                     else (select jsonb_object_agg(k, ch.old_row -> k) from unnest(pk) k) end;
  end if;
  subject := case when ch.action = 'DELETE' then identity else ch.new_row end;

  for sub in select value from jsonb_array_elements(subscribers) loop
    idx := idx + 1;
    sub_role := sub ->> 'role';
    visible := true;

    for filter in select value from jsonb_array_elements(coalesce(sub -> 'filters', '[]')) loop
      exit when not visible;
      select pg_catalog.format_type(a.atttypid, a.atttypmod) into column_type
        from pg_catalog.pg_attribute a
       where a.attrelid = ch.relid and a.attname = filter ->> 0 and a.attnum > 0 and not a.attisdropped;
      if column_type is null then
        visible := false;
        exit;
      end if;
      op := case filter ->> 1 when 'eq' then '=' when 'neq' then '<>' when 'lt' then '<' when 'lte' then '<='
                              when 'gt' then '>' when 'gte' then '>=' when 'like' then 'like' when 'ilike' then 'ilike'
                              when 'match' then '~' when 'imatch' then '~*' when 'isdistinct' then 'is distinct from'
                              else filter ->> 1 end;
      begin
        if op = 'in' then
          execute pg_catalog.format('select r.%I = any($2::%s[]) from jsonb_populate_record(null::%s, $1) r',
                                    filter ->> 0, column_type, entity)
             into visible using subject, '{' || substr(filter ->> 2, 2, length(filter ->> 2) - 2) || '}';
        elsif op = 'is' then
          -- PostgREST's `is`: null, true, false or unknown, nothing else.
          if lower(filter ->> 2) not in ('null', 'true', 'false', 'unknown') then
            visible := false;
          else
            execute pg_catalog.format('select r.%I is %s from jsonb_populate_record(null::%s, $1) r',
                                      filter ->> 0, lower(filter ->> 2), entity)
               into visible using subject;
          end if;
        elsif op in ('like', 'ilike', '~', '~*') then
          execute pg_catalog.format('select r.%I::text %s $2 from jsonb_populate_record(null::%s, $1) r',
                                    filter ->> 0, op, entity)
             into visible using subject, filter ->> 2;
        elsif op in ('=', '<>', '<', '<=', '>', '>=', 'is distinct from') then
          execute pg_catalog.format('select r.%I %s $2::%s from jsonb_populate_record(null::%s, $1) r',
                                    filter ->> 0, op, column_type, entity)
             into visible using subject, filter ->> 2;
        else
          visible := false;
        end if;
        -- `not.` negates the comparison; a comparison with NULL stays unmatched either way.
        visible := coalesce(case when (filter ->> 3)::boolean then not visible else visible end, false);
      exception when others then
        visible := false;
      end;
    end loop;

    if visible and not pg_catalog.has_any_column_privilege(sub_role, entity, 'SELECT') then
      visible := false;
    end if;

    if visible and rls and ch.action <> 'DELETE' then
      verdict_key := sub_role || ' ' || (sub -> 'claims')::text;
      if verdicts ? verdict_key then
        visible := (verdicts ->> verdict_key)::boolean;
      else
        begin
          perform set_config('role', sub_role, true),
                  set_config('request.jwt.claims', (sub -> 'claims')::text, true),
                  set_config('request.jwt.claim.sub', coalesce(sub -> 'claims' ->> 'sub', ''), true),
                  set_config('request.jwt.claim.role', sub_role, true);
          execute pg_catalog.format('select exists (select 1 from %s t, jsonb_populate_record(null::%s, $1) r where %s)',
                                    entity, entity, pk_match)
             into visible using ch.new_row;
          perform set_config('role', null, true);
        exception when others then
          visible := false;
        end;
        verdicts := verdicts || jsonb_build_object(verdict_key, visible);
      end if;
    end if;

    if visible then
      -- One body per role and `select` list: what differs between subscribers' payloads.
      audience := jsonb_build_array(sub_role, sub -> 'select')::text;
      audiences := jsonb_set(audiences, array[audience], coalesce(audiences -> audience, '[]') || to_jsonb(idx));
    end if;
  end loop;

  for audience in select jsonb_object_keys(audiences) loop
    role_name := audience::jsonb ->> 0;
    selected := audience::jsonb -> 1;
    -- A `select` list keeps those columns and the primary key (an empty list: the key alone).
    select array_agg(a.attname::text order by a.attnum),
           jsonb_agg(jsonb_build_object('name', a.attname, 'type', t.typname) order by a.attnum)
      into selectable, role_columns
      from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
     where a.attrelid = ch.relid and a.attnum > 0 and not a.attisdropped
       and pg_catalog.has_column_privilege(role_name, entity, a.attname, 'SELECT')
       and (jsonb_typeof(selected) is distinct from 'array' or selected ? a.attname or a.attname = any(pk));

    body := jsonb_build_object(
      'schema', schema_name,
      'table', table_name,
      'commit_timestamp', to_char(ch.captured_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'type', ch.action,
      'columns', coalesce(role_columns, '[]'),
      'errors', null
    );
    if ch.action in ('INSERT', 'UPDATE') then
      body := body || jsonb_build_object('record',
        coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(ch.new_row) e where e.key = any(selectable)), '{}'));
    end if;
    if ch.action in ('UPDATE', 'DELETE') then
      body := body || jsonb_build_object('old_record',
        coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(identity) e
                   where e.key = any(selectable)
                     and (ch.action = 'UPDATE' or not rls or e.key = any(pk))), '{}'));
    end if;

    visible_to := array(select jsonb_array_elements_text(audiences -> audience)::int);
    change := body;
    return next;
  end loop;
end
$$;
revoke all on function realtime_local.change_payloads(bigint, jsonb) from public;

create or replace function realtime_local.forget_old_changes() returns void
language sql security definer set search_path = '' as $$
  delete from realtime_local.changes where captured_at < now() - interval '2 minutes';
$$;
