-- Running a dealership: organization sign-up and settings, staff invitations, roles and
-- deactivation, and the e-mail outbox (invitations, missed replies, claim status changes,
-- transcripts) that supabase/functions/send-email drains, with suppressions for unsubscribed,
-- bounced and complaining addresses.

-- Organization settings --------------------------------------------------------------------

-- A weekly schedule: {"mon": [["09:00", "17:30"]], "sat": [], ...}; days are optional, each
-- holds at most 4 ordered, non-overlapping opening ranges on the 24-hour clock. Returns the
-- problem in words, null when valid.
create function private.business_hours_problem(hours jsonb) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  day text;
  ranges jsonb;
  r jsonb;
  previous_close text;
begin
  if hours is null then
    return null;
  end if;
  if jsonb_typeof(hours) <> 'object' then
    return 'business_hours must be an object keyed by day (mon … sun)';
  end if;
  for day, ranges in select * from jsonb_each(hours) loop
    if day not in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun') then
      return format('business_hours: unknown day %s (use mon, tue, wed, thu, fri, sat, sun)', left(day, 20));
    end if;
    if jsonb_typeof(ranges) <> 'array' or jsonb_array_length(ranges) > 4 then
      return format('business_hours.%s must be an array of at most 4 [open, close] ranges', day);
    end if;
    previous_close := null;
    for r in select * from jsonb_array_elements(ranges) loop
      if jsonb_typeof(r) <> 'array' or jsonb_array_length(r) <> 2
        or jsonb_typeof(r -> 0) <> 'string' or jsonb_typeof(r -> 1) <> 'string'
        or (r ->> 0) !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
        or (r ->> 1) !~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' then
        return format('business_hours.%s: each range is ["HH:MM", "HH:MM"] on the 24-hour clock', day);
      end if;
      if (r ->> 0) >= (r ->> 1) then
        return format('business_hours.%s: a range must close after it opens', day);
      end if;
      if previous_close is not null and (r ->> 0) < previous_close then
        return format('business_hours.%s: ranges must be in order and must not overlap', day);
      end if;
      previous_close := r ->> 1;
    end loop;
  end loop;
  return null;
end
$$;

alter table public.organizations
  add column time_zone text not null default 'America/Toronto' check (char_length(time_zone) <= 64),
  add column logo_url text check (logo_url is null or (char_length(logo_url) <= 2000 and logo_url ~ '^https://')),
  add column widget_color text not null default '#1f6feb' check (widget_color ~ '^#[0-9a-fA-F]{6}$'),
  add column widget_greeting text check (widget_greeting is null or char_length(widget_greeting) <= 500),
  add column business_hours jsonb not null default '{}'::jsonb
    constraint organizations_business_hours_valid check (private.business_hours_problem(business_hours) is null),
  -- Where e-mail links land: the dealer's page that hosts the widget (https only).
  add column site_url text check (site_url is null or (char_length(site_url) <= 2000 and site_url ~ '^https?://')),
  -- A staff reply is e-mailed once the customer has been away this long and has no push.
  add column email_missed_reply_minutes integer not null default 15 check (email_missed_reply_minutes between 0 and 10080),
  add column email_claim_updates boolean not null default false,
  add column updated_at timestamptz not null default now();

-- pg_timezone_names is a view, so the zone is checked by a trigger rather than a CHECK.
create function private.organization_check() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- pg_timezone_names reads the zone files: only when the zone is set or changed.
  if (tg_op = 'INSERT' or new.time_zone is distinct from old.time_zone)
    and not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = new.time_zone) then
    perform private.fail('INVALID_INPUT', format('time_zone %s is not a known time zone (e.g. America/Toronto)', left(new.time_zone, 64)));
  end if;
  if tg_op = 'UPDATE' then
    if private.is_client_statement()
      and (new.id is distinct from old.id or new.created_at is distinct from old.created_at or new.slug is distinct from old.slug) then
      perform private.fail('NOT_AUTHORIZED', 'id, slug and created_at cannot be changed');
    end if;
    new.updated_at := now();
  end if;
  return new;
end
$$;
create trigger organizations_check before insert or update on public.organizations
for each row execute function private.organization_check();

-- Signed-up users (never anonymous customers) create one organization and become its admin.
create function public.create_organization(
  name text,
  slug text,
  locale text default 'en',
  time_zone text default 'America/Toronto',
  display_name text default null
) returns public.organizations
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  org public.organizations;
  who text;
