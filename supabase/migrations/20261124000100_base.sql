-- Parley base: enums, organizations, staff profiles, warranties, claims, and the private
-- helpers every RLS policy calls. Deploys unchanged on Supabase (PostgreSQL 15/17).

create extension if not exists pgcrypto with schema extensions;

-- Enums ---------------------------------------------------------------------------------

create type public.user_role as enum ('admin', 'operations', 'f_and_i', 'agent');
create type public.conversation_status as enum ('active', 'resolved', 'archived');
create type public.conversation_priority as enum ('low', 'normal', 'high', 'urgent');
create type public.sender_type as enum ('customer', 'staff', 'system');
create type public.message_type as enum ('text', 'file', 'image', 'status_update', 'system');
create type public.push_platform as enum ('web', 'ios', 'android');
create type public.typing_user_type as enum ('customer', 'staff');
create type public.claim_status as enum (
  'submitted', 'under_review', 'info_requested', 'approved', 'denied', 'in_repair', 'completed', 'closed'
);
create type public.notification_type as enum ('new_message', 'claim_update', 'warranty_expiring', 'system_alert');

-- Helpers live outside the API schema so PostgREST never exposes them as RPCs.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Tables --------------------------------------------------------------------------------

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
  -- The language of everything the database writes for its customers and staff (pushes,
  -- notification-centre rows, system messages, e-mails): no language is stored per person.
  locale text not null default 'en' check (locale in ('fr-CA', 'en')),
  created_at timestamptz not null default now()
);

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  role public.user_role not null default 'agent',
  display_name text not null check (char_length(btrim(display_name)) between 1 and 200),
  avatar_url text check (avatar_url is null or char_length(avatar_url) <= 2000),
  is_available boolean not null default true,
  last_assigned_at timestamptz,
  -- A deactivated member keeps their profile (authorship, audit) but is no longer staff.
  is_active boolean not null default true,
  deactivated_at timestamptz,
  created_at timestamptz not null default now()
);
create index profiles_organization_id_idx on public.profiles (organization_id);
create index profiles_assignment_idx on public.profiles (organization_id, role, is_available, last_assigned_at);

