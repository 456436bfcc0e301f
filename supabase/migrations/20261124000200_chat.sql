-- Chat: conversations, customer bindings, messages, typing indicators, the customer access
-- tokens (conversations' and claims'), and the RPCs the SDK calls. Server-side truth is kept
-- by triggers so that a direct REST insert and the RPC end in the same row.

create table public.chat_conversations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  customer_name text not null check (char_length(btrim(customer_name)) between 1 and 200),
  customer_email text check (customer_email is null or (char_length(customer_email) <= 320 and customer_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$')),
  customer_phone text check (customer_phone is null or char_length(customer_phone) <= 50),
  subject text check (subject is null or char_length(subject) <= 200),
  assigned_to uuid references public.profiles (id) on delete set null,
  warranty_id uuid references public.warranties (id) on delete set null,
  claim_id uuid references public.claims (id) on delete set null,
  status public.conversation_status not null default 'active',
  priority public.conversation_priority not null default 'normal',
  last_message_at timestamptz,
  unread_count_customer integer not null default 0 check (unread_count_customer >= 0),
  unread_count_staff integer not null default 0 check (unread_count_staff >= 0),
  tags text[] not null default '{}' check (cardinality(tags) <= 20),
  internal_notes text check (internal_notes is null or char_length(internal_notes) <= 10000),
  created_by uuid references auth.users (id) on delete set null,
  customer_last_seen_at timestamptz,
  staff_last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- When something the customer may see last changed: their projection's updated_at, so
  -- staff-only edits (tags, notes, the staff counter) leave no timing trace for them.
  customer_updated_at timestamptz not null default now(),
  -- Soft delete (delete_conversation, admins only): the row and its history stay for the
  -- audit trail; everyone else stops seeing it.
  deleted_at timestamptz,
  deleted_by uuid references auth.users (id) on delete set null
)
-- Every message rewrites its conversation's counters and last_message_at. Kept out of every
-- index (the staff list sorts an organization's rows, which no index order would spare),
-- that update is HOT: one new row version on the same page, room for which fillfactor
-- keeps, instead of a new entry in each of the table's eight indexes.
with (fillfactor = 80);
create index chat_conversations_org_status_idx on public.chat_conversations (organization_id, status);
create index chat_conversations_org_created_idx on public.chat_conversations (organization_id, created_at desc);
create index chat_conversations_assigned_idx on public.chat_conversations (assigned_to, status);
create index chat_conversations_warranty_id_idx on public.chat_conversations (warranty_id);
create index chat_conversations_claim_id_idx on public.chat_conversations (claim_id);
create index chat_conversations_created_by_idx on public.chat_conversations (created_by, created_at);
create index chat_conversations_deleted_by_idx on public.chat_conversations (deleted_by);

-- sha256 hex of each customer access token (the token itself is returned once and never
-- stored), for a conversation or a claim. Kept out of the API schema so that no API role,
-- staff included, can read a hash: only the SECURITY DEFINER token functions touch it.
create table private.access_tokens (
  hash text primary key check (hash ~ '^[0-9a-f]{64}$'),
  conversation_id uuid unique references public.chat_conversations (id) on delete cascade,
  claim_id uuid unique references public.claims (id) on delete cascade,
  created_at timestamptz not null default now(),
  check (num_nonnulls(conversation_id, claim_id) = 1)
);
alter table private.access_tokens enable row level security;
revoke all on private.access_tokens from public, anon, authenticated, service_role;
create policy access_tokens_no_client on private.access_tokens
  as restrictive for all to anon, authenticated using (false) with check (false);

-- Replaces (or with a null hash, removes) the token of one conversation or one claim.
create function private.set_access_hash(conversation uuid, claim uuid, token_hash text) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  delete from private.access_tokens t
  where (conversation is not null and t.conversation_id = conversation) or (claim is not null and t.claim_id = claim);
  if token_hash is not null then
    insert into private.access_tokens (hash, conversation_id, claim_id) values (token_hash, conversation, claim);
  end if;
end
$$;

create table public.conversation_access (
  conversation_id uuid not null references public.chat_conversations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (conversation_id, user_id)
);
create index conversation_access_user_id_idx on public.conversation_access (user_id);

create function private.valid_attachments(value jsonb) returns boolean
language plpgsql immutable
set search_path = ''
as $$
begin
  if value = '[]'::jsonb then
    return true;
  end if;
  return (
    select jsonb_typeof(value) = 'array'
      and jsonb_array_length(value) <= 10
      and not exists (
        select 1 from jsonb_array_elements(value) as item
        where jsonb_typeof(item) <> 'object'
          -- Exactly the four keys: anything else would ride along unchecked and unbounded.
          or case when jsonb_typeof(item) = 'object' then item - array['path', 'name', 'size', 'mime_type'] end <> '{}'::jsonb
          or jsonb_typeof(item -> 'path') is distinct from 'string'
          or jsonb_typeof(item -> 'name') is distinct from 'string'
          or jsonb_typeof(item -> 'size') is distinct from 'number'
          or jsonb_typeof(item -> 'mime_type') is distinct from 'string'
          or char_length(item ->> 'path') not between 1 and 1024
          or char_length(item ->> 'name') not between 1 and 255
          or (item ->> 'name') ~ '[[:cntrl:]/\\]'
          or (item ->> 'size')::numeric not between 0 and 10485760
          or char_length(item ->> 'mime_type') not between 1 and 255
      )
  );
end
$$;

create table public.chat_messages (
  id uuid primary key default gen_random_uuid(),
  -- Always the conversation's (message_prepare sets it), whose own key cascades: a key here
  -- would only add a check and a row lock on the organization to every message, which
  -- concurrent senders of one dealer would all queue on.
  organization_id uuid not null,
  conversation_id uuid not null references public.chat_conversations (id) on delete cascade,
  client_id uuid not null default gen_random_uuid(),
  sender_type public.sender_type not null,
  sender_id uuid references auth.users (id) on delete set null,
  sender_name text not null check (char_length(sender_name) between 1 and 200),
  message_type public.message_type not null default 'text',
  content text not null default '' check (char_length(content) <= 10000),
  attachments jsonb not null default '[]'::jsonb check (private.valid_attachments(attachments)),
  read_by_customer boolean not null default false,
  read_by_staff boolean not null default false,
  read_at timestamptz,
  is_internal boolean not null default false,
  edited_at timestamptz,
  created_at timestamptz not null default now(),
  unique (conversation_id, client_id),
  check (message_type <> 'text' or char_length(btrim(content)) > 0),
  check (message_type not in ('file', 'image') or jsonb_array_length(attachments) > 0)
);
create index chat_messages_conversation_created_idx on public.chat_messages (conversation_id, created_at, id);
create index chat_messages_customer_rate_idx on public.chat_messages (conversation_id, created_at) where sender_type = 'customer';
create index chat_messages_organization_id_idx on public.chat_messages (organization_id, created_at desc);
create index chat_messages_sender_id_idx on public.chat_messages (sender_id);

create table public.typing_indicators (
  conversation_id uuid not null references public.chat_conversations (id) on delete cascade,
  user_type public.typing_user_type not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  user_name text not null check (char_length(user_name) between 1 and 200),
  expires_at timestamptz not null,
  -- Staff writing an internal note: never shown to the customer.
  is_internal boolean not null default false,
  primary key (conversation_id, user_type, user_id)
);
create index typing_indicators_expires_at_idx on public.typing_indicators (expires_at);
create index typing_indicators_user_id_idx on public.typing_indicators (user_id);

-- Access helpers -------------------------------------------------------------------------

create function private.conversation_org(conversation uuid) returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select c.organization_id from public.chat_conversations c where c.id = conversation
  );
end
$$;

create function private.has_conversation_binding(conversation uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (
      select 1 from public.conversation_access a where a.conversation_id = conversation and a.user_id = auth.uid()
    )
  );
end
$$;

create function private.can_access_conversation(conversation uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (
      select 1 from public.chat_conversations c
      where c.id = conversation and c.deleted_at is null
        and (private.is_chat_staff(c.organization_id) or private.has_conversation_binding(c.id))
    )
  );
end
$$;

-- A customer follows a claim's timeline through a claim token or through a conversation
-- linked to that claim.
create or replace function private.has_claim_binding(claim uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (select 1 from public.claim_access a where a.claim_id = claim and a.user_id = auth.uid())
      or exists (
        select 1 from public.conversation_access a
        join public.chat_conversations c on c.id = a.conversation_id
        where c.claim_id = claim and a.user_id = auth.uid()
      )
  );
end
$$;

create function private.my_conversations() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select array_agg(a.conversation_id) from public.conversation_access a where a.user_id = auth.uid());
end
$$;