begin
  if caller is null or private.is_anonymous_user()
    or coalesce((select u.is_anonymous from auth.users u where u.id = caller), true) then
    perform private.fail('NOT_AUTHORIZED', 'Sign up with an e-mail address to create an organization');
  end if;
  if exists (select 1 from public.profiles p where p.id = caller) then
    perform private.fail('CONFLICT', 'This account already belongs to an organization');
  end if;
  if slug is null or slug !~ '^[a-z0-9][a-z0-9-]{0,62}$' then
    perform private.fail('INVALID_INPUT', 'slug must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit');
  end if;
  if locale is null or locale not in ('fr-CA', 'en') then
    perform private.fail('INVALID_INPUT', 'locale must be fr-CA or en');
  end if;
  perform private.take_rate_limit('create-org:' || caller::text, 5, interval '1 hour', 'Too many organizations created');
  if exists (select 1 from public.organizations o where o.slug = create_organization.slug) then
    perform private.fail('CONFLICT', format('The address %s is taken', slug));
  end if;
  who := coalesce(nullif(btrim(display_name), ''),
    (select split_part(u.email, '@', 1) from auth.users u where u.id = caller), 'Admin');

  insert into public.organizations (name, slug, locale, time_zone)
  values (btrim(create_organization.name), create_organization.slug, create_organization.locale,
    coalesce(create_organization.time_zone, 'America/Toronto'))
  returning * into org;
  insert into public.profiles (id, organization_id, role, display_name) values (caller, org.id, 'admin', who);
  insert into public.audit_log (organization_id, actor_id, actor_name, action, target_id)
  values (org.id, caller, who, 'organization.created', org.id);
  return org;
exception when unique_violation then
  perform private.fail('CONFLICT', 'This organization address or account is already taken');
end
$$;

-- Team -----------------------------------------------------------------------------------

-- There is always an active admin: a change that would leave none is refused, whoever makes
-- it (an admin over the API, the operator in SQL). Deleting the organization is not a change.
create function private.profile_keep_admin() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if old.role <> 'admin' or not old.is_active then
    return coalesce(new, old);
  end if;
  if tg_op = 'UPDATE' and new.role = 'admin' and new.is_active then
    return new;
  end if;
  if tg_op = 'DELETE' and not exists (select 1 from public.organizations o where o.id = old.organization_id) then
    return old;
  end if;
  perform pg_advisory_xact_lock(hashtextextended('parley-admins:' || old.organization_id::text, 0));
  if not exists (
    select 1 from public.profiles p
    where p.organization_id = old.organization_id and p.role = 'admin' and p.is_active and p.id <> old.id
  ) then
    perform private.fail('LAST_ADMIN', 'An organization needs at least one active admin: make someone else admin first');
  end if;
  return coalesce(new, old);
