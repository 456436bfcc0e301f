-- Push subscriptions, the notification centre and the push outbox. What enqueues into them
-- lives with the push dispatcher (20261124100000_push.sql); this file owns the tables and
-- who may touch them.

-- What push_subscriptions.preferences may hold: only the four kinds, each true or false (a
-- missing kind counts as on). NULL when valid, else what is wrong, worded as the push
-- functions word it. The table's CHECK and the subscription RPCs both use it, so no reader
-- ever meets a value it cannot compare.
create function private.push_preferences_problem(prefs jsonb) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  key text;
  value jsonb;
begin
  if prefs is null or jsonb_typeof(prefs) <> 'object' then
    return 'preferences must be a JSON object';
  end if;
  for key, value in select * from jsonb_each(prefs) loop
    if key not in ('new_messages', 'claim_updates', 'warranty_expiring', 'system_alerts') then
      return format('unknown preference %s (expected new_messages, claim_updates, warranty_expiring, system_alerts)', key);
    end if;
    if jsonb_typeof(value) <> 'boolean' then
      return format('preference %s must be true or false', key);
    end if;
  end loop;
  return null;
end
$$;

create table public.push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- Staff and anonymous customers alike: any auth user.
  user_id uuid not null references auth.users (id) on delete cascade,
  push_token text check (push_token is null or char_length(push_token) <= 8192),
  platform public.push_platform not null,
  endpoint text check (endpoint is null or char_length(endpoint) <= 8192),
  keys jsonb,
  enabled boolean not null default true,
  preferences jsonb not null default
    '{"new_messages": true, "claim_updates": true, "warranty_expiring": true, "system_alerts": true}'::jsonb
    constraint push_subscriptions_preferences_valid check (private.push_preferences_problem(preferences) is null),
  user_agent text check (user_agent is null or char_length(user_agent) <= 500),
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (endpoint is not null or push_token is not null)
);
create index push_subscriptions_user_id_idx on public.push_subscriptions (user_id);
create index push_subscriptions_organization_id_idx on public.push_subscriptions (organization_id);

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  type public.notification_type not null,
  title text not null check (char_length(title) between 1 and 200),
  body text check (body is null or char_length(body) <= 2000),
  data jsonb not null default '{}'::jsonb check (jsonb_typeof(data) = 'object'),
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_user_created_idx on public.notifications (user_id, created_at desc);
create index notifications_user_unread_idx on public.notifications (user_id) where read_at is null;
create index notifications_organization_id_idx on public.notifications (organization_id);

create table public.notification_outbox (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  type public.notification_type not null,
  title text not null check (char_length(title) between 1 and 200),
  body text check (body is null or char_length(body) <= 2000),
  data jsonb not null default '{}'::jsonb check (jsonb_typeof(data) = 'object'),
  claim_status_update_id uuid references public.claim_status_updates (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  locked_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index notification_outbox_pending_idx on public.notification_outbox (next_attempt_at) where status = 'pending';
create index notification_outbox_organization_id_idx on public.notification_outbox (organization_id);
create index notification_outbox_user_id_idx on public.notification_outbox (user_id, created_at desc);
create index notification_outbox_claim_status_update_id_idx on public.notification_outbox (claim_status_update_id);

create trigger push_subscriptions_updated_at before update on public.push_subscriptions
for each row execute function private.set_updated_at();

-- Users may only mark their notifications read, nothing else.
create function private.notification_guard_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_client_statement() and (
    new.id is distinct from old.id or new.organization_id is distinct from old.organization_id
    or new.user_id is distinct from old.user_id or new.type is distinct from old.type
    or new.title is distinct from old.title or new.body is distinct from old.body
    or new.data is distinct from old.data or new.created_at is distinct from old.created_at
  ) then
    perform private.fail('NOT_AUTHORIZED', 'Only read_at of a notification can be changed');
  end if;
  return new;
end
$$;
create trigger notifications_guard_update before update on public.notifications
for each row execute function private.notification_guard_update();

alter table public.push_subscriptions enable row level security;
alter table public.notifications enable row level security;
alter table public.notification_outbox enable row level security;

-- Clients only read their own subscriptions. Every write goes through the push functions
-- (push-register seals the endpoint and checks who may subscribe where), never over REST.
create policy push_subscriptions_select_own on public.push_subscriptions
  for select to authenticated using (user_id = (select auth.uid()));

-- The notification centre is for admin, operations and f_and_i of the row's organization.
create policy notifications_select_own on public.notifications
  for select to authenticated
  using (user_id = (select auth.uid()) and organization_id = (select private.my_notification_org()));
create policy notifications_update_own on public.notifications
  for update to authenticated
  using (user_id = (select auth.uid()) and organization_id = (select private.my_notification_org()))
  with check (user_id = (select auth.uid()) and organization_id = (select private.my_notification_org()));
create policy notifications_delete_own on public.notifications
  for delete to authenticated
  using (user_id = (select auth.uid()) and organization_id = (select private.my_notification_org()));

-- notification_outbox: service_role (the dispatcher) only. The rejection policy says so
-- explicitly and still holds if a permissive policy is ever added.
create policy notification_outbox_no_client on public.notification_outbox
  as restrictive for all to anon, authenticated using (false) with check (false);
revoke all on public.push_subscriptions, public.notifications, public.notification_outbox from anon;
revoke insert, update, delete, truncate on public.push_subscriptions from authenticated;
revoke insert on public.notifications from authenticated;
revoke all on public.notification_outbox from authenticated;

revoke all on all functions in schema private from public, anon;
-- The CHECK runs as whoever writes the row: service_role writes it over REST too.
grant execute on function private.push_preferences_problem(jsonb) to service_role;