create or replace function private.my_claims() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select array_agg(distinct bound.claim_id) from (
      select a.claim_id from public.claim_access a where a.user_id = auth.uid()
      union all
      select c.claim_id from public.conversation_access a
      join public.chat_conversations c on c.id = a.conversation_id
      where a.user_id = auth.uid() and c.claim_id is not null
    ) bound
  );
end
$$;

create function private.can_access_claim(claim uuid) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select private.is_staff(private.claim_org(claim)) or private.has_claim_binding(claim)
  );
end
$$;

create function private.broadcast(topic text, event text, payload jsonb) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform realtime.send(payload, event, topic, true);
end
$$;

-- What a customer may know about their conversation: never tags, notes or the token hash.
create function private.conversation_customer_payload(c public.chat_conversations) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select jsonb_build_object(
      'id', c.id,
      'organization_id', c.organization_id,
      'subject', c.subject,
      'status', c.status,
      'priority', c.priority,
      'customer_name', c.customer_name,
      'customer_email', c.customer_email,
      'customer_phone', c.customer_phone,
      'claim_id', c.claim_id,
      'last_message_at', c.last_message_at,
      'unread_count_customer', c.unread_count_customer,
      'customer_last_seen_at', c.customer_last_seen_at,
      'staff_last_seen_at', c.staff_last_seen_at,
      'assigned_agent_name', p.display_name,
      'assigned_agent_avatar_url', p.avatar_url,
      'created_at', c.created_at,
      'updated_at', c.customer_updated_at
    )
    from (select 1) as one
    left join public.profiles p on p.id = c.assigned_to
  );
end
$$;

create function private.conversation_staff_payload(c public.chat_conversations) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
begin
  return to_jsonb(c);
end
$$;

-- The fields of conversation_customer_payload that come from the conversation row.
create function private.customer_projection_changed(old_row public.chat_conversations, new_row public.chat_conversations)
returns boolean
language plpgsql immutable
set search_path = ''
as $$
begin
  return (
    new_row.status, new_row.priority, new_row.subject, new_row.customer_name, new_row.customer_email,
    new_row.customer_phone, new_row.claim_id, new_row.assigned_to, new_row.last_message_at,
    new_row.unread_count_customer, new_row.customer_last_seen_at, new_row.staff_last_seen_at
  ) is distinct from (
    old_row.status, old_row.priority, old_row.subject, old_row.customer_name, old_row.customer_email,
    old_row.customer_phone, old_row.claim_id, old_row.assigned_to, old_row.last_message_at,
    old_row.unread_count_customer, old_row.customer_last_seen_at, old_row.staff_last_seen_at
  );
end
$$;

-- Conversation triggers ------------------------------------------------------------------

