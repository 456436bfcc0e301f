-- Scheduled jobs are plain SQL functions. Supabase runs them with pg_cron; where pg_cron
-- is not available (the local stack) a `cron` schema with the same cron.schedule signature
-- is provided and runs them itself, and without either they simply are not scheduled.

create function public.cleanup_typing_indicators() returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  removed integer;
begin
  delete from public.typing_indicators t where t.expires_at < now();
  get diagnostics removed = row_count;
  return removed;
end
$$;

-- Stamps expiry_notified_at on warranties expiring within `days`; the stamp is what
-- enqueues the staff notifications (see the push migration), so each warranty is
-- announced once whichever runner calls this.
create function public.enqueue_warranty_expiring(days integer default 30) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  stamped integer;
begin
  if days is null or days not between 0 and 365 then
    perform private.fail('INVALID_INPUT', 'days must be between 0 and 365');
  end if;
  update public.warranties w set expiry_notified_at = now()
  where w.expiry_notified_at is null
    and w.expires_on >= current_date
    and w.expires_on <= current_date + days;
  get diagnostics stamped = row_count;
  return stamped;
end
$$;

revoke all on function public.cleanup_typing_indicators(), public.enqueue_warranty_expiring(integer)
  from public, anon, authenticated;
grant execute on function public.cleanup_typing_indicators(), public.enqueue_warranty_expiring(integer)
  to service_role;

do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    create extension if not exists pg_cron;
  end if;
  if exists (select 1 from pg_namespace where nspname = 'cron') then
    perform cron.schedule('parley-typing-cleanup', '30 seconds', 'select public.cleanup_typing_indicators()');
    perform cron.schedule('parley-warranty-expiring', '0 8 * * *', 'select public.enqueue_warranty_expiring(30)');
  end if;
end
$$;
