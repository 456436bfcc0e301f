-- Calls the push-dispatch Edge Function every 10 seconds with pg_cron + pg_net, reading the
-- project URL and the service-role key from Vault: Supabase's documented way to run an Edge
-- Function on a schedule. The same job runs on the Parley local stack, whose cron, net and
-- vault shims (packages/local/src/{jobs,net,vault}/local.sql) offer the same SQL, and which
-- writes both secrets into its vault when it starts.
--
-- The job needs two Vault secrets, created once per project (not in a migration: they are
-- per-project values, and the key must never be committed):
--
--   select vault.create_secret('https://<project-ref>.supabase.co', 'project_url');
--   select vault.create_secret('<service role key>', 'service_role_key');
--
-- Until they exist each run returns without calling anything and keeps one line in
-- public.job_failures (job 'push-dispatch') saying so.
--
-- The service-role key is what push-dispatch accepts as bearer, and it also passes the
-- gateway's verify_jwt. Each run is one POST; the dispatcher drains the outbox with FOR UPDATE
-- SKIP LOCKED, so overlapping runs (or a Database Webhook on notification_outbox next to
-- this job) never send a notification twice. pg_net's 5 s default timeout is raised because a
-- cold start plus a full batch can take longer; a timed-out call is only recorded, the
-- dispatcher finishes or its lease lets the next run take over.
--
-- Skipped, without failing, where pg_cron, pg_net or Vault is missing (e.g. plain PostgreSQL):
-- enable them and run the cron.schedule below by hand.

-- One run: a POST to push-dispatch, or nothing while the secrets are missing. Not SECURITY
-- DEFINER: the job runs as the role that scheduled it, which reads Vault and calls pg_net.
create or replace function private.request_push_dispatch() returns bigint
language plpgsql
set search_path = ''
as $$
declare
  project_url text := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url');
  service_role_key text := (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key');
begin
  if project_url is null or service_role_key is null then
    perform private.record_job_failure('push-dispatch', null, 'vault secrets', null,
      'Vault secrets project_url and service_role_key are needed to call push-dispatch');
    return null;
  end if;
  return net.http_post(
    url := project_url || '/functions/v1/push-dispatch',
    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || service_role_key),
    body := '{}'::jsonb,
    timeout_milliseconds := 30000);
end
$$;
revoke all on function private.request_push_dispatch() from public, anon, authenticated;

do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_net with schema extensions;
  end if;
  if exists (select 1 from pg_available_extensions where name = 'supabase_vault') then
    create extension if not exists supabase_vault;
  end if;
  if exists (select 1 from pg_namespace where nspname = 'cron')
    and exists (select 1 from pg_namespace where nspname = 'net')
    and exists (select 1 from pg_namespace where nspname = 'vault') then
    perform cron.schedule('parley-push-dispatch', '10 seconds', 'select private.request_push_dispatch()');
  end if;
end
$$;