end
$$;
create trigger profiles_keep_admin before update of role, is_active or delete on public.profiles
for each row execute function private.profile_keep_admin();

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email text not null check (char_length(email) <= 320 and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role public.user_role not null,
  invited_by uuid references auth.users (id) on delete set null,
  invited_by_name text,
  expires_at timestamptz not null default now() + interval '7 days',
  sent_count integer not null default 0 check (sent_count >= 0),
  last_sent_at timestamptz,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
-- One open invitation per address and organization.
create unique index invitations_open_email_key on public.invitations (organization_id, lower(email))
  where accepted_at is null and revoked_at is null;
create index invitations_organization_id_idx on public.invitations (organization_id, created_at desc);
create index invitations_invited_by_idx on public.invitations (invited_by);
create index invitations_accepted_by_idx on public.invitations (accepted_by);
alter table public.invitations enable row level security;
create policy invitations_select_admin on public.invitations
  for select to authenticated using (private.is_admin(organization_id));
revoke all on public.invitations from anon;
revoke insert, update, delete, truncate on public.invitations from authenticated;

-- sha256 hex of the one live token of each invitation, as private.access_tokens does for
-- customers: the token itself exists only in the e-mail.
create table private.invitation_tokens (
  hash text primary key check (hash ~ '^[0-9a-f]{64}$'),
  invitation_id uuid not null unique references public.invitations (id) on delete cascade,
  created_at timestamptz not null default now()
);
alter table private.invitation_tokens enable row level security;
revoke all on private.invitation_tokens from public, anon, authenticated, service_role;
create policy invitation_tokens_no_client on private.invitation_tokens
  as restrictive for all to anon, authenticated using (false) with check (false);

create function private.require_admin(org uuid) returns text
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if org is null or not private.is_admin(org) then
    perform private.fail('NOT_AUTHORIZED', 'Only an admin of the organization can manage its team');
  end if;
  return (select p.display_name from public.profiles p where p.id = auth.uid());
end
$$;

create function public.invite_member(organization_id uuid, email text, role public.user_role default 'agent')
returns public.invitations
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  who text := private.require_admin(invite_member.organization_id);
  address text := lower(btrim(email));
  inv public.invitations;
begin
  if address is null or char_length(address) > 320 or address !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform private.fail('INVALID_INPUT', 'email must be an e-mail address');
  end if;
  if role is null then
    perform private.fail('INVALID_INPUT', 'role must be admin, operations, f_and_i or agent');
  end if;
  perform private.take_rate_limit('invite:' || invite_member.organization_id::text, 50, interval '1 day', 'Too many invitations today');
  if exists (
    select 1 from public.profiles p join auth.users u on u.id = p.id
    where p.organization_id = invite_member.organization_id and lower(u.email) = address
  ) then
    perform private.fail('ALREADY_MEMBER', 'This address already belongs to a member of the organization');
  end if;
  if exists (
    select 1 from public.invitations i
    where i.organization_id = invite_member.organization_id and lower(i.email) = address
      and i.accepted_at is null and i.revoked_at is null
  ) then
    perform private.fail('CONFLICT', 'This address already has an open invitation: resend it instead');
  end if;
  insert into public.invitations (organization_id, email, role, invited_by, invited_by_name)
  values (invite_member.organization_id, address, invite_member.role, auth.uid(), who)
  returning * into inv;
  perform private.email_enqueue_invitation(inv);
  select * into inv from public.invitations i where i.id = inv.id;
  insert into public.audit_log (organization_id, actor_id, actor_name, action, target_id, details)
  values (inv.organization_id, auth.uid(), who, 'invitation.created', inv.id, jsonb_build_object('email', address, 'role', inv.role));
  return inv;
end
$$;

-- A new e-mail with a new token (the old link stops working) and a new 7-day expiry.
create function public.resend_invitation(invitation_id uuid) returns public.invitations
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  inv public.invitations;
begin
  select * into inv from public.invitations i where i.id = invitation_id for update;
  if not found or not private.is_admin(inv.organization_id) then
    perform private.fail('NOT_FOUND', 'Invitation not found');
  end if;
  if inv.accepted_at is not null then
    perform private.fail('INVITATION_USED', 'This invitation has already been accepted');
  end if;
  if inv.revoked_at is not null then
    perform private.fail('INVITATION_REVOKED', 'This invitation was revoked: invite the address again');
  end if;
  perform private.take_rate_limit('invite:' || inv.organization_id::text, 50, interval '1 day', 'Too many invitations today');
  delete from private.invitation_tokens t where t.invitation_id = inv.id;
  update public.invitations i set expires_at = now() + interval '7 days' where i.id = inv.id returning * into inv;
  perform private.email_enqueue_invitation(inv);
  select * into inv from public.invitations i where i.id = inv.id;
  return inv;
end
$$;

create function public.revoke_invitation(invitation_id uuid) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  inv public.invitations;
  who text;
begin
  select * into inv from public.invitations i where i.id = invitation_id for update;
  if not found or not private.is_admin(inv.organization_id) then
    perform private.fail('NOT_FOUND', 'Invitation not found');
  end if;
  if inv.accepted_at is not null then
    perform private.fail('INVITATION_USED', 'This invitation has already been accepted');
  end if;
  who := private.require_admin(inv.organization_id);
  update public.invitations i set revoked_at = coalesce(i.revoked_at, now()) where i.id = inv.id;
  delete from private.invitation_tokens t where t.invitation_id = inv.id;
  delete from public.email_outbox o where o.invitation_id = inv.id and o.status = 'pending';
  insert into public.audit_log (organization_id, actor_id, actor_name, action, target_id)
  values (inv.organization_id, auth.uid(), who, 'invitation.revoked', inv.id);
end
$$;

-- Joining an organization happens only here. The token decides which invitation; the
-- signed-in address must be the invited one; a used, revoked or expired invitation says so.
create function public.accept_invitation(token text, display_name text default null) returns public.profiles
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  address text;
  inv public.invitations;
  member public.profiles;
  who text;
begin
  if caller is null or private.is_anonymous_user() then
    perform private.fail('NOT_AUTHORIZED', 'Sign up or sign in with the invited address to accept');
  end if;
  select lower(u.email) into address from auth.users u where u.id = caller and not u.is_anonymous;
  if address is null then
    perform private.fail('NOT_AUTHORIZED', 'Sign up or sign in with the invited address to accept');
  end if;
  -- An unconfirmed sign-up proves nothing about the address (where confirmations are off,
  -- Auth confirms at sign-up).
  if not exists (select 1 from auth.users u where u.id = caller and u.email_confirmed_at is not null) then
    perform private.fail('NOT_AUTHORIZED', 'Confirm your e-mail address first, then accept the invitation');
  end if;
  perform private.take_rate_limit('accept:' || caller::text, 20, interval '1 hour', 'Too many attempts');
  if token is null or lower(token) !~ '^[0-9a-f]{64}$' then
    perform private.fail('INVITATION_INVALID', 'This invitation link is invalid');
  end if;
  select i.* into inv from private.invitation_tokens t join public.invitations i on i.id = t.invitation_id
  where t.hash = private.sha256_hex(lower(token))
  for update of i;
  if not found then
    -- A token that was replaced by a resend, or never existed.
    perform private.fail('INVITATION_INVALID', 'This invitation link is invalid or was replaced by a newer one');
  end if;
  if inv.accepted_at is not null then
    perform private.fail('INVITATION_USED', 'This invitation has already been accepted');
  end if;
  if inv.revoked_at is not null then
    perform private.fail('INVITATION_REVOKED', 'This invitation was revoked');
  end if;
  if inv.expires_at <= now() then
    perform private.fail('INVITATION_EXPIRED', 'This invitation has expired: ask for a new one');
  end if;
  if lower(inv.email) <> address then
    perform private.fail('INVITATION_EMAIL_MISMATCH', 'This invitation is for another e-mail address');
  end if;
  select * into member from public.profiles p where p.id = caller;
  if found then
    perform private.fail('ALREADY_MEMBER',
      case when member.organization_id = inv.organization_id then 'You are already a member of this organization'
      else 'This account already belongs to another organization' end);
  end if;
  who := coalesce(nullif(btrim(display_name), ''), split_part(address, '@', 1));
  insert into public.profiles (id, organization_id, role, display_name)
  values (caller, inv.organization_id, inv.role, who)
  returning * into member;
  update public.invitations i set accepted_at = now(), accepted_by = caller where i.id = inv.id;
  delete from private.invitation_tokens t where t.invitation_id = inv.id;
  insert into public.audit_log (organization_id, actor_id, actor_name, action, target_id, details)
  values (inv.organization_id, caller, who, 'invitation.accepted', inv.id, jsonb_build_object('role', inv.role));
  return member;
end
$$;

create function public.change_member_role(member_id uuid, role public.user_role) returns public.profiles
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  member public.profiles;
  who text;
begin
  select * into member from public.profiles p where p.id = member_id;
  if not found or not private.is_admin(member.organization_id) then
    perform private.fail('NOT_FOUND', 'Member not found');
  end if;
  if role is null then
    perform private.fail('INVALID_INPUT', 'role must be admin, operations, f_and_i or agent');
  end if;
  who := private.require_admin(member.organization_id);
  update public.profiles p set role = change_member_role.role where p.id = member_id returning * into member;
  insert into public.audit_log (organization_id, actor_id, actor_name, action, target_id, details)
  values (member.organization_id, auth.uid(), who, 'member.role_changed', member_id, jsonb_build_object('role', role));
  return member;
end
$$;

-- Deactivating hands the member's open conversations back to routing (the routing
-- migration's profile trigger gives each to the next agent), disables their push subscriptions, and ends their staff rights here.
create function public.deactivate_member(member_id uuid) returns public.profiles
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  member public.profiles;
  who text;
begin
  select * into member from public.profiles p where p.id = member_id for update;
  if not found or not private.is_admin(member.organization_id) then
    perform private.fail('NOT_FOUND', 'Member not found');
  end if;
  who := private.require_admin(member.organization_id);
  if not member.is_active then
    return member;
  end if;
  update public.profiles p set is_active = false, deactivated_at = now(), is_available = false
  where p.id = member_id returning * into member;
  update public.push_subscriptions s set enabled = false, disabled_reason = 'member deactivated'
  where s.user_id = member_id and s.organization_id = member.organization_id and s.enabled;
  update public.chat_conversations c set assigned_to = null
  where c.assigned_to = member_id and c.status <> 'active';
  insert into public.audit_log (organization_id, actor_id, actor_name, action, target_id)
  values (member.organization_id, auth.uid(), who, 'member.deactivated', member_id);
  return member;
end
$$;

create function public.reactivate_member(member_id uuid) returns public.profiles
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  member public.profiles;
  who text;
begin
  select * into member from public.profiles p where p.id = member_id;
  if not found or not private.is_admin(member.organization_id) then
    perform private.fail('NOT_FOUND', 'Member not found');
  end if;
  who := private.require_admin(member.organization_id);
  update public.profiles p set is_active = true, deactivated_at = null where p.id = member_id returning * into member;
  insert into public.audit_log (organization_id, actor_id, actor_name, action, target_id)
  values (member.organization_id, auth.uid(), who, 'member.reactivated', member_id);
  return member;
end
$$;

-- E-mail ---------------------------------------------------------------------------------

-- Addresses not to mail: unsubscribed from one organization's mail, or (organization_id
-- null) bounced or complained about, for everyone.
create table public.email_suppressions (
  id uuid primary key default gen_random_uuid(),
  email text not null check (char_length(email) <= 320 and email = lower(email)),
  organization_id uuid references public.organizations (id) on delete cascade,
  reason text not null check (reason in ('unsubscribed', 'bounced', 'complained')),
  created_at timestamptz not null default now()
);
create unique index email_suppressions_key on public.email_suppressions
  (email, coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid));