create table public.warranties (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  warranty_number text not null check (char_length(btrim(warranty_number)) between 1 and 100),
  customer_name text not null check (char_length(btrim(customer_name)) between 1 and 200),
  customer_email text check (customer_email is null or (char_length(customer_email) <= 320 and customer_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')),
  customer_phone text check (customer_phone is null or char_length(customer_phone) <= 50),
  product text check (product is null or char_length(product) <= 500),
  vehicle_vin text check (vehicle_vin is null or vehicle_vin ~ '^[A-HJ-NPR-Z0-9]{11,17}$'),
  starts_on date not null default current_date,
  expires_on date not null,
  expiry_notified_at timestamptz,
  created_at timestamptz not null default now(),
  unique (organization_id, warranty_number),
  check (expires_on >= starts_on)
);
create index warranties_organization_id_idx on public.warranties (organization_id);
create index warranties_expiring_idx on public.warranties (expires_on) where expiry_notified_at is null;

create table public.claims (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  warranty_id uuid references public.warranties (id) on delete set null,
  claim_number text not null check (char_length(btrim(claim_number)) between 1 and 100),
  status public.claim_status not null default 'submitted',
  customer_name text not null check (char_length(btrim(customer_name)) between 1 and 200),
  customer_email text check (customer_email is null or (char_length(customer_email) <= 320 and customer_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')),
  customer_phone text check (customer_phone is null or char_length(customer_phone) <= 50),
  description text check (description is null or char_length(description) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, claim_number)
);
create index claims_warranty_id_idx on public.claims (warranty_id);
create index claims_org_status_idx on public.claims (organization_id, status, updated_at desc);
create index claims_org_created_idx on public.claims (organization_id, created_at desc);

create table public.claim_access (
  claim_id uuid not null references public.claims (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (claim_id, user_id)
);
create index claim_access_user_id_idx on public.claim_access (user_id);

-- Who did what that leaves no other trace (a deleted conversation, for one). Written only by
-- SECURITY DEFINER functions; admins of the organization read it.
create table public.audit_log (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  actor_id uuid references auth.users (id) on delete set null,
  actor_name text,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_id uuid,
  details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
  created_at timestamptz not null default now()
);
create index audit_log_org_created_idx on public.audit_log (organization_id, created_at desc);
create index audit_log_actor_id_idx on public.audit_log (actor_id);

-- Flood limits: one row per counted call, per bucket (a caller, an address, ...). Only the
-- SECURITY DEFINER private.take_rate_limit reads or writes it.
create table private.rate_limit_hits (
  bucket text not null,
  hit_at timestamptz not null default now()
);
create index rate_limit_hits_bucket_idx on private.rate_limit_hits (bucket, hit_at);
create index rate_limit_hits_hit_at_idx on private.rate_limit_hits (hit_at);
alter table private.rate_limit_hits enable row level security;
revoke all on private.rate_limit_hits from public, anon, authenticated, service_role;
create policy rate_limit_hits_no_client on private.rate_limit_hits
  as restrictive for all to anon, authenticated using (false) with check (false);

-- Errors: SQLSTATE PTnnn makes PostgREST answer HTTP nnn; the Parley code rides in HINT.
create function private.fail(code text, message text) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  raise exception using
    errcode = case code
      when 'TOKEN_INVALID' then 'PT401'
      when 'NOT_AUTHORIZED' then 'PT403'
      when 'NOT_FOUND' then 'PT404'
      when 'CONFLICT' then 'PT409'
      when 'RATE_LIMITED' then 'PT429'
      else 'PT400'
    end,
    message = message,
    hint = code;
end
$$;

-- Who is calling -------------------------------------------------------------------------
-- SECURITY DEFINER so policies can consult profiles/bindings without recursing into RLS.

create function private.staff_role(org uuid) returns public.user_role
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select p.role from public.profiles p where p.id = auth.uid() and p.organization_id = org and p.is_active
  );
end
$$;

create function private.is_staff(org uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (select 1 from public.profiles p where p.id = auth.uid() and p.organization_id = org and p.is_active)
  );
end
$$;

create function private.is_chat_staff(org uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (
      select 1 from public.profiles p
      where p.id = auth.uid() and p.organization_id = org and p.is_active and p.role in ('admin', 'operations', 'agent')
    )
  );
end
$$;

create function private.is_notification_staff(org uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (
      select 1 from public.profiles p
      where p.id = auth.uid() and p.organization_id = org and p.is_active and p.role in ('admin', 'operations', 'f_and_i')
    )
  );
end
$$;

create function private.is_admin(org uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (
      select 1 from public.profiles p where p.id = auth.uid() and p.organization_id = org and p.is_active and p.role = 'admin'
    )
  );
end
$$;

-- Any profile at all: a staff member never acts as a customer, in any organization.
create function private.is_any_staff() returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (select 1 from public.profiles p where p.id = auth.uid())
  );
end
$$;

create function private.is_anonymous_user() returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce((select u.is_anonymous from auth.users u where u.id = auth.uid()), false)
      and coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false)
  );
end
$$;

-- True while a statement runs directly as a client role (REST, Storage, Realtime). Inside a
-- SECURITY DEFINER RPC or trigger, current_user is the owner and server logic may write
-- columns clients may not.
create function private.is_client_statement() returns boolean
language plpgsql stable
set search_path = ''
as $$
begin
  return (
    select current_user in ('anon', 'authenticated')
  );
end
$$;

create function private.sha256_hex(value text) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  return (
    select encode(extensions.digest(convert_to(value, 'UTF8'), 'sha256'), 'hex')
  );
end
$$;

create function private.new_access_token() returns text
language plpgsql volatile
set search_path = ''
as $$
begin
  return (
    select encode(extensions.gen_random_bytes(32), 'hex')
  );
end
$$;

-- Counts one call in `bucket` or refuses it with RATE_LIMITED once `max_hits` calls fell in
-- the last `per` (at most a day). Serialised per bucket so concurrent calls cannot all slip
-- under the limit; a refused or failed call rolls back and counts nothing.
create function private.take_rate_limit(bucket text, max_hits integer, per interval, what text) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  recent integer;
  oldest timestamptz;
begin
  perform pg_advisory_xact_lock(hashtextextended('parley-limit:' || bucket, 0));
  -- Expired rows go a few at a time, skipping rows another call is already removing.
  delete from private.rate_limit_hits h where h.ctid = any (array(
    select s.ctid from private.rate_limit_hits s where s.hit_at < now() - interval '1 day'
    limit 100 for update skip locked
  ));
  select count(*), min(r.hit_at) into recent, oldest
  from (
    select h.hit_at from private.rate_limit_hits h
    where h.bucket = take_rate_limit.bucket and h.hit_at > now() - per
    order by h.hit_at desc
    limit max_hits
  ) r;
  if recent >= max_hits then
    perform private.fail('RATE_LIMITED', format('%s, retry in %s s', what,
      greatest(1, ceil(extract(epoch from (oldest + per - now()))))::integer));
  end if;
  insert into private.rate_limit_hits (bucket) values (take_rate_limit.bucket);
end
$$;

-- The caller's address as the API gateway reports it in PostgREST's request.headers:
-- Cloudflare's cf-connecting-ip on hosted Supabase (clients cannot set it), else the first
-- x-forwarded-for entry; null when neither is there (a direct connection, tests).
create function private.client_ip() returns text
language plpgsql stable
set search_path = ''
as $$
declare
  headers jsonb := nullif(current_setting('request.headers', true), '')::jsonb;
begin
  return coalesce(
    nullif(btrim(headers ->> 'cf-connecting-ip'), ''),
    nullif(btrim(split_part(headers ->> 'x-forwarded-for', ',', 1)), '')
  );
end
$$;

-- Names people read as "who said this": what is left once format, control, separator and
-- other invisible characters (zero-width spaces, joiners, bidi marks, fillers, variation
-- selectors, tags) are removed, folded by NFKC (full-width and styled letters) and case.
create function private.visible_name(value text) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  return lower(normalize(regexp_replace(value,
    '[\u0001-\u0020\u007F-\u00A0\u00AD\u034F\u0600-\u0605\u061C\u06DD\u070F\u08E2\u115F\u1160\u1680\u17B4\u17B5\u180B-\u180F\u2000-\u200F\u2028-\u202F\u205F-\u206F\u2800\u3000\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0000-\U000E0FFF]',
    '', 'g'), NFKC));
end
$$;

-- Customer and staff names must be visible and must not pass for the system or for staff:
-- reserved whole names, or a staff marker anywhere ("Julie Tremblay (Support)"). A missing
-- name is left to the NOT NULL constraints.
create function private.require_name(field text, value text) returns void
language plpgsql stable
set search_path = ''
as $$
declare
  visible text := private.visible_name(value);
begin
  if visible = '' then
    perform private.fail('INVALID_INPUT', format('%s must contain visible characters', field));
  end if;
  if visible in ('system', 'support', 'parley', 'admin', 'administrator', 'staff', 'moderator', 'bot')
    or visible ~ '[(\[](support|staff|admin|system|parley|bot|agent)[)\]]' then
    perform private.fail('INVALID_INPUT',
      format('%s is reserved: a name cannot pose as the system, staff or support', field));
  end if;
end
$$;

create function private.has_claim_binding(claim uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (select 1 from public.claim_access a where a.claim_id = claim and a.user_id = auth.uid())
  );
end
$$;

-- The caller's organization per role class. Policies compare a column with
-- `(select private.my_org())`: evaluated once per statement (an InitPlan), and the
-- comparison can use the organization_id indexes, instead of one function call per row.
create function private.my_org() returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select p.organization_id from public.profiles p where p.id = auth.uid() and p.is_active);
end
$$;

