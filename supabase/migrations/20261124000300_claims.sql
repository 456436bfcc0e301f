-- Claim status history: written only by triggers on claims, so nobody (client, staff or
-- service) can forge, edit or delete who changed what. Plus the claim access token RPCs.

create table public.claim_status_updates (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  claim_id uuid not null references public.claims (id) on delete cascade,
  old_status public.claim_status,
  new_status public.claim_status not null,
  changed_by uuid references auth.users (id) on delete set null,
  changed_by_name text not null,
  reason text check (reason is null or char_length(reason) <= 2000),
  notes text check (notes is null or char_length(notes) <= 10000),
  notification_sent boolean not null default false,
  notification_sent_at timestamptz,
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now()
);
create index claim_status_updates_claim_created_idx on public.claim_status_updates (claim_id, created_at, id);
create index claim_status_updates_org_created_idx on public.claim_status_updates (organization_id, created_at desc);
create index claim_status_updates_changed_by_idx on public.claim_status_updates (changed_by);
create index claim_status_updates_unsent_idx on public.claim_status_updates (created_at) where not notification_sent;

-- The row is the claims trigger's to write: a direct INSERT (trigger depth 1) is refused
-- for every role, including service_role and the table owner.
create function private.claim_history_guard_insert() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if pg_trigger_depth() < 2 then
    perform private.fail('NOT_AUTHORIZED', 'Claim history is written by the claims table only; change the claim status instead');
  end if;
  return new;
end
$$;

-- Only the delivery bookkeeping may change afterwards.
create function private.claim_history_guard_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.id is distinct from old.id
    or new.organization_id is distinct from old.organization_id
    or new.claim_id is distinct from old.claim_id
    or new.old_status is distinct from old.old_status
    or new.new_status is distinct from old.new_status
    or new.changed_by is distinct from old.changed_by
    or new.changed_by_name is distinct from old.changed_by_name
    or new.reason is distinct from old.reason
    or new.notes is distinct from old.notes
    or new.created_at is distinct from old.created_at then
    perform private.fail('NOT_AUTHORIZED', 'Claim history cannot be edited; only notification_sent, notification_sent_at and metadata may change');
  end if;
  return new;
end
$$;

-- Deleting history only happens with its claim (a cascade, at trigger depth >= 2).
create function private.claim_history_guard_delete() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if pg_trigger_depth() < 2 then
    perform private.fail('NOT_AUTHORIZED', 'Claim history cannot be deleted');
  end if;
  return old;
end
$$;

create trigger claim_status_updates_guard_insert before insert on public.claim_status_updates
for each row execute function private.claim_history_guard_insert();
create trigger claim_status_updates_guard_update before update on public.claim_status_updates
for each row execute function private.claim_history_guard_update();
create trigger claim_status_updates_guard_delete before delete on public.claim_status_updates
for each row execute function private.claim_history_guard_delete();

-- Who changed it comes from the session; reason and notes from change_claim_status, which
-- passes them as transaction-local settings (a direct UPDATE records none).
create function private.claim_record_status() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  actor_name text;
  saved uuid;
begin
  if tg_op = 'UPDATE' and new.status is not distinct from old.status then
    return null;
  end if;
  if actor is not null then
    select p.display_name into actor_name from public.profiles p where p.id = actor;
  end if;
  insert into public.claim_status_updates (organization_id, claim_id, old_status, new_status, changed_by, changed_by_name, reason, notes)
  values (
    new.organization_id, new.id,
    case when tg_op = 'UPDATE' then old.status end,
    new.status,
    case when actor_name is not null then actor end,
    coalesce(actor_name, 'System'),
    nullif(current_setting('parley.claim_reason', true), ''),
    nullif(current_setting('parley.claim_notes', true), '')
  ) returning id into saved;
  perform set_config('parley.claim_status_update_id', saved::text, true);
  return null;
end
$$;

create trigger claims_record_status_insert after insert on public.claims
for each row execute function private.claim_record_status();
create trigger claims_record_status_update after update of status on public.claims
for each row execute function private.claim_record_status();

alter table public.claim_status_updates enable row level security;

-- Staff read the history; customers read customer_claim_status_updates, without the notes.
create policy claim_status_updates_select on public.claim_status_updates
  for select to authenticated
  using (organization_id = (select private.my_org()));

-- A status change as its customers may know it: the staff's notes (and the dispatcher's
-- metadata) are staff-only, given here as null and {} so both audiences read rows of one
-- shape. Used by the customer view below and by the claim topic's broadcasts.
create function private.claim_status_update_customer_payload(u public.claim_status_updates) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
begin
  return to_jsonb(u) || jsonb_build_object('notes', null, 'metadata', '{}'::jsonb);