create index email_suppressions_organization_id_idx on public.email_suppressions (organization_id);
alter table public.email_suppressions enable row level security;
create policy email_suppressions_select_admin on public.email_suppressions
  for select to authenticated using (private.is_admin(organization_id));
revoke all on public.email_suppressions from anon;
revoke insert, update, delete, truncate on public.email_suppressions from authenticated;

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  kind text not null check (kind in ('invitation', 'missed_reply', 'claim_status', 'transcript')),
  recipient text not null check (char_length(recipient) <= 320),
  invitation_id uuid references public.invitations (id) on delete cascade,
  conversation_id uuid references public.chat_conversations (id) on delete cascade,
  claim_status_update_id uuid references public.claim_status_updates (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  locked_at timestamptz,
  last_error text,
  provider_message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index email_outbox_pending_idx on public.email_outbox (next_attempt_at) where status = 'pending';
create index email_outbox_organization_id_idx on public.email_outbox (organization_id, created_at desc);
create index email_outbox_invitation_id_idx on public.email_outbox (invitation_id);
create index email_outbox_conversation_idx on public.email_outbox (conversation_id, kind, created_at desc);
create index email_outbox_claim_status_update_id_idx on public.email_outbox (claim_status_update_id);
alter table public.email_outbox enable row level security;
create policy email_outbox_select_admin on public.email_outbox
  for select to authenticated using (private.is_admin(organization_id));
revoke all on public.email_outbox from anon;
revoke insert, update, delete, truncate on public.email_outbox from authenticated;

-- One live unsubscribe token per (organization, address), 256 bits, stored as sha256.
create table private.unsubscribe_tokens (
  hash text primary key check (hash ~ '^[0-9a-f]{64}$'),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email text not null,
  created_at timestamptz not null default now()
);
create index unsubscribe_tokens_org_email_idx on private.unsubscribe_tokens (organization_id, email);
alter table private.unsubscribe_tokens enable row level security;
revoke all on private.unsubscribe_tokens from public, anon, authenticated, service_role;
create policy unsubscribe_tokens_no_client on private.unsubscribe_tokens
  as restrictive for all to anon, authenticated using (false) with check (false);

create function private.email_suppressed(org uuid, address text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.email_suppressions s
    where s.email = lower(address) and (s.organization_id is null or s.organization_id = org)
  )
$$;

-- Invitations go even to an unsubscribed address (it asked for no dealer mail, not for no
-- invitation it is expecting), but never to a bounced one.
create function private.email_enqueue_invitation(inv public.invitations) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select 1 from public.email_suppressions s where s.email = lower(inv.email) and s.organization_id is null) then
    perform private.fail('EMAIL_SUPPRESSED', 'Mail to this address bounced or was reported as spam');
  end if;
  delete from public.email_outbox o where o.invitation_id = inv.id and o.status = 'pending';
  insert into public.email_outbox (organization_id, kind, recipient, invitation_id)
  values (inv.organization_id, 'invitation', lower(inv.email), inv.id);
  update public.invitations i set sent_count = i.sent_count + 1, last_sent_at = now() where i.id = inv.id;
