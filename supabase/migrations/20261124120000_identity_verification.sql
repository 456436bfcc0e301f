-- Identity verification: a dealer's server vouches for the e-mail of a signed-in visitor
-- with HMAC-SHA256(organization secret, lower(trim(email))) in hex, as Intercom does. A
-- valid signature stamps chat_conversations.customer_verified_at; a wrong one is refused
-- (IDENTITY_INVALID); an organization may require it for every customer-given e-mail.

-- Settings and secret ---------------------------------------------------------------------

-- The secret signs identities, so no API role may read it, not even service_role: only
-- the SECURITY DEFINER functions below (owned by postgres) touch this table.
create table private.identity_verification (
  organization_id uuid primary key references public.organizations (id) on delete cascade,
  secret text not null check (secret ~ '^[0-9a-f]{64}$'),
  required boolean not null default false,
  rotated_at timestamptz not null default now()
);
alter table private.identity_verification enable row level security;
revoke all on private.identity_verification from public, anon, authenticated, service_role;
create policy identity_verification_no_client on private.identity_verification
  as restrictive for all to anon, authenticated using (false) with check (false);

alter table public.chat_conversations add column customer_verified_at timestamptz;

-- PT403 so PostgREST answers 403; the hint is the code core reports.
create function private.identity_fail(message text) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT403', message = message, hint = 'IDENTITY_INVALID';
end
$$;

create function private.identity_signature(secret text, email text) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  return encode(
    extensions.hmac(convert_to(lower(btrim(email)), 'UTF8'), convert_to(secret, 'UTF8'), 'sha256'),
    'hex'
  );
end
$$;

-- The customer_verified_at a write should stamp: now() for a valid signature, null when
-- there is none. `enforce` is false for staff, who may type any e-mail; a signature they
-- pass is still checked.
create function private.verify_customer_identity(org uuid, email text, signature text, enforce boolean)
returns timestamptz
language plpgsql stable security definer
set search_path = ''
as $$
declare
  settings private.identity_verification;
begin
  select * into settings from private.identity_verification v where v.organization_id = org;
  if signature is null then
    if enforce and email is not null and coalesce(settings.required, false) then
      perform private.identity_fail('This organization accepts an e-mail only with a valid customer_signature');
    end if;
    return null;
  end if;
  if signature !~ '^[0-9a-fA-F]{64}$' then
    perform private.fail('INVALID_INPUT', 'customer_signature must be 64 hexadecimal characters');
  end if;
  if email is null then
    perform private.fail('INVALID_INPUT', 'customer_signature signs customer_email, which is missing');
  end if;
  if settings.secret is null then
    perform private.identity_fail('Identity verification is not set up for this organization');
  end if;
  -- Digests of both sides are compared, so the time the comparison takes says nothing
  -- about how much of a guessed signature matched.
  if extensions.digest(lower(signature), 'sha256')
    <> extensions.digest(private.identity_signature(settings.secret, email), 'sha256') then
    perform private.identity_fail('customer_signature does not match customer_email');
  end if;
  return now();
end
$$;

-- Verification is server truth whoever writes the row: a client statement (staff REST
-- included) cannot set it, and a new e-mail without a new stamp loses the old one.
create function private.conversation_guard_verification() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if private.is_client_statement() then
      new.customer_verified_at := null;
    end if;
    return new;
  end if;
  if private.is_client_statement() and new.customer_verified_at is distinct from old.customer_verified_at then
    perform private.fail('NOT_AUTHORIZED', 'customer_verified_at is set only by a valid customer_signature');
  end if;
  if lower(new.customer_email) is distinct from lower(old.customer_email)
    and new.customer_verified_at is not distinct from old.customer_verified_at then
    new.customer_verified_at := null;
  end if;
  return new;
end
$$;
create trigger chat_conversations_15_guard_verification_insert before insert on public.chat_conversations
for each row execute function private.conversation_guard_verification();
-- Only when the e-mail or the stamp is written: message counters update this table often.
create trigger chat_conversations_15_guard_verification_update
before update of customer_email, customer_verified_at on public.chat_conversations
for each row execute function private.conversation_guard_verification();

-- Admin RPCs ------------------------------------------------------------------------------

-- Outsiders learn nothing about the organization (NOT_FOUND); its other staff are told no.
create function private.require_identity_admin(org uuid) returns void
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if org is null then
    perform private.fail('INVALID_INPUT', 'organization_id is required');
  end if;
  if not private.is_staff(org) then
    perform private.fail('NOT_FOUND', 'Organization not found');
  end if;
  if not private.is_admin(org) then
    perform private.fail('NOT_AUTHORIZED', 'Only an admin of the organization can manage identity verification');
  end if;