create function private.conversation_guard_insert() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.require_name('customer_name', new.customer_name);
  if private.is_client_statement() then
    new.created_by := auth.uid();
    new.last_message_at := null;
    new.unread_count_customer := 0;
    new.unread_count_staff := 0;
    new.customer_last_seen_at := null;
    new.staff_last_seen_at := null;
    new.created_at := now();
    new.deleted_at := null;
    new.deleted_by := null;
  end if;
  new.updated_at := now();
  new.customer_updated_at := now();
  return new;
end
$$;

create function private.conversation_guard_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_client_statement() and (
    new.id is distinct from old.id
    or new.organization_id is distinct from old.organization_id
    or new.last_message_at is distinct from old.last_message_at
    or new.unread_count_customer is distinct from old.unread_count_customer
    or new.unread_count_staff is distinct from old.unread_count_staff
    or new.customer_last_seen_at is distinct from old.customer_last_seen_at
    or new.staff_last_seen_at is distinct from old.staff_last_seen_at
    or new.created_by is distinct from old.created_by
    or new.created_at is distinct from old.created_at
    or new.customer_updated_at is distinct from old.customer_updated_at
    or new.deleted_at is distinct from old.deleted_at
    or new.deleted_by is distinct from old.deleted_by
  ) then
    perform private.fail('NOT_AUTHORIZED',
      'organization_id, last_message_at, unread counters, last-seen times, created_by, created_at and deletion are maintained by the server');
  end if;
  if new.customer_name is distinct from old.customer_name then
    perform private.require_name('customer_name', new.customer_name);
  end if;
  new.updated_at := now();
  if private.customer_projection_changed(old, new) then
    new.customer_updated_at := now();
  end if;
  return new;
end
$$;

-- Links and assignment are checked against the organization whoever writes them.
create function private.conversation_check_links() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from public.organizations o where o.id = new.organization_id) then
    perform private.fail('NOT_FOUND', 'Organization not found');
  end if;
  if new.warranty_id is not null and (tg_op = 'INSERT' or new.warranty_id is distinct from old.warranty_id)
    and not exists (select 1 from public.warranties w where w.id = new.warranty_id and w.organization_id = new.organization_id) then
    perform private.fail('INVALID_INPUT', 'warranty_id does not belong to this organization');
  end if;
  if new.claim_id is not null and (tg_op = 'INSERT' or new.claim_id is distinct from old.claim_id)
    and not exists (select 1 from public.claims c where c.id = new.claim_id and c.organization_id = new.organization_id) then
    perform private.fail('INVALID_INPUT', 'claim_id does not belong to this organization');
  end if;
  if new.assigned_to is not null and (tg_op = 'INSERT' or new.assigned_to is distinct from old.assigned_to)
    and not exists (
      select 1 from public.profiles p
      where p.id = new.assigned_to and p.organization_id = new.organization_id and p.is_active
        and p.role in ('admin', 'operations', 'agent')
    ) then
    perform private.fail('INVALID_INPUT', 'assigned_to must be an active chat member of this organization');
  end if;
  return new;
end
$$;

-- Automatic assignment (rules in settings.routing, see the routing migration): among the
-- available, active agents under the organization's maximum of open conversations, those
-- with every required skill first; least_open takes the fewest active conversations, ties
-- (and round_robin) to whoever was assigned longest ago. Serialised per organization so two
-- simultaneous conversations cannot both take the last free place. Returns the decision:
-- {agent, reason (assigned, all_agents_full, no_agent_available, waiting_for_skill,
-- agents_busy),
-- strategy, required_skills, skill_matched, candidates}.
create function private.next_agent(org uuid, required text[] default '{}', excluded uuid default null) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  config jsonb := private.routing_config(org);
  cap integer := (config ->> 'max_open_per_agent')::integer;
  total integer;
  free integer;
  skilled integer;
  use_skill boolean;
  chosen uuid;
  outcome text := 'assigned';
begin
  required := coalesce(required, '{}');
  perform pg_advisory_xact_lock(hashtextextended('parley-assign:' || org::text, 0));
  select count(*), count(*) filter (where cap is null or r.open < cap),
    count(*) filter (where (cap is null or r.open < cap) and r.skills @> required)
  into total, free, skilled from private.routing_candidates(org, excluded) r;
  use_skill := cardinality(required) > 0 and skilled > 0;
  if free = 0 then
    outcome := case when total > 0 then 'all_agents_full' else 'no_agent_available' end;
  elsif cardinality(required) > 0 and skilled = 0 and config ->> 'skill_fallback' = 'wait' then
    outcome := 'waiting_for_skill';
  else
    -- SKIP LOCKED: an agent whose profile is being changed right now (turning unavailable,
    -- whose trigger then waits for this lock) is passed over rather than deadlocked on.
    select r.id into chosen from private.routing_candidates(org, excluded) r
    join public.profiles p on p.id = r.id
    where (cap is null or r.open < cap) and (not use_skill or r.skills @> required)
    order by case when config ->> 'strategy' = 'least_open' then r.open else 0 end, r.last_assigned_at asc nulls first, r.id
    limit 1
    for update of p skip locked;
    if chosen is null then
      outcome := 'agents_busy';
    else
      update public.profiles set last_assigned_at = clock_timestamp() where id = chosen;
    end if;
  end if;
  return jsonb_build_object('agent', chosen, 'reason', outcome, 'strategy', config ->> 'strategy',
    'required_skills', to_jsonb(required), 'skill_matched', use_skill,
    'candidates', case when use_skill then skilled else free end);
end
$$;

-- A conversation opened for someone (assigned_to given) keeps them; otherwise it is routed,
-- or waits when the organization is closed (the routing job assigns it at opening).
create function private.conversation_assign() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  opening timestamptz;
  decision jsonb;