create function private.my_chat_org() returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select p.organization_id from public.profiles p
    where p.id = auth.uid() and p.is_active and p.role in ('admin', 'operations', 'agent')
  );
end
$$;

create function private.my_notification_org() returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select p.organization_id from public.profiles p
    where p.id = auth.uid() and p.is_active and p.role in ('admin', 'operations', 'f_and_i')
  );
end
$$;

-- Claims the caller follows as a customer; the chat migration adds those linked to their
-- conversations.
create function private.my_claims() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select array_agg(a.claim_id) from public.claim_access a where a.user_id = auth.uid());
end
$$;

create function private.claim_org(claim uuid) returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select c.organization_id from public.claims c where c.id = claim
  );
end
$$;

create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- Profiles: a member edits their own name, avatar and availability; only an admin of the
-- organization changes roles, and nobody moves a profile between organizations.
create function private.guard_profile_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_client_statement() then
    if new.organization_id is distinct from old.organization_id or new.id is distinct from old.id then
      perform private.fail('NOT_AUTHORIZED', 'A profile cannot move to another organization');
    end if;
    if new.role is distinct from old.role and not private.is_admin(old.organization_id) then
      perform private.fail('NOT_AUTHORIZED', 'Only an admin of the organization can change roles');
    end if;
    if new.last_assigned_at is distinct from old.last_assigned_at or new.created_at is distinct from old.created_at then
      perform private.fail('NOT_AUTHORIZED', 'last_assigned_at and created_at are maintained by the server');
    end if;
    if new.is_active is distinct from old.is_active or new.deactivated_at is distinct from old.deactivated_at then
      perform private.fail('NOT_AUTHORIZED', 'Use deactivate_member or reactivate_member to change whether a member is active');
    end if;
  end if;
  return new;