end
$$;

-- Creates or replaces the secret and returns it this once; signatures made with the old
-- one stop verifying at once.
create function public.rotate_identity_secret(organization_id uuid) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  fresh text := private.new_access_token();
begin
  perform private.require_identity_admin(rotate_identity_secret.organization_id);
  insert into private.identity_verification as v (organization_id, secret, rotated_at)
  values (rotate_identity_secret.organization_id, fresh, now())
  on conflict (organization_id) do update set secret = excluded.secret, rotated_at = excluded.rotated_at;
  return fresh;
end
$$;

create function public.set_identity_verification_required(organization_id uuid, required boolean) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.require_identity_admin(set_identity_verification_required.organization_id);
  if set_identity_verification_required.required is null then
    perform private.fail('INVALID_INPUT', 'required must be true or false');
  end if;
  update private.identity_verification v set required = set_identity_verification_required.required
  where v.organization_id = set_identity_verification_required.organization_id;
  if not found and set_identity_verification_required.required then
    perform private.fail('CONFLICT', 'Create an identity secret (rotate_identity_secret) before requiring verification');
  end if;
end
$$;

-- Whether a secret exists and is required, for any staff member of the organization.
create function public.identity_verification_status(organization_id uuid)
returns table (configured boolean, required boolean, rotated_at timestamptz)
language plpgsql stable security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  if identity_verification_status.organization_id is null
    or not private.is_staff(identity_verification_status.organization_id) then
    perform private.fail('NOT_FOUND', 'Organization not found');
  end if;
  return query
  select v.organization_id is not null, coalesce(v.required, false), v.rotated_at
  from (select 1) as one
  left join private.identity_verification v on v.organization_id = identity_verification_status.organization_id;
end
$$;

-- Chat RPCs that take a customer_signature ------------------------------------------------

create function public.start_conversation(
  organization_id uuid,
  customer_name text,
  customer_email text,
  customer_phone text default null,
  subject text default null,
  warranty_id uuid default null,
  claim_id uuid default null,
  customer_signature text default null
) returns table (conversation_id uuid, access_token text)
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  caller uuid := auth.uid();
  staff boolean;
  token text;
  new_id uuid;
  recent integer;
  address text;
  verified timestamptz;