begin
  if new.assigned_to is not null then
    new.routing_reason := jsonb_build_object('reason', 'chosen_by_staff', 'agent', new.assigned_to, 'at', now());
    return new;
  end if;
  opening := private.opening_at(new.organization_id, now());
  if opening is distinct from now() then
    new.routing_reason := jsonb_build_object('reason', 'outside_hours', 'next_opening', opening, 'at', now());
    return new;
  end if;
  decision := private.next_agent(new.organization_id, private.required_skills(new));
  new.assigned_to := (decision ->> 'agent')::uuid;
  new.routing_reason := decision || jsonb_build_object('at', now());
  return new;
end
$$;

create trigger chat_conversations_10_guard_insert before insert on public.chat_conversations
for each row execute function private.conversation_guard_insert();
create trigger chat_conversations_10_guard_update before update on public.chat_conversations
for each row execute function private.conversation_guard_update();
create trigger chat_conversations_20_check_links_insert before insert on public.chat_conversations
for each row execute function private.conversation_check_links();
-- Only when a link can change: every message bumps counters and must not pay for this.
create trigger chat_conversations_20_check_links_update
before update of organization_id, warranty_id, claim_id, assigned_to on public.chat_conversations
for each row execute function private.conversation_check_links();
create trigger chat_conversations_30_assign before insert on public.chat_conversations
for each row execute function private.conversation_assign();

-- Message triggers -----------------------------------------------------------------------

-- Content and attachments rules, on insert and on every edit: attachments may only name
-- files uploaded under their own conversation's folder.
create function private.check_message_body(message public.chat_messages) returns void
language plpgsql stable
set search_path = ''
as $$
declare
  item jsonb;
begin
  if char_length(message.content) > 10000 then
    perform private.fail('INVALID_INPUT', format('content is %s characters long; the limit is 10000', char_length(message.content)));
  end if;
  if message.message_type = 'text' and char_length(btrim(coalesce(message.content, ''))) = 0 then
    perform private.fail('INVALID_INPUT', 'content is required for text messages');
  end if;
  if not private.valid_attachments(coalesce(message.attachments, '[]'::jsonb)) then
    perform private.fail('INVALID_INPUT', 'attachments must be an array of at most 10 {path, name, size <= 10 MB, mime_type}');
  end if;
  for item in select * from jsonb_array_elements(message.attachments) loop
    if not starts_with(item ->> 'path', message.organization_id::text || '/' || message.conversation_id::text || '/') then
      perform private.fail('INVALID_INPUT', 'attachment paths must lie under <organization_id>/<conversation_id>/');
    end if;
  end loop;
  -- Defined with the bucket (storage migration): each path must be an uploaded object whose
  -- stored size and type are the declared ones.
  perform private.check_attachment_objects(message);
end
$$;

-- Sender columns come from the caller's identity whenever the request is a signed-in user,
-- through the RPC or a direct insert alike. service_role and migrations write what they mean.
create function private.message_prepare() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  conv public.chat_conversations;
  staff_name text;
  per_minute integer;
  recent integer;
  oldest timestamptz;
begin
  select * into conv from public.chat_conversations where id = new.conversation_id;
  if not found or (conv.deleted_at is not null and auth.role() = 'authenticated') then
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  new.organization_id := conv.organization_id;

  -- A system message written by one of our triggers (the routing notice outside business
  -- hours) is the server's, whoever's request caused it.
  if auth.role() = 'authenticated' and not (new.sender_type = 'system' and pg_trigger_depth() > 1) then
    if private.is_chat_staff(conv.organization_id) then
      select p.display_name into staff_name from public.profiles p where p.id = auth.uid();
      new.sender_type := 'staff';
      new.sender_id := auth.uid();
      new.sender_name := staff_name;
      new.read_by_staff := true;
      new.read_by_customer := false;
    elsif private.has_conversation_binding(conv.id) and not private.is_any_staff() then
      if new.is_internal then
        perform private.fail('NOT_AUTHORIZED', 'Customers cannot write internal notes');
      end if;
      if new.message_type not in ('text', 'file', 'image') then
        perform private.fail('INVALID_INPUT', 'Customers can send text, file and image messages only');
      end if;
      if conv.status = 'archived' then
        perform private.fail('CONFLICT', 'This conversation is archived');
      end if;
      per_minute := coalesce(
        (select (o.settings ->> 'customer_messages_per_minute')::integer from public.organizations o
         where o.id = conv.organization_id and o.settings ->> 'customer_messages_per_minute' ~ '^[0-9]{1,6}$'),
        20);
      -- One customer send at a time per conversation, so concurrent requests cannot all
      -- slip under the limit; the window scan stops at the limit.
      perform pg_advisory_xact_lock(hashtextextended('parley-rate:' || conv.id::text, 0));
      select count(*), min(r.created_at) into recent, oldest
      from (
        select m.created_at from public.chat_messages m
        where m.conversation_id = conv.id and m.sender_type = 'customer' and m.created_at > now() - interval '1 minute'
        order by m.created_at desc
        limit per_minute
      ) r;
      -- A retry of a message already stored is not a new one: send_message returns it.
      if recent >= per_minute and not exists (
        select 1 from public.chat_messages m where m.conversation_id = conv.id and m.client_id = new.client_id
      ) then
        perform private.fail('RATE_LIMITED', format('Too many messages, retry in %s s',
          greatest(1, ceil(extract(epoch from (oldest + interval '1 minute' - now()))))::integer));
      end if;
      new.sender_type := 'customer';
      new.sender_id := auth.uid();
      new.sender_name := conv.customer_name;
      new.read_by_customer := true;
      new.read_by_staff := false;
    else
      -- Same answer as for a conversation that does not exist: no existence oracle.
      perform private.fail('NOT_FOUND', 'Conversation not found');
    end if;
    new.read_at := null;
    new.edited_at := null;
    new.created_at := now();
  end if;

  perform private.check_message_body(new);
  return new;