end
$$;

-- The history of the claims the caller follows as a customer. As for customer_conversations,
-- the rows come from a SECURITY DEFINER function filtering on the caller's bindings, behind
-- a security_invoker view.
create function private.customer_claim_status_updates() returns setof public.claim_status_updates
language plpgsql stable security definer
set search_path = ''
as $$
declare
  mine uuid[] := coalesce(private.my_claims(), '{}'::uuid[]);
begin
  return query
  select (jsonb_populate_record(null::public.claim_status_updates, private.claim_status_update_customer_payload(u))).*
  from public.claim_status_updates u
  where u.claim_id = any (mine);
end
$$;
revoke all on function private.claim_status_update_customer_payload(public.claim_status_updates),
  private.customer_claim_status_updates() from public, anon;
grant execute on function private.customer_claim_status_updates() to authenticated, service_role;

create view public.customer_claim_status_updates with (security_invoker = true) as
select * from private.customer_claim_status_updates();
revoke all on public.customer_claim_status_updates from anon, authenticated;
grant select on public.customer_claim_status_updates to authenticated;

revoke all on public.claim_status_updates from anon;
revoke insert, update, delete, truncate on public.claim_status_updates from authenticated;
revoke insert, delete, truncate on public.claim_status_updates from service_role;

-- RPCs ----------------------------------------------------------------------------------

create function public.change_claim_status(
  claim_id uuid,
  new_status public.claim_status,
  reason text default null,
  notes text default null
) returns public.claim_status_updates
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  claim public.claims;
  saved public.claim_status_updates;
begin
  select * into claim from public.claims c where c.id = change_claim_status.claim_id;
  if not found or not private.is_staff(claim.organization_id) then
    perform private.fail('NOT_FOUND', 'Claim not found');
  end if;
  if change_claim_status.new_status is null then
    perform private.fail('INVALID_INPUT', 'new_status is required');
  end if;
  if claim.status = change_claim_status.new_status then
    perform private.fail('CONFLICT', format('The claim is already %s', claim.status));
  end if;
  if char_length(change_claim_status.reason) > 2000 then
    perform private.fail('INVALID_INPUT', 'reason is longer than 2000 characters');
  end if;
  if char_length(change_claim_status.notes) > 10000 then
    perform private.fail('INVALID_INPUT', 'notes is longer than 10000 characters');
  end if;
  perform set_config('parley.claim_reason', coalesce(btrim(change_claim_status.reason), ''), true);
  perform set_config('parley.claim_notes', coalesce(btrim(change_claim_status.notes), ''), true);
  update public.claims c set status = change_claim_status.new_status where c.id = claim.id;
  perform set_config('parley.claim_reason', '', true);
  perform set_config('parley.claim_notes', '', true);
  select * into saved from public.claim_status_updates u
  where u.id = nullif(current_setting('parley.claim_status_update_id', true), '')::uuid;
  return saved;
end
$$;

create function public.issue_claim_access_token(claim_id uuid) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  org uuid := private.claim_org(issue_claim_access_token.claim_id);
  token text := private.new_access_token();
begin
  if org is null or not private.is_staff(org) then
    perform private.fail('NOT_FOUND', 'Claim not found');
  end if;
  perform private.set_access_hash(null, issue_claim_access_token.claim_id, private.sha256_hex(token));
  delete from public.claim_access a where a.claim_id = issue_claim_access_token.claim_id;
  return token;
end
$$;

create function public.revoke_claim_access_token(claim_id uuid) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  org uuid := private.claim_org(revoke_claim_access_token.claim_id);
begin
  if org is null or not private.is_staff(org) then
    perform private.fail('NOT_FOUND', 'Claim not found');
  end if;
  perform private.set_access_hash(null, revoke_claim_access_token.claim_id, null);
  delete from public.claim_access a where a.claim_id = revoke_claim_access_token.claim_id;
end
$$;

revoke all on function
  public.change_claim_status(uuid, public.claim_status, text, text),
  public.issue_claim_access_token(uuid),
  public.revoke_claim_access_token(uuid)
from public, anon;
grant execute on function
  public.change_claim_status(uuid, public.claim_status, text, text),
  public.issue_claim_access_token(uuid),
  public.revoke_claim_access_token(uuid)
to authenticated, service_role;
revoke all on all functions in schema private from public, anon;