end
$$;
create trigger profiles_guard_update before update on public.profiles
for each row execute function private.guard_profile_update();

create function private.profile_check_name() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_name('display_name', new.display_name);
  return new;
end
$$;
create trigger profiles_check_name before insert or update of display_name on public.profiles
for each row execute function private.profile_check_name();

-- Claims: the organization and creation time are not client-editable.
create function private.guard_claim_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_client_statement() then
    if new.organization_id is distinct from old.organization_id
      or new.created_at is distinct from old.created_at then
      perform private.fail('NOT_AUTHORIZED', 'organization_id and created_at cannot be changed');
    end if;
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger claims_guard_update before update on public.claims
for each row execute function private.guard_claim_update();

create function private.guard_claim_insert() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_client_statement() then
    new.created_at := now();
    new.updated_at := now();
  end if;
  return new;
end
$$;
create trigger claims_guard_insert before insert on public.claims
for each row execute function private.guard_claim_insert();

-- A claim covers a warranty of its own organization, whoever writes it.
create function private.claim_check_warranty() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.warranty_id is not null and not exists (
    select 1 from public.warranties w where w.id = new.warranty_id and w.organization_id = new.organization_id
  ) then
    perform private.fail('INVALID_INPUT', 'warranty_id does not belong to this organization');
  end if;
  return new;
end
$$;
create trigger claims_check_warranty_insert before insert on public.claims
for each row execute function private.claim_check_warranty();
create trigger claims_check_warranty_update before update of warranty_id, organization_id on public.claims
for each row execute function private.claim_check_warranty();

-- RLS -----------------------------------------------------------------------------------

alter table public.organizations enable row level security;
alter table public.profiles enable row level security;
alter table public.warranties enable row level security;
alter table public.claims enable row level security;
alter table public.claim_access enable row level security;
alter table public.audit_log enable row level security;