end
$$;

-- The status a customer's edit is judged by (customers cannot read the conversation row).
create function private.conversation_status(conversation uuid) returns public.conversation_status
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select c.status from public.chat_conversations c where c.id = conversation);
end
$$;

create function private.message_guard_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_client_statement() then
    if new.id is distinct from old.id
      or new.organization_id is distinct from old.organization_id
      or new.conversation_id is distinct from old.conversation_id
      or new.client_id is distinct from old.client_id
      or new.sender_type is distinct from old.sender_type
      or new.sender_id is distinct from old.sender_id
      or new.sender_name is distinct from old.sender_name
      or new.message_type is distinct from old.message_type
      or new.is_internal is distinct from old.is_internal
      or new.read_by_customer is distinct from old.read_by_customer
      or new.read_by_staff is distinct from old.read_by_staff
      or new.read_at is distinct from old.read_at
      or new.created_at is distinct from old.created_at then
      perform private.fail('NOT_AUTHORIZED', 'Only content and attachments of your own message can be edited');
    end if;
    -- An archived conversation is closed to the customer: no new message, no rewritten one.
    if old.sender_type = 'customer' and private.conversation_status(old.conversation_id) = 'archived' then
      perform private.fail('CONFLICT', 'This conversation is archived');
    end if;
    if new.content is distinct from old.content or new.attachments is distinct from old.attachments then
      perform private.take_rate_limit('edit:' || auth.uid()::text, 30, interval '1 minute', 'Too many message edits');
      new.edited_at := now();
    end if;
  end if;
  if new.content is distinct from old.content or new.attachments is distinct from old.attachments then
    perform private.check_message_body(new);
  end if;
  return new;
end
$$;

-- Internal notes touch the conversation not at all: not last_message_at, not a counter,
-- not even updated_at, which customers see (it would time staff activity).
-- Every message is one broadcast per audience: a message that moves the conversation's
-- counters carries the conversation's new state for that audience, so the update below
-- sends no `conversation` event of its own (private.carry_conversation).
create function private.message_after_insert() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  conv public.chat_conversations;
begin
  if new.is_internal then
    perform private.broadcast_conversation_event(new.conversation_id, new.organization_id, 'message', to_jsonb(new), false);
    return null;
  end if;
  perform private.carry_conversation(new.conversation_id);
  update public.chat_conversations c set
    last_message_at = new.created_at,
    unread_count_staff = c.unread_count_staff + case when new.sender_type = 'customer' then 1 else 0 end,
    unread_count_customer = c.unread_count_customer + case when new.sender_type <> 'customer' then 1 else 0 end,
    status = case when new.sender_type = 'customer' and c.status = 'resolved' then 'active'::public.conversation_status else c.status end
  where c.id = new.conversation_id
  returning * into conv;
  perform private.carry_conversation(null);
  perform private.broadcast_conversation_event(new.conversation_id, new.organization_id, 'message', to_jsonb(new), true, conv);
  return null;
end
$$;

create trigger chat_messages_10_prepare before insert on public.chat_messages
for each row execute function private.message_prepare();
create trigger chat_messages_10_guard_update before update on public.chat_messages
for each row execute function private.message_guard_update();
create trigger chat_messages_20_after_insert after insert on public.chat_messages
for each row execute function private.message_after_insert();

-- RLS -----------------------------------------------------------------------------------

alter table public.chat_conversations enable row level security;
alter table public.conversation_access enable row level security;
alter table public.chat_messages enable row level security;
alter table public.typing_indicators enable row level security;

-- Customers never read the base table (tags, internal notes); they read customer_conversations.
-- A deleted conversation is gone for staff too (lists, counts, reads); the audit log keeps
-- who deleted it.
create policy chat_conversations_select_staff on public.chat_conversations
  for select to authenticated using (organization_id = (select private.my_chat_org()) and deleted_at is null);
create policy chat_conversations_insert_staff on public.chat_conversations
  for insert to authenticated with check (private.is_chat_staff(organization_id));
create policy chat_conversations_update_staff on public.chat_conversations
  for update to authenticated
  using (organization_id = (select private.my_chat_org()) and deleted_at is null)
  with check (organization_id = (select private.my_chat_org()));

create policy conversation_access_select_own_or_staff on public.conversation_access
  for select to authenticated
  using (user_id = (select auth.uid()) or private.is_chat_staff(private.conversation_org(conversation_id)));
create policy conversation_access_delete_staff on public.conversation_access
  for delete to authenticated using (private.is_chat_staff(private.conversation_org(conversation_id)));

-- One SELECT policy for both audiences (chat staff: everything of their organization but a
-- deleted conversation's, which their chat_conversations policy hides; bound customers: the
-- conversation without internal notes): PostgreSQL evaluates every permissive policy for
-- every row, so two would cost two checks per row.
create policy chat_messages_select_participant on public.chat_messages
  for select to authenticated
  using (
    (organization_id = (select private.my_chat_org())
      and exists (select 1 from public.chat_conversations c where c.id = conversation_id))
    or (not is_internal and conversation_id = any (coalesce((select private.my_conversations()), '{}'::uuid[])))
  );
create policy chat_messages_insert_participant on public.chat_messages
  for insert to authenticated
  with check (private.can_access_conversation(conversation_id) and (not is_internal or private.is_chat_staff(organization_id)));
create policy chat_messages_update_own on public.chat_messages
  for update to authenticated
  using (sender_id = (select auth.uid()) and private.can_access_conversation(conversation_id))
  with check (sender_id = (select auth.uid()) and private.can_access_conversation(conversation_id));

create policy typing_indicators_select_participant on public.typing_indicators
  for select to authenticated
  using (private.can_access_conversation(conversation_id)
    and (not is_internal or private.is_chat_staff(private.conversation_org(conversation_id))));