end
$$;

-- A staff reply to a customer who left: at most one missed-reply e-mail per conversation and
-- absence (while one is pending or was sent since the customer last looked, later replies
-- ride along in it), only to a customer with an address, no working push subscription, and
-- no suppression. Like the push triggers, nothing here may fail the message.
create function private.email_on_staff_reply() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  c public.chat_conversations;
  away interval;
begin
  select * into c from public.chat_conversations where id = new.conversation_id;
  if not found or c.customer_email is null or c.deleted_at is not null then
    return null;
  end if;
  select make_interval(mins => o.email_missed_reply_minutes) into away
  from public.organizations o where o.id = c.organization_id;
  if c.customer_last_seen_at is not null and c.customer_last_seen_at > now() - away then
    return null;
  end if;
  if private.email_suppressed(c.organization_id, c.customer_email) then
    return null;
  end if;
  if exists (
    select 1 from public.conversation_access a
    where a.conversation_id = c.id and private.push_wants(a.user_id, c.organization_id, 'new_message')
  ) then
    return null;
  end if;
  if exists (
    select 1 from public.email_outbox o
    where o.conversation_id = c.id and o.kind = 'missed_reply'
      and (o.status in ('pending', 'sending')
        or (o.status = 'sent' and o.created_at > coalesce(c.customer_last_seen_at, '-infinity'::timestamptz)))
  ) then
    return null;
  end if;
  -- A minute's grace: replies typed one after another go out in the same e-mail, which is
  -- built when it is sent.
  insert into public.email_outbox (organization_id, kind, recipient, conversation_id, next_attempt_at)
  values (c.organization_id, 'missed_reply', lower(c.customer_email), c.id, now() + interval '1 minute');
  return null;
exception when others then
  perform private.record_job_failure('email_on_staff_reply', new.organization_id, format('message %s', new.id), sqlstate, sqlerrm);
  return null;
end
$$;
create trigger email_enqueue_staff_reply after insert on public.chat_messages
for each row when (not new.is_internal and new.sender_type = 'staff')
execute function private.email_on_staff_reply();

create function private.email_on_claim_status() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  claim public.claims;
begin
  if new.old_status is null then
    return null;
  end if;
  select cl.* into claim from public.claims cl join public.organizations o on o.id = cl.organization_id
  where cl.id = new.claim_id and o.email_claim_updates;
  if not found or claim.customer_email is null or private.email_suppressed(claim.organization_id, claim.customer_email) then
    return null;
  end if;
  insert into public.email_outbox (organization_id, kind, recipient, claim_status_update_id)
  values (claim.organization_id, 'claim_status', lower(claim.customer_email), new.id);
  return null;