create policy organizations_select_staff on public.organizations
  for select to authenticated using (id = (select private.my_org()));
create policy organizations_update_admin on public.organizations
  for update to authenticated using (private.is_admin(id)) with check (private.is_admin(id));

create policy profiles_select_same_org on public.profiles
  for select to authenticated using (organization_id = (select private.my_org()));
create policy profiles_update_self_or_admin on public.profiles
  for update to authenticated
  using (id = (select auth.uid()) or private.is_admin(organization_id))
  with check (id = (select auth.uid()) or private.is_admin(organization_id));
create policy profiles_delete_admin on public.profiles
  for delete to authenticated using (private.is_admin(organization_id) and id <> (select auth.uid()));

create policy warranties_select_staff on public.warranties
  for select to authenticated using (organization_id = (select private.my_org()));
create policy warranties_insert_staff on public.warranties
  for insert to authenticated
  with check (private.staff_role(organization_id) in ('admin', 'operations', 'f_and_i'));
create policy warranties_update_staff on public.warranties
  for update to authenticated
  using (private.staff_role(organization_id) in ('admin', 'operations', 'f_and_i'))
  with check (private.staff_role(organization_id) in ('admin', 'operations', 'f_and_i'));
create policy warranties_delete_admin on public.warranties
  for delete to authenticated using (private.is_admin(organization_id));

-- Customers read a claim through a binding; the chat migration widens my_claims and
-- has_claim_binding to conversations linked to the claim.
create policy claims_select_staff_or_bound on public.claims
  for select to authenticated
  using (organization_id = (select private.my_org()) or id = any (coalesce((select private.my_claims()), '{}'::uuid[])));
create policy claims_insert_staff on public.claims
  for insert to authenticated with check (private.is_staff(organization_id));
create policy claims_update_staff on public.claims
  for update to authenticated using (private.is_staff(organization_id)) with check (private.is_staff(organization_id));
create policy claims_delete_admin on public.claims
  for delete to authenticated using (private.is_admin(organization_id));

create policy audit_log_select_admin on public.audit_log
  for select to authenticated using (private.is_admin(organization_id));

create policy claim_access_select_own_or_staff on public.claim_access
  for select to authenticated
  using (user_id = (select auth.uid()) or private.is_staff(private.claim_org(claim_id)));
create policy claim_access_delete_staff on public.claim_access
  for delete to authenticated
  using (private.is_staff(private.claim_org(claim_id)));

-- Grants: Supabase grants everything to anon/authenticated by default and lets RLS decide.
-- Anonymous (not signed in) callers get nothing at all; bindings are written only by RPCs.
revoke all on public.organizations, public.profiles, public.warranties, public.claims, public.claim_access,
  public.audit_log from anon;
revoke insert, update on public.claim_access from authenticated;
-- Staff join only by accepting an invitation (accept_invitation) or by creating an
-- organization; the operator (service_role or SQL) may still insert. An admin must not enrol
-- an existing user of the project without that user's consent.
revoke insert on public.profiles from authenticated;
-- The audit trail is written by server functions only, and nobody edits or erases it.
revoke insert, update, delete, truncate on public.audit_log from authenticated, service_role;

revoke all on all functions in schema private from public, anon;
grant execute on function
  private.staff_role(uuid), private.is_staff(uuid), private.is_chat_staff(uuid),
  private.is_notification_staff(uuid), private.is_admin(uuid), private.is_any_staff(),
  private.is_anonymous_user(), private.is_client_statement(), private.has_claim_binding(uuid),
  private.claim_org(uuid), private.my_org(), private.my_chat_org(), private.my_notification_org(), private.my_claims(),
  private.fail(text, text), private.sha256_hex(text), private.client_ip(), private.visible_name(text),
  private.require_name(text, text), private.take_rate_limit(text, integer, interval, text)
to authenticated, service_role;
