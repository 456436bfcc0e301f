-- Scheduled jobs are plain SQL functions. Supabase runs them with pg_cron; where pg_cron
-- is not available (the local stack) a `cron` schema with the same cron.schedule signature
-- is provided and runs them itself, and without either they simply are not scheduled.

-- A row a job could not process. Jobs, the dispatcher's RPCs and the push triggers skip such
-- a row and carry on with the others, leaving one line here per (job, subject) with the
-- latest error and how often it happened. Admins read their organization's lines; operators
-- read everything (SQL editor, service_role).
create table public.job_failures (
  id uuid primary key default gen_random_uuid(),
  job text not null check (char_length(job) between 1 and 100),
  organization_id uuid references public.organizations (id) on delete cascade,
  -- What failed, e.g. 'warranty <id>' or 'outbox <id>'.
  subject text not null check (char_length(subject) between 1 and 300),
  sqlstate text,
  error text not null check (char_length(error) <= 1000),
  occurrences integer not null default 1 check (occurrences >= 1),
  first_failed_at timestamptz not null default now(),
  last_failed_at timestamptz not null default now(),
  unique (job, subject)
);
create index job_failures_organization_id_idx on public.job_failures (organization_id, last_failed_at desc);
alter table public.job_failures enable row level security;
create policy job_failures_select_admin on public.job_failures
  for select to authenticated using (private.is_admin(organization_id));
revoke all on public.job_failures from anon;
revoke insert, update, delete, truncate on public.job_failures from authenticated;

-- Called from an EXCEPTION handler. Never raises: if even the record cannot be written, the
-- failure still reaches the server log.
create function private.record_job_failure(p_job text, p_org uuid, p_subject text, p_sqlstate text, p_error text) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  raise warning 'parley job % skipped %: % (%)', p_job, p_subject, p_error, p_sqlstate;
  insert into public.job_failures as f (job, organization_id, subject, sqlstate, error)
  values (left(p_job, 100), p_org, left(p_subject, 300), p_sqlstate, left(coalesce(p_error, 'unknown error'), 1000))
  on conflict on constraint job_failures_job_subject_key do update
    set organization_id = coalesce(excluded.organization_id, f.organization_id),
        sqlstate = excluded.sqlstate,
        error = excluded.error,
        occurrences = f.occurrences + 1,
        last_failed_at = now();
exception when others then
  raise warning 'parley job % could not record its failure on %: %', p_job, p_subject, sqlerrm;
end
$$;

-- Row by row, so one row that cannot be deleted (a trigger, a lock timeout) is recorded and
-- the rest still go.
create function public.cleanup_typing_indicators() returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  t record;
  removed integer := 0;
begin
  for t in
    select i.conversation_id, i.user_type, i.user_id from public.typing_indicators i
    where i.expires_at < now()
    for update skip locked
  loop
    begin
      delete from public.typing_indicators i
      where i.conversation_id = t.conversation_id and i.user_type = t.user_type and i.user_id = t.user_id;
      removed := removed + 1;
    exception when others then
      perform private.record_job_failure('cleanup_typing_indicators',
        (select c.organization_id from public.chat_conversations c where c.id = t.conversation_id),
        format('typing %s %s %s', t.conversation_id, t.user_type, t.user_id), sqlstate, sqlerrm);
    end;
  end loop;
  return removed;
end
$$;

-- Stamps expiry_notified_at on warranties expiring within `days`; the stamp is what
-- enqueues the staff notifications (see the push migration), so each warranty is
-- announced once whichever runner calls this. One warranty per subtransaction: a warranty
-- whose stamp fails is recorded and left for the next run, the other dealers' still go.
create function public.enqueue_warranty_expiring(days integer default 30) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  w record;
  stamped integer := 0;
begin
  if days is null or days not between 0 and 365 then
    perform private.fail('INVALID_INPUT', 'days must be between 0 and 365');
  end if;
  for w in
    select x.id, x.organization_id from public.warranties x
    where x.expiry_notified_at is null
      and x.expires_on >= current_date
      and x.expires_on <= current_date + days
    order by x.expires_on, x.id
    for update skip locked
  loop
    begin
      update public.warranties x set expiry_notified_at = now() where x.id = w.id;
      stamped := stamped + 1;
    exception when others then
      perform private.record_job_failure('enqueue_warranty_expiring', w.organization_id, format('warranty %s', w.id), sqlstate, sqlerrm);
    end;
  end loop;
  return stamped;
end
$$;

revoke all on function public.cleanup_typing_indicators(), public.enqueue_warranty_expiring(integer)
  from public, anon, authenticated;
grant execute on function public.cleanup_typing_indicators(), public.enqueue_warranty_expiring(integer)
  to service_role;
revoke all on function private.record_job_failure(text, uuid, text, text, text) from public, anon, authenticated;

do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    create extension if not exists pg_cron;
  end if;
  if exists (select 1 from pg_namespace where nspname = 'cron') then
    perform cron.schedule('parley-typing-cleanup', '30 seconds', 'select public.cleanup_typing_indicators()');
    perform cron.schedule('parley-warranty-expiring', '0 8 * * *', 'select public.enqueue_warranty_expiring(30)');
    -- pg_cron never empties its run history, and the 10-second jobs add thousands of rows a day.
    perform cron.schedule('parley-cron-history-purge', '17 3 * * *',
      $job$delete from cron.job_run_details where end_time < now() - interval '7 days'$job$);
  end if;
end
$$;