exception when others then
  perform private.record_job_failure('email_on_claim_status', new.organization_id, format('claim_status_update %s', new.id), sqlstate, sqlerrm);
  return null;
end
$$;
create trigger email_enqueue_claim_status after insert on public.claim_status_updates
for each row execute function private.email_on_claim_status();

-- A customer bound to a resolved conversation asks for its transcript, mailed to the
-- conversation's own address (never one given here: no mailing strangers), once an hour.
create function public.request_transcript(conversation_id uuid) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  c public.chat_conversations;
begin
  select * into c from public.chat_conversations v where v.id = request_transcript.conversation_id and v.deleted_at is null;
  if not found or not exists (
    select 1 from public.conversation_access a where a.conversation_id = c.id and a.user_id = auth.uid()
  ) then
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  if c.status = 'active' then
    perform private.fail('CONFLICT', 'A transcript is sent once the conversation is resolved');
  end if;
  if c.customer_email is null then
    perform private.fail('INVALID_INPUT', 'Add your e-mail address to the conversation first');
  end if;
  if private.email_suppressed(c.organization_id, c.customer_email) then
    perform private.fail('EMAIL_SUPPRESSED', 'This address asked not to receive e-mail from us');
  end if;
  perform private.take_rate_limit('transcript:' || c.id::text, 1, interval '1 hour', 'A transcript was sent recently');
  insert into public.email_outbox (organization_id, kind, recipient, conversation_id)
  values (c.organization_id, 'transcript', lower(c.customer_email), c.id);
  -- The address it goes to, so the customer is told where to look.
  return lower(c.customer_email);
end
$$;

-- Whoever holds an unsubscribe link's token stops that organization's mail to that address.
-- The link is clicked from a mail client without a session, so it goes to send-email, which
-- calls this as service_role (anon executes no definer function).
create function public.unsubscribe_email(token text) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  t private.unsubscribe_tokens;
begin
  if token is null or lower(token) !~ '^[0-9a-f]{64}$' then
    perform private.fail('NOT_FOUND', 'This unsubscribe link is invalid');
  end if;
  select * into t from private.unsubscribe_tokens u where u.hash = private.sha256_hex(lower(token));
  if not found then
    perform private.fail('NOT_FOUND', 'This unsubscribe link is invalid');
  end if;
  insert into public.email_suppressions (email, organization_id, reason) values (t.email, t.organization_id, 'unsubscribed')
  on conflict do nothing;
  delete from public.email_outbox o
  where o.organization_id = t.organization_id and o.recipient = t.email and o.status = 'pending' and o.kind <> 'invitation';
  return t.email;
end
$$;