-- The customer's view of their conversations: the caller's bound conversations, with
-- customer-safe columns only. Customers have no privilege on chat_conversations, and column
-- grants cannot help (staff share the authenticated role), so the rows come from a SECURITY
-- DEFINER function that filters on the caller's bindings itself. It lives in private, which
-- PostgREST does not expose, so the only way to it is this view, which runs as its caller
-- (security_invoker) like every other relation the API reads.
create function private.customer_conversations()
returns table (
  id uuid, organization_id uuid, subject text, status public.conversation_status,
  priority public.conversation_priority, customer_name text, customer_email text,
  customer_phone text, claim_id uuid, last_message_at timestamptz, unread_count_customer integer,
  customer_last_seen_at timestamptz, staff_last_seen_at timestamptz, assigned_agent_name text,
  assigned_agent_avatar_url text, created_at timestamptz, updated_at timestamptz
)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
  select
    c.id, c.organization_id, c.subject, c.status, c.priority, c.customer_name, c.customer_email,
    c.customer_phone, c.claim_id, c.last_message_at, c.unread_count_customer,
    c.customer_last_seen_at, c.staff_last_seen_at,
    p.display_name, p.avatar_url,
    c.created_at, c.customer_updated_at
  from public.conversation_access a
  join public.chat_conversations c on c.id = a.conversation_id
  left join public.profiles p on p.id = c.assigned_to
  where a.user_id = auth.uid();
end
$$;
revoke all on function private.customer_conversations() from public, anon;
grant execute on function private.customer_conversations() to authenticated, service_role;

create view public.customer_conversations with (security_invoker = true) as
select * from private.customer_conversations();

revoke all on public.chat_conversations, public.conversation_access, public.chat_messages,
  public.typing_indicators, public.customer_conversations from anon;
-- Conversations are never hard-deleted over the API: delete_conversation soft-deletes and audits.
revoke delete, truncate on public.chat_conversations from authenticated, service_role;
revoke insert, update on public.conversation_access from authenticated;
revoke insert, update, delete on public.typing_indicators from authenticated;
revoke all on public.customer_conversations from authenticated;
grant select on public.customer_conversations to authenticated;

-- RPCs ----------------------------------------------------------------------------------

-- start_conversation and update_customer_details: 20261124120000_identity_verification.sql.

create function public.redeem_access_token(token text)
returns table (conversation_id uuid, claim_id uuid)
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  caller uuid := auth.uid();
  hashed text;
  conv record;
  found_claim uuid;
begin
  if caller is null or private.is_any_staff() or not private.is_anonymous_user() then
    perform private.fail('NOT_AUTHORIZED', 'Only an anonymous customer session can redeem an access token');
  end if;
  if token is null or lower(token) !~ '^[0-9a-f]{64}$' then
    perform private.fail('TOKEN_INVALID', 'This access link is invalid or has been revoked');
  end if;
  hashed := private.sha256_hex(lower(token));

  select c.id, c.claim_id into conv from private.access_tokens t
  join public.chat_conversations c on c.id = t.conversation_id
  where t.hash = hashed and c.deleted_at is null;
  if found then
    insert into public.conversation_access (conversation_id, user_id) values (conv.id, caller)
    on conflict do nothing;
    return query select conv.id, conv.claim_id;
    return;
  end if;

  select t.claim_id into found_claim from private.access_tokens t where t.hash = hashed and t.claim_id is not null;
  if found then
    insert into public.claim_access (claim_id, user_id) values (found_claim, caller)
    on conflict do nothing;
    return query select null::uuid, found_claim;
    return;
  end if;

  perform private.fail('TOKEN_INVALID', 'This access link is invalid or has been revoked');
end
$$;

-- What an access link opens, read without redeeming it, so the widget can ask a visitor who
-- already has conversations before switching: the dealer's name and the subject (or claim
-- number), never the customer's name or messages. A wrong or revoked token returns no row
-- rather than an error so that the rate-limit hit is kept: this is a token oracle.
create function public.peek_access_token(token text)
returns table (kind text, organization_name text, subject text, claim_number text)
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  caller uuid := auth.uid();
  address text := private.client_ip();
  hashed text;
begin
  if caller is null or private.is_any_staff() or not private.is_anonymous_user() then
    perform private.fail('NOT_AUTHORIZED', 'Only an anonymous customer session can read an access link');
  end if;
  perform private.take_rate_limit('peek:' || caller::text, 10, interval '1 minute', 'Too many access links checked');
  if address is not null then
    perform private.take_rate_limit('peek-ip:' || address, 60, interval '1 minute', 'Too many access links checked');
  end if;
  if token is null or lower(token) !~ '^[0-9a-f]{64}$' then
    return;
  end if;
  hashed := private.sha256_hex(lower(token));

  return query
    select 'conversation'::text, o.name, c.subject, cl.claim_number
    from private.access_tokens t
    join public.chat_conversations c on c.id = t.conversation_id
    join public.organizations o on o.id = c.organization_id
    left join public.claims cl on cl.id = c.claim_id
    where t.hash = hashed and c.deleted_at is null
    union all
    select 'claim'::text, o.name, null::text, cl.claim_number
    from private.access_tokens t
    join public.claims cl on cl.id = t.claim_id
    join public.organizations o on o.id = cl.organization_id
    where t.hash = hashed;
end
$$;

-- Staff of the conversation's organization (chat roles) or NOT_FOUND/NOT_AUTHORIZED.
create function private.require_chat_staff(conversation uuid) returns public.chat_conversations
language plpgsql stable security definer
set search_path = ''
as $$
declare
  conv public.chat_conversations;
