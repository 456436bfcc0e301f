-- pg_cron's SQL surface for a PostgreSQL without pg_cron (the embedded one has none):
-- cron.job, cron.job_run_details, cron.schedule and cron.unschedule, so migrations that
-- schedule jobs behind `if exists (select 1 from pg_namespace where nspname = 'cron')`
-- schedule them here too. packages/local/src/jobs/runner.ts runs the jobs. Created only
-- when PostgreSQL cannot offer the real extension (a schema of ours would block its
-- `create extension`); idempotent, as it runs on every start.

do $shim$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    return;
  end if;

  create schema if not exists cron;

  create table if not exists cron.job (
    jobid bigserial primary key,
    schedule text not null,
    command text not null,
    nodename text not null default 'localhost',
    nodeport integer not null default 5432,
    database text not null default current_database(),
    username text not null default current_user,
    active boolean not null default true,
    jobname text unique
  );

  create table if not exists cron.job_run_details (
    jobid bigint,
    runid bigserial primary key,
    job_pid integer,
    database text,
    username text,
    command text,
    status text,
    return_message text,
    start_time timestamptz,
    end_time timestamptz
  );

  -- Same wording as pg_cron ("invalid schedule: ..."), checked when the job is scheduled
  -- rather than when it first fails to run.
  create or replace function cron.assert_valid_schedule(schedule text) returns void
  language plpgsql immutable as $fn$
  declare
    fields text[];
    bounds int[][] := array[[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
    item text;
    parts text[];
    low int;
    high int;
  begin
    if schedule ~* '^\s*\d+\s+seconds?\s*$' then
      if (substring(schedule from '\d+'))::int not between 1 and 59 then
        raise exception 'invalid schedule: %', schedule using errcode = '22023', hint = 'seconds must be between 1 and 59';
      end if;
      return;
    end if;
    fields := regexp_split_to_array(btrim(schedule), '\s+');
    if array_length(fields, 1) is distinct from 5 then
      raise exception 'invalid schedule: %', schedule using errcode = '22023',
        hint = 'use ''<1-59> seconds'' or five cron fields: minute hour day-of-month month day-of-week';
    end if;
    for i in 1..5 loop
      foreach item in array string_to_array(fields[i], ',') loop
        parts := regexp_match(item, '^(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?$');
        if parts is null or parts[4]::int = 0 then
          raise exception 'invalid schedule: %', schedule using errcode = '22023', hint = format('cannot read field %s: %s', i, fields[i]);
        end if;
        if parts[1] <> '*' then
          low := parts[2]::int;
          high := coalesce(parts[3]::int, low);
          if low < bounds[i][1] or high > bounds[i][2] or low > high then
            raise exception 'invalid schedule: %', schedule using errcode = '22023',
              hint = format('field %s must be within %s-%s', i, bounds[i][1], bounds[i][2]);
          end if;
        end if;
      end loop;
    end loop;
  end
  $fn$;

  create or replace function cron.schedule(job_name text, schedule text, command text) returns bigint
  language plpgsql as $fn$
  declare
    id bigint;
  begin
    perform cron.assert_valid_schedule(schedule);
    insert into cron.job (jobname, schedule, command) values (job_name, schedule, command)
    on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command, active = true
    returning jobid into id;
    return id;
  end
  $fn$;

  create or replace function cron.schedule(schedule text, command text) returns bigint
  language plpgsql as $fn$
  declare
    id bigint;
  begin
    perform cron.assert_valid_schedule(schedule);
    insert into cron.job (schedule, command) values (schedule, command) returning jobid into id;
    return id;
  end
  $fn$;

  create or replace function cron.unschedule(job_name text) returns boolean
  language plpgsql as $fn$
  begin
    delete from cron.job where jobname = job_name;
    if not found then
      raise exception 'could not find valid entry for job ''%''', job_name using errcode = '22023';
    end if;
    return true;
  end
  $fn$;

  create or replace function cron.unschedule(job_id bigint) returns boolean
  language plpgsql as $fn$
  begin
    delete from cron.job where jobid = job_id;
    if not found then
      raise exception 'could not find valid entry for job %', job_id using errcode = '22023';
    end if;
    return true;
  end
  $fn$;

  comment on schema cron is 'pg_cron shim of the Parley local stack; jobs run from packages/local/src/jobs/runner.ts';
end
$shim$;