-- What an unsubscribe link would stop, without stopping it: the confirmation page names the
-- dealer and the address before the person confirms (a link scanner's GET changes nothing),
-- and the dealer's page that confirms.
create function public.unsubscribe_preview(token text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  result jsonb;
begin
  if token is null or lower(token) !~ '^[0-9a-f]{64}$' then
    perform private.fail('NOT_FOUND', 'This unsubscribe link is invalid');
  end if;
  select jsonb_build_object('email', t.email, 'organization_name', o.name, 'site_url', o.site_url) into result
  from private.unsubscribe_tokens t join public.organizations o on o.id = t.organization_id
  where t.hash = private.sha256_hex(lower(token));
  if result is null then
    perform private.fail('NOT_FOUND', 'This unsubscribe link is invalid');
  end if;
  return result;
end
$$;

-- The provider's bounce and complaint webhook (verified by send-email): no organization's
-- mail goes to that address again.
create function public.suppress_email(email text, reason text) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  if email is null or char_length(email) > 320 or reason not in ('bounced', 'complained') then
    perform private.fail('INVALID_INPUT', 'email and reason (bounced or complained) are required');
  end if;
  insert into public.email_suppressions (email, organization_id, reason) values (lower(btrim(email)), null, reason)
  on conflict do nothing;
  delete from public.email_outbox o where o.recipient = lower(btrim(email)) and o.status = 'pending';
end
$$;

-- What one claimed e-mail needs, built here so the function never reads a table: the dealer's
-- branding, the kind's content (staff-visible text only, never an internal note), and the
-- fresh tokens its links carry (returned once, stored only as hashes).
create function private.email_content(r public.email_outbox) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  org public.organizations;
  c public.chat_conversations;
  inv public.invitations;
  su public.claim_status_updates;
  claim public.claims;
  token text;
  unsubscribe text := private.new_access_token();
  content jsonb;
begin
  select * into org from public.organizations o where o.id = r.organization_id;
  insert into private.unsubscribe_tokens (hash, organization_id, email) values (private.sha256_hex(unsubscribe), org.id, r.recipient);
  if r.kind = 'invitation' then
    select * into inv from public.invitations i where i.id = r.invitation_id;
    if not found then
      perform private.fail('NOT_FOUND', 'the invitation of this e-mail is missing');
    end if;
    if inv.accepted_at is not null or inv.revoked_at is not null or inv.expires_at <= now() then
      return null;
    end if;
    token := private.new_access_token();
    delete from private.invitation_tokens t where t.invitation_id = inv.id;
    insert into private.invitation_tokens (hash, invitation_id) values (private.sha256_hex(token), inv.id);
    content := jsonb_build_object('invitation_token', token, 'role', inv.role, 'invited_by', inv.invited_by_name,
      'expires_at', inv.expires_at);
  elsif r.kind in ('missed_reply', 'transcript') then
    select * into c from public.chat_conversations v where v.id = r.conversation_id and v.deleted_at is null;
    if not found then
      return null;
    end if;
    content := jsonb_build_object('conversation_id', c.id, 'customer_name', c.customer_name, 'subject', c.subject,
      'messages', coalesce((
        select jsonb_agg(jsonb_build_object('sender_type', m.sender_type, 'sender_name', m.sender_name,
          'content', case when m.message_type in ('file', 'image') then null else m.content end,
          'attachment', m.message_type in ('file', 'image'), 'created_at', m.created_at) order by m.created_at, m.id)
        from (
          select * from public.chat_messages m
          where m.conversation_id = c.id and not m.is_internal and m.sender_type in ('customer', 'staff')
            and (r.kind = 'transcript'
              or (m.sender_type = 'staff' and m.created_at > coalesce(c.customer_last_seen_at, '-infinity'::timestamptz)))
          order by m.created_at desc, m.id desc
          limit case when r.kind = 'transcript' then 500 else 20 end
        ) m), '[]'::jsonb));
    if r.kind = 'missed_reply' then
      if jsonb_array_length(content -> 'messages') = 0 then
        return null;
      end if;
      -- The link re-opens the conversation through the access-link flow; the earlier link
      -- stops working, those already bound keep their access.
      token := private.new_access_token();
      perform private.set_access_hash(c.id, null, private.sha256_hex(token));
      content := content || jsonb_build_object('access_token', token);
    end if;
  elsif r.kind = 'claim_status' then
    select * into su from public.claim_status_updates s where s.id = r.claim_status_update_id;
    if not found then
      perform private.fail('NOT_FOUND', 'the claim status change of this e-mail is missing');
    end if;
    select * into claim from public.claims cl where cl.id = su.claim_id;
    -- The customer-facing reason only: notes are staff-only.
    content := jsonb_build_object('claim_number', claim.claim_number, 'customer_name', claim.customer_name,
      'old_status', su.old_status, 'new_status', su.new_status, 'reason', su.reason);
  end if;
  return content || jsonb_build_object('unsubscribe_token', unsubscribe);
end
$$;

-- Claims due rows with FOR UPDATE SKIP LOCKED (overlapping runs never send twice) and a lease
-- (a crashed run's rows come back after it). Each row is its own subtransaction: one that
-- cannot be prepared is recorded in job_failures and marked failed; the rest go on.
create function public.claim_email_batch(p_limit integer default 50, p_lease_seconds integer default 120)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  r public.email_outbox;
  org public.organizations;
  content jsonb;
  stamp timestamptz;
  claimed jsonb := '[]'::jsonb;
begin
  -- Rows of a run that died come back; one that keeps killing runs stops after 6 tries.
  update public.email_outbox o
  set status = case when o.attempts >= 6 then 'failed' else 'pending' end, locked_at = null,
      last_error = case when o.attempts >= 6 then 'abandoned: the sender never reported back' else o.last_error end
  where o.status = 'sending' and o.locked_at < now() - make_interval(secs => p_lease_seconds);
  for r in
    select * from public.email_outbox o
    where o.status = 'pending' and o.next_attempt_at <= now()
    order by o.next_attempt_at, o.id
    limit least(greatest(coalesce(p_limit, 50), 1), 500)
    for update skip locked
  loop
    begin
      if r.kind <> 'invitation' and private.email_suppressed(r.organization_id, r.recipient)
        or exists (select 1 from public.email_suppressions s where s.email = r.recipient and s.organization_id is null) then
        update public.email_outbox o set status = 'skipped', last_error = 'address suppressed' where o.id = r.id;
        continue;
      end if;
      content := private.email_content(r);
      if content is null then
        update public.email_outbox o set status = 'skipped', last_error = 'nothing left to send' where o.id = r.id;
        continue;
      end if;
      select * into org from public.organizations o where o.id = r.organization_id;
      stamp := clock_timestamp();
      update public.email_outbox o set status = 'sending', locked_at = stamp, attempts = o.attempts + 1 where o.id = r.id;
      claimed := claimed || jsonb_build_array(jsonb_build_object(
        'id', r.id, 'kind', r.kind, 'to', r.recipient, 'attempts', r.attempts + 1, 'locked_at', stamp,
        'organization', jsonb_build_object('id', org.id, 'name', org.name, 'slug', org.slug, 'locale', org.locale,
          'color', org.widget_color, 'logo_url', org.logo_url, 'site_url', org.site_url),
        'content', content));
    exception when others then
      perform private.record_job_failure('claim_email_batch', r.organization_id, format('email %s', r.id), sqlstate, sqlerrm);
      update public.email_outbox o set status = 'failed', locked_at = null, last_error = left(sqlerrm, 1000) where o.id = r.id;
    end;
  end loop;
  return claimed;
end
$$;

-- What the provider said about one claimed row; only the holder of its lease may record it.
create function public.complete_email(
  p_id uuid,
  p_locked_at timestamptz,
  p_outcome text,
  p_error text default null,
  p_provider_message_id text default null,
  p_retry_at timestamptz default null,
  p_max_attempts integer default 6
) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  r public.email_outbox;
begin
  if p_outcome not in ('sent', 'retry', 'failed') then
    perform private.fail('INVALID_INPUT', 'p_outcome must be sent, retry or failed');
  end if;
  select * into r from public.email_outbox o where o.id = p_id for update;
  if not found then
    return 'missing';
  end if;
  if r.status <> 'sending' or r.locked_at is distinct from p_locked_at then
    return 'stale';
  end if;
  if p_outcome = 'sent' then
    update public.email_outbox o
    set status = 'sent', sent_at = now(), locked_at = null, last_error = null, provider_message_id = left(p_provider_message_id, 200)
    where o.id = p_id;
    if r.claim_status_update_id is not null then
      update public.claim_status_updates s set notification_sent = true, notification_sent_at = coalesce(s.notification_sent_at, now())
      where s.id = r.claim_status_update_id;
    end if;
    return 'sent';
  end if;
  if p_outcome = 'retry' and r.attempts < p_max_attempts then
    update public.email_outbox o
    set status = 'pending', locked_at = null, next_attempt_at = coalesce(p_retry_at, now()), last_error = left(p_error, 1000)
    where o.id = p_id;
    return 'pending';
  end if;
  update public.email_outbox o set status = 'failed', locked_at = null, last_error = left(coalesce(p_error, 'failed'), 1000)
  where o.id = p_id;
  perform private.record_job_failure('send_email', r.organization_id, format('email %s', r.id), null, coalesce(p_error, 'failed'));
  return 'failed';
end
$$;

-- Grants ----------------------------------------------------------------------------------

revoke all on function
  private.business_hours_problem(jsonb), private.organization_check(), private.profile_keep_admin(),
  private.require_admin(uuid), private.email_suppressed(uuid, text),
  private.email_enqueue_invitation(public.invitations), private.email_on_staff_reply(),
  private.email_on_claim_status(), private.email_content(public.email_outbox)
from public, anon, authenticated;
grant execute on function private.business_hours_problem(jsonb) to authenticated, service_role;

revoke all on function
  public.create_organization(text, text, text, text, text), public.invite_member(uuid, text, public.user_role),
  public.resend_invitation(uuid), public.revoke_invitation(uuid), public.accept_invitation(text, text),
  public.change_member_role(uuid, public.user_role), public.deactivate_member(uuid), public.reactivate_member(uuid),
  public.request_transcript(uuid), public.unsubscribe_email(text), public.unsubscribe_preview(text),
  public.suppress_email(text, text), public.claim_email_batch(integer, integer),
  public.complete_email(uuid, timestamptz, text, text, text, timestamptz, integer)
from public, anon, authenticated;
grant execute on function
  public.create_organization(text, text, text, text, text), public.invite_member(uuid, text, public.user_role),
  public.resend_invitation(uuid), public.revoke_invitation(uuid), public.accept_invitation(text, text),
  public.change_member_role(uuid, public.user_role), public.deactivate_member(uuid), public.reactivate_member(uuid),
  public.request_transcript(uuid)
to authenticated;
grant execute on function
  public.unsubscribe_email(text), public.unsubscribe_preview(text), public.suppress_email(text, text),
  public.claim_email_batch(integer, integer),
  public.complete_email(uuid, timestamptz, text, text, text, timestamptz, integer)
to service_role;

-- Drains the e-mail outbox every 10 seconds, as 20261124110000_push_schedule.sql does for push
-- (same Vault secrets; skipped where pg_cron, pg_net or Vault is missing).
do $$
begin
  if exists (select 1 from pg_namespace where nspname = 'cron')
    and exists (select 1 from pg_namespace where nspname = 'net')
    and exists (select 1 from pg_namespace where nspname = 'vault') then
    perform cron.schedule('parley-send-email', '10 seconds', $job$
      select net.http_post(
        url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/send-email',
        headers := jsonb_build_object(
          'Content-Type', 'application/json',
          'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
        body := '{}'::jsonb,
        timeout_milliseconds := 30000)
    $job$);
  end if;
end
$$;