begin
  select * into conv from public.chat_conversations c where c.id = conversation and c.deleted_at is null;
  if not found or not private.is_staff(conv.organization_id) then
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  if not private.is_chat_staff(conv.organization_id) then
    perform private.fail('NOT_AUTHORIZED', 'Your role has no access to chat');
  end if;
  return conv;
end
$$;

create function public.rotate_access_token(conversation_id uuid) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  token text := private.new_access_token();
begin
  perform private.require_chat_staff(rotate_access_token.conversation_id);
  perform private.set_access_hash(rotate_access_token.conversation_id, null, private.sha256_hex(token));
  delete from public.conversation_access a where a.conversation_id = rotate_access_token.conversation_id;
  return token;
end
$$;

create function public.revoke_access_token(conversation_id uuid) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.require_chat_staff(revoke_access_token.conversation_id);
  perform private.set_access_hash(revoke_access_token.conversation_id, null, null);
  delete from public.conversation_access a where a.conversation_id = revoke_access_token.conversation_id;
end
$$;

create function public.send_message(
  conversation_id uuid,
  client_id uuid,
  content text,
  message_type text default 'text',
  attachments jsonb default '[]'::jsonb,
  is_internal boolean default false
) returns public.chat_messages
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  caller uuid := auth.uid();
  saved public.chat_messages;