begin
  if caller is null then
    perform private.fail('NOT_AUTHORIZED', 'Sign in first (customers sign in anonymously)');
  end if;
  if start_conversation.organization_id is null then
    perform private.fail('INVALID_INPUT', 'organization_id is required');
  end if;
  if not exists (select 1 from public.organizations o where o.id = start_conversation.organization_id) then
    perform private.fail('NOT_FOUND', 'Organization not found');
  end if;
  if start_conversation.customer_name is null or char_length(btrim(start_conversation.customer_name)) = 0 then
    perform private.fail('INVALID_INPUT', 'customer_name is required');
  end if;
  if char_length(start_conversation.customer_name) > 200 then
    perform private.fail('INVALID_INPUT', 'customer_name is longer than 200 characters');
  end if;
  if start_conversation.customer_email is not null
    and (char_length(start_conversation.customer_email) > 320 or start_conversation.customer_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$') then
    perform private.fail('INVALID_INPUT', 'customer_email is not a valid email address');
  end if;
  if char_length(start_conversation.customer_phone) > 50 then
    perform private.fail('INVALID_INPUT', 'customer_phone is longer than 50 characters');
  end if;
  if char_length(start_conversation.subject) > 200 then
    perform private.fail('INVALID_INPUT', 'subject is longer than 200 characters');
  end if;

  staff := private.is_any_staff();
  if staff and not private.is_chat_staff(start_conversation.organization_id) then
    perform private.fail('NOT_AUTHORIZED', 'Only chat members of this organization can open a conversation for it');
  end if;
  verified := private.verify_customer_identity(start_conversation.organization_id,
    nullif(btrim(start_conversation.customer_email), ''), start_conversation.customer_signature, not staff);
  if not staff then
    -- Linking is a staff decision: a customer guessing ids must not attach a stranger's claim.
    -- The one exception is a claim the customer already follows (its claim link, or a
    -- conversation staff linked to it): "ask about this claim" from the claim's own page.
    warranty_id := null;
    if start_conversation.claim_id is not null and not private.has_claim_binding(start_conversation.claim_id) then
      claim_id := null;
    end if;
    -- One start at a time per session, so concurrent calls cannot all pass the count.
    perform pg_advisory_xact_lock(hashtextextended('parley-start:' || caller::text, 0));
    select count(*) into recent from public.chat_conversations c
    where c.created_by = caller and c.created_at > now() - interval '1 hour';
    if recent >= 5 then
      perform private.fail('RATE_LIMITED', 'Too many conversations started, retry in an hour');
    end if;
    -- Anonymous sessions are cheap to make: the address the requests come from is bounded too.
    address := private.client_ip();
    if address is not null then
      perform private.take_rate_limit(
        'start-ip:' || start_conversation.organization_id::text || ':' || private.sha256_hex(address),
        20, interval '1 hour', 'Too many conversations started from this address');
    end if;
  end if;

  token := private.new_access_token();
  insert into public.chat_conversations as c (
    organization_id, customer_name, customer_email, customer_phone, subject, warranty_id, claim_id,
    created_by, customer_verified_at
  ) values (
    start_conversation.organization_id, btrim(start_conversation.customer_name),
    nullif(btrim(start_conversation.customer_email), ''), nullif(btrim(start_conversation.customer_phone), ''),
    nullif(btrim(start_conversation.subject), ''), start_conversation.warranty_id, start_conversation.claim_id,
    caller, verified
  ) returning c.id into new_id;
  perform private.set_access_hash(new_id, null, private.sha256_hex(token));
  if not staff then
    insert into public.conversation_access (conversation_id, user_id) values (new_id, caller);
  end if;
  return query select new_id, token;
end
$$;

create function public.update_customer_details(
  conversation_id uuid,
  customer_name text default null,
  customer_email text default null,
  customer_phone text default null,
  customer_signature text default null
) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  conv public.chat_conversations;
  staff boolean;
  email text;
  verified timestamptz;
begin
  select * into conv from public.chat_conversations c
  where c.id = update_customer_details.conversation_id and c.deleted_at is null;
  if not found then
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  staff := private.is_chat_staff(conv.organization_id);
  if not (staff or (private.has_conversation_binding(conv.id) and not private.is_any_staff())) then
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  if update_customer_details.customer_name is not null
    and char_length(btrim(update_customer_details.customer_name)) not between 1 and 200 then
    perform private.fail('INVALID_INPUT', 'customer_name must be 1 to 200 characters');
  end if;
  if update_customer_details.customer_email is not null
    and (char_length(update_customer_details.customer_email) > 320
      or update_customer_details.customer_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$') then
    perform private.fail('INVALID_INPUT', 'customer_email is not a valid email address');
  end if;
  if char_length(update_customer_details.customer_phone) > 50 then
    perform private.fail('INVALID_INPUT', 'customer_phone is longer than 50 characters');
  end if;

  -- null leaves a field as it is; a signature vouches for the e-mail the row ends up with.
  email := coalesce(btrim(update_customer_details.customer_email), conv.customer_email);
  if update_customer_details.customer_signature is not null then
    verified := private.verify_customer_identity(conv.organization_id, email, update_customer_details.customer_signature, false);
  elsif lower(email) is distinct from lower(conv.customer_email) then
    -- Only a new e-mail needs a signature where one is required: name and phone edits,
    -- or the same e-mail again, keep working for a conversation started before.
    perform private.verify_customer_identity(conv.organization_id, email, null, not staff);
    verified := null;
  else
    verified := conv.customer_verified_at;
  end if;

  update public.chat_conversations c set
    customer_name = coalesce(btrim(update_customer_details.customer_name), c.customer_name),
    customer_email = email,
    customer_phone = coalesce(btrim(update_customer_details.customer_phone), c.customer_phone),
    customer_verified_at = verified
  where c.id = conv.id;
end
$$;

-- Privileges ------------------------------------------------------------------------------

revoke all on function
  public.start_conversation(uuid, text, text, text, text, uuid, uuid, text),
  public.update_customer_details(uuid, text, text, text, text),
  public.rotate_identity_secret(uuid),
  public.set_identity_verification_required(uuid, boolean),
  public.identity_verification_status(uuid)
from public, anon;
grant execute on function
  public.start_conversation(uuid, text, text, text, text, uuid, uuid, text),
  public.update_customer_details(uuid, text, text, text, text),
  public.rotate_identity_secret(uuid),
  public.set_identity_verification_required(uuid, boolean),
  public.identity_verification_status(uuid)
to authenticated, service_role;

-- Helpers run only inside the RPCs and triggers above (as their owner).
revoke all on function
  private.identity_fail(text),
  private.identity_signature(text, text),
  private.verify_customer_identity(uuid, text, text, boolean),
  private.conversation_guard_verification(),
  private.require_identity_admin(uuid)
from public, anon, authenticated;