begin
  if caller is null then
    perform private.fail('NOT_AUTHORIZED', 'Sign in first');
  end if;
  if send_message.conversation_id is null or send_message.client_id is null then
    perform private.fail('INVALID_INPUT', 'conversation_id and client_id are required');
  end if;
  if coalesce(send_message.message_type, '') not in ('text', 'file', 'image', 'status_update', 'system') then
    perform private.fail('INVALID_INPUT', 'message_type must be one of text, file, image, status_update, system');
  end if;

  -- The insert is the access check: message_prepare runs before the conflict test, so a
  -- retry is judged like a first send and an outsider learns NOT_FOUND, never CONFLICT.
  -- Idempotency: a retry of the same client_id returns the row already stored, but only to
  -- whoever sent it (a client_id is not a key to someone else's message).
  insert into public.chat_messages as m (conversation_id, client_id, content, message_type, attachments, is_internal, sender_type, sender_name)
  values (
    send_message.conversation_id, send_message.client_id, coalesce(send_message.content, ''),
    send_message.message_type::public.message_type, coalesce(send_message.attachments, '[]'::jsonb),
    coalesce(send_message.is_internal, false), 'customer', '-'
  )
  on conflict (conversation_id, client_id) do nothing
  returning * into saved;
  if saved.id is null then
    select * into saved from public.chat_messages m
    where m.conversation_id = send_message.conversation_id and m.client_id = send_message.client_id;
    if saved.sender_id is distinct from caller then
      perform private.fail('CONFLICT', 'client_id is already used in this conversation');
    end if;
  end if;
  return saved;
end
$$;

create function public.mark_read(conversation_id uuid) returns timestamptz
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  conv public.chat_conversations;
  read_time timestamptz := now();
  reader text;
begin
  select * into conv from public.chat_conversations c where c.id = mark_read.conversation_id and c.deleted_at is null;
  if not found then
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  if private.is_chat_staff(conv.organization_id) then
    reader := 'staff';
  elsif private.has_conversation_binding(conv.id) and not private.is_any_staff() then
    reader := 'customer';
  else
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  -- Every receipt is a broadcast to both audiences: bounded per reader.
  perform private.take_rate_limit('read:' || auth.uid()::text, 60, interval '1 minute', 'Too many read receipts');
  perform private.carry_conversation(conv.id);
  if reader = 'staff' then
    update public.chat_messages m set read_by_staff = true, read_at = coalesce(m.read_at, read_time)
    where m.conversation_id = conv.id and m.sender_type <> 'staff' and not m.read_by_staff;
    update public.chat_conversations c set unread_count_staff = 0, staff_last_seen_at = read_time where c.id = conv.id
    returning * into conv;
  else
    update public.chat_messages m set read_by_customer = true, read_at = coalesce(m.read_at, read_time)
    where m.conversation_id = conv.id and m.sender_type <> 'customer' and not m.is_internal and not m.read_by_customer;
    update public.chat_conversations c set unread_count_customer = 0, customer_last_seen_at = read_time where c.id = conv.id
    returning * into conv;
  end if;
  perform private.carry_conversation(null);
  perform private.broadcast_conversation_event(conv.id, conv.organization_id, 'read',
    jsonb_build_object('conversation_id', conv.id, 'reader', reader, 'read_at', read_time), true, conv);
  return read_time;
end
$$;

-- One helper for every conversation event: staff topic always, the conversation topic only
-- for what a customer may see. `state`, the conversation as the event left it, rides along
-- as `conversation`, in each audience's projection: one broadcast per audience instead of
-- the event and then a `conversation` event.
create function private.broadcast_conversation_event(
  conversation uuid, organization uuid, event text, payload jsonb, customer_visible boolean,
  state public.chat_conversations default null
) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.broadcast(private.topic_name('staff', organization), event,
    case when state.id is null then payload
    else payload || jsonb_build_object('conversation', private.conversation_staff_payload(state)) end);
  if customer_visible then
    perform private.broadcast(private.topic_name('conversation', conversation), event,
      case when state.id is null then payload
      else payload || jsonb_build_object('conversation', private.conversation_customer_payload(state)) end);
  end if;
end
$$;

-- Marks the conversation whose next changes in this transaction ride along with the event
-- being written (null: none), so its broadcast trigger stays quiet about them.
create function private.carry_conversation(conversation uuid) returns void
language plpgsql volatile
set search_path = ''
as $$
begin
  perform set_config('parley.carried_conversation', coalesce(conversation::text, ''), true);
end
$$;

-- `internal`: staff typing an internal note, announced to staff only.
create function public.set_typing(conversation_id uuid, is_typing boolean, internal boolean default false) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  conv public.chat_conversations;
  caller uuid := auth.uid();
  side public.typing_user_type;
  who text;
  note boolean := coalesce(set_typing.internal, false);
  previous public.typing_indicators;
  was_typing boolean;
  expires timestamptz := now() + interval '8 seconds';
  payload jsonb;
begin
  select * into conv from public.chat_conversations c where c.id = set_typing.conversation_id and c.deleted_at is null;
  if not found or caller is null then
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  if private.is_chat_staff(conv.organization_id) then
    side := 'staff';
    select p.display_name into who from public.profiles p where p.id = caller;
  elsif private.has_conversation_binding(conv.id) and not private.is_any_staff() then
    if note then
      perform private.fail('NOT_AUTHORIZED', 'Customers cannot write internal notes');
    end if;
    side := 'customer';
    who := conv.customer_name;
  else
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;

  -- A typist announces every few seconds; 20 calls in 10 s is a flood, not typing. The
  -- limit's lock also serializes one typist's calls, so was_typing below is not stale.
  perform private.take_rate_limit('typing:' || conv.id::text || ':' || caller::text, 20, interval '10 seconds',
    'Too many typing updates');
  select * into previous from public.typing_indicators t
  where t.conversation_id = conv.id and t.user_type = side and t.user_id = caller;
  was_typing := previous.expires_at is not null and previous.expires_at > now();

  if coalesce(set_typing.is_typing, false) then
    insert into public.typing_indicators as t (conversation_id, user_type, user_id, user_name, expires_at, is_internal)
    values (conv.id, side, caller, who, expires, note)
    on conflict (conversation_id, user_type, user_id) do update set expires_at = excluded.expires_at,
      user_name = excluded.user_name, is_internal = excluded.is_internal;
    payload := jsonb_build_object('conversation_id', conv.id, 'user_type', side, 'user_name', who,
      'is_typing', true, 'is_internal', note, 'expires_at', expires);
    -- Keystrokes arrive far faster than anyone needs: re-announce at most every 4 s, and at
    -- once when the typist switches between a reply and an internal note.
    if not was_typing or previous.expires_at < now() + interval '4 seconds' or previous.is_internal <> note then
      perform private.broadcast_conversation_event(conv.id, conv.organization_id, 'typing', payload, not note);
    end if;
    -- The customer saw a reply being typed that has become a note: it stopped, for them.
    if note and was_typing and not previous.is_internal then
      perform private.broadcast(private.topic_name('conversation', conv.id), 'typing',
        payload || jsonb_build_object('is_typing', false, 'is_internal', false, 'expires_at', now()));
    end if;
  elsif previous.user_id is not null then
    delete from public.typing_indicators t
    where t.conversation_id = conv.id and t.user_type = side and t.user_id = caller;
    if was_typing then
      perform private.broadcast_conversation_event(conv.id, conv.organization_id, 'typing',
        jsonb_build_object('conversation_id', conv.id, 'user_type', side, 'user_name', who,
          'is_typing', false, 'is_internal', previous.is_internal, 'expires_at', now()), not previous.is_internal);
    end if;
  end if;
end
$$;

-- Admins only. The conversation stays in the database with its messages but leaves every
-- list, count, route and customer view: its bindings and token go, and the audit log records
-- who deleted what.
create function public.delete_conversation(conversation_id uuid) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  conv public.chat_conversations;
begin
  conv := private.require_chat_staff(delete_conversation.conversation_id);
  if not private.is_admin(conv.organization_id) then
    perform private.fail('NOT_AUTHORIZED', 'Only an admin of the organization can delete a conversation');
  end if;
  update public.chat_conversations c set deleted_at = now(), deleted_by = auth.uid() where c.id = conv.id;
  delete from public.conversation_access a where a.conversation_id = conv.id;
  delete from public.typing_indicators t where t.conversation_id = conv.id;
  perform private.set_access_hash(conv.id, null, null);
  insert into public.audit_log (organization_id, actor_id, actor_name, action, target_id, details)
  values (
    conv.organization_id, auth.uid(),
    (select p.display_name from public.profiles p where p.id = auth.uid()),
    'conversation.deleted', conv.id,
    jsonb_build_object('customer_name', conv.customer_name, 'subject', conv.subject, 'status', conv.status,
      'created_at', conv.created_at, 'last_message_at', conv.last_message_at,
      'messages', (select count(*) from public.chat_messages m where m.conversation_id = conv.id))
  );
end
$$;

-- Privileges: RPCs for signed-in users only; helpers and trigger functions for nobody.
revoke all on function
  public.redeem_access_token(text),
  public.peek_access_token(text),
  public.rotate_access_token(uuid),
  public.revoke_access_token(uuid),
  public.send_message(uuid, uuid, text, text, jsonb, boolean),
  public.mark_read(uuid),
  public.set_typing(uuid, boolean, boolean),
  public.delete_conversation(uuid)
from public, anon;
grant execute on function
  public.redeem_access_token(text),
  public.peek_access_token(text),
  public.rotate_access_token(uuid),
  public.revoke_access_token(uuid),
  public.send_message(uuid, uuid, text, text, jsonb, boolean),
  public.mark_read(uuid),
  public.set_typing(uuid, boolean, boolean),
  public.delete_conversation(uuid)
to authenticated, service_role;

revoke all on all functions in schema private from public, anon;
grant execute on function
  private.customer_projection_changed(public.chat_conversations, public.chat_conversations), private.conversation_status(uuid), private.valid_attachments(jsonb), private.check_message_body(public.chat_messages), private.conversation_org(uuid), private.has_conversation_binding(uuid),
  private.can_access_conversation(uuid), private.has_claim_binding(uuid), private.can_access_claim(uuid),
  private.my_conversations(), private.my_claims()
to authenticated, service_role;
