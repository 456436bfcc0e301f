-- Realtime: broadcast from the database to private topics, and the realtime.messages
-- policies that decide who may join them. Chat never uses postgres_changes: Supabase does
-- not RLS-filter DELETE events, and a topic per audience keeps internal notes and
-- deletions inside the audience that may see them.
--
-- One broadcast per audience per change: a `message` that moves the conversation (counters,
-- last_message_at, a reopening) and a `read` carry the conversation as it left them in
-- `conversation`, in that topic's projection, instead of a separate `conversation` event.
-- Hosted Realtime counts every message to every subscriber against the project's quota.
--
--   conversation:<id>   bound customers                message (no internal notes),
--                                                       message_updated, typing (not for
--                                                       internal notes), read,
--                                                       conversation (customer-safe),
--                                                       conversation_deleted, topic_changed
--   staff:<org id>      chat staff of the org          message (incl. internal), message_updated,
--                                                       conversation (minus token hash),
--                                                       conversation_deleted, typing, read,
--                                                       claim_status, topic_changed
--   claim:<id>          bound customers + org staff    claim_status, claim, topic_changed
--   user:<user id>      that user                      notification
--
-- Conversation, staff and claim topics carry a generation once their audience has shrunk
-- (`conversation:<id>:<n>`, see "Topic generations" below); private.topic_name gives the
-- current name, public.realtime_topic tells it to whoever may receive it.

-- Topic generations ---------------------------------------------------------------------
-- Supabase Realtime authorizes a private channel when it is joined, not per message: a
-- customer whose binding is removed, or a staff member deactivated, would keep hearing a
-- channel joined before. So when a conversation's, a claim's or an organization's staff
-- audience shrinks, its broadcasts move to a new name that only the remaining audience may
-- join, and the old name hears one last `topic_changed` telling its listeners to ask for the
-- name again. Works the same on any Realtime server: nothing depends on the server
-- re-checking a channel.

-- One row per topic that has moved at least once; generation 0 (no row) is the bare name.
create table private.topic_generations (
  topic text primary key check (topic ~ '^(conversation|claim|staff):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  generation integer not null check (generation > 0)
);
alter table private.topic_generations enable row level security;
revoke all on private.topic_generations from public, anon, authenticated, service_role;
create policy topic_generations_no_client on private.topic_generations
  as restrictive for all to anon, authenticated using (false) with check (false);

-- The name broadcasts for a conversation, claim or organization's staff go to now (`user:`
-- topics never move). Every broadcast to those kinds names its topic through this.
create function private.topic_name(topic_kind text, subject_id uuid) returns text
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select topic_kind || ':' || subject_id::text || coalesce(':' || g.generation::text, '')
    from (select 1) as one
    left join private.topic_generations g on g.topic = topic_kind || ':' || subject_id::text
  );
end
$$;

-- Moves a topic to its next generation and tells the name it had until now. The subject's
-- row is locked first, so a message committing concurrently (it updates that row) broadcasts
-- either before the move, to an audience that still had access, or after it, to the new
-- name. Staff topics have no such row (messages do not touch the organization): a broadcast
-- whose transaction read the old name before the move committed (it was being written while
-- the member still had access) may still reach the old name, after its `topic_changed`.
create function private.move_topic(topic_kind text, subject_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  base text := topic_kind || ':' || subject_id::text;
  moved integer;
begin
  if topic_kind = 'conversation' then
    perform 1 from public.chat_conversations c where c.id = subject_id for no key update;
  elsif topic_kind = 'claim' then
    perform 1 from public.claims c where c.id = subject_id for no key update;
  elsif topic_kind = 'staff' then
    perform 1 from public.organizations o where o.id = subject_id;
  end if;
  -- A subject being deleted (bindings cascading) has no topic left to move.
  if not found then
    return;
  end if;
  insert into private.topic_generations as g (topic, generation) values (base, 1)
  on conflict (topic) do update set generation = g.generation + 1
  returning g.generation into moved;
  -- The old name from the row just written: two moves racing each tell the name the other left.
  perform private.broadcast(base || case when moved > 1 then ':' || (moved - 1)::text else '' end, 'topic_changed', '{}'::jsonb);
end
$$;

-- Removed conversation bindings (revoke, rotate, a device kicked, a user deleted): the
-- conversation's topic moves, and so does its claim's (they followed the claim through it).
create function private.conversation_bindings_removed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  subject record;
begin
  for subject in
    select distinct 'conversation' as kind, gone.conversation_id as id from removed gone
    union
    select distinct 'claim', c.claim_id from removed gone
    join public.chat_conversations c on c.id = gone.conversation_id
    where c.claim_id is not null
  loop
    perform private.move_topic(subject.kind, subject.id);
  end loop;
  return null;
end
$$;

create trigger conversation_access_90_move_topic after delete on public.conversation_access
referencing old table as removed
for each statement execute function private.conversation_bindings_removed();

create function private.claim_bindings_removed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  subject uuid;
begin
  for subject in select distinct gone.claim_id from removed gone loop
    perform private.move_topic('claim', subject);
  end loop;
  return null;
end
$$;

create trigger claim_access_90_move_topic after delete on public.claim_access
referencing old table as removed
for each statement execute function private.claim_bindings_removed();

-- A deleted claim or organization takes its topic's generation with it (the argument: the
-- topic's kind).
create function private.forget_topic() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from private.topic_generations g where g.topic = tg_argv[0] || ':' || old.id::text;
  return null;
end
$$;

create trigger claims_90_forget_topic after delete on public.claims
for each row execute function private.forget_topic('claim');

-- A member leaving the staff: deactivated, deleted (with their user), moved to another
-- organization, or given a role without chat. The staff topic moves when they lose chat
-- (the roles of private.is_chat_staff); every claim topic of the organization moves when
-- they stop being staff at all (every role reads claims: private.can_access_claim), which
-- costs one generation row and one `topic_changed` per claim, for a rare admin action.
-- Gaining access (a new member, reactivation, a role with chat) moves nothing.
create function private.staff_member_left() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  stays boolean := tg_op = 'UPDATE' and new.is_active and new.organization_id = old.organization_id;
  claim uuid;
begin
  -- Deleting the organization takes its topics with it (forget_topic).
  if not old.is_active or not exists (select 1 from public.organizations o where o.id = old.organization_id) then
    return null;
  end if;
  if old.role in ('admin', 'operations', 'agent') and not (stays and new.role in ('admin', 'operations', 'agent')) then
    perform private.move_topic('staff', old.organization_id);
  end if;
  if not stays then
    for claim in select c.id from public.claims c where c.organization_id = old.organization_id loop
      perform private.move_topic('claim', claim);
    end loop;
  end if;
  return null;
end
$$;

create trigger profiles_90_move_topics after update of role, is_active, organization_id or delete on public.profiles
for each row execute function private.staff_member_left();

create trigger organizations_90_forget_topic after delete on public.organizations
for each row execute function private.forget_topic('staff');

-- Broadcast triggers run as their owner: realtime.send swallows errors as a WARNING, so the
-- writer must be one that may insert into realtime.messages.

create function private.broadcast_message_update() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.content is distinct from old.content or new.attachments is distinct from old.attachments
    or new.is_internal is distinct from old.is_internal then
    perform private.broadcast_conversation_event(new.conversation_id, new.organization_id, 'message_updated',
      to_jsonb(new), not new.is_internal and not old.is_internal);
  end if;
  return null;
end
$$;

create trigger chat_messages_90_broadcast_update after update on public.chat_messages
for each row execute function private.broadcast_message_update();

create function private.broadcast_conversation_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- A soft delete (delete_conversation) is a deletion to everyone listening. Only the two
  -- audiences that already knew the conversation hear that it is gone.
  if tg_op = 'DELETE' or (old.deleted_at is null and new.deleted_at is not null) then
    perform private.broadcast_conversation_event(old.id, old.organization_id, 'conversation_deleted',
      jsonb_build_object('id', old.id), true);
    delete from private.topic_generations g where g.topic = 'conversation:' || old.id::text;
    -- Its customers followed the linked claim through it (their bindings cascade away).
    if old.claim_id is not null then
      perform private.move_topic('claim', old.claim_id);
    end if;
    return null;
  end if;
  -- A message or a read receipt carries the state it left (private.carry_conversation).
  if tg_op = 'INSERT' or current_setting('parley.carried_conversation', true) is distinct from new.id::text then
    perform private.broadcast(private.topic_name('staff', new.organization_id), 'conversation', private.conversation_staff_payload(new));
    -- The customer hears only about fields of their projection (conversation_customer_payload).
    if tg_op = 'UPDATE' and private.customer_projection_changed(old, new) then
      perform private.broadcast(private.topic_name('conversation', new.id), 'conversation', private.conversation_customer_payload(new));
    end if;
  end if;
  -- Unlinking a claim takes it away from the conversation's customers.
  if tg_op = 'UPDATE' and old.claim_id is not null and old.claim_id is distinct from new.claim_id
    and exists (select 1 from public.conversation_access a where a.conversation_id = new.id) then
    perform private.move_topic('claim', old.claim_id);
  end if;
  return null;
end
$$;

create trigger chat_conversations_90_broadcast after insert or update or delete on public.chat_conversations
for each row execute function private.broadcast_conversation_change();

create function private.broadcast_claim_status() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- The claim topic has customers in its audience: no staff notes there.
  perform private.broadcast(private.topic_name('claim', new.claim_id), 'claim_status',
    private.claim_status_update_customer_payload(new));
  perform private.broadcast(private.topic_name('staff', new.organization_id), 'claim_status', to_jsonb(new));
  return null;
end
$$;

create trigger claim_status_updates_90_broadcast after insert on public.claim_status_updates
for each row execute function private.broadcast_claim_status();

create function private.broadcast_claim() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.broadcast(private.topic_name('claim', new.id), 'claim',
    jsonb_build_object('id', new.id, 'status', new.status, 'updated_at', new.updated_at));
  return null;
end
$$;

create trigger claims_90_broadcast after update of status on public.claims
for each row when (old.status is distinct from new.status)
execute function private.broadcast_claim();

create function private.broadcast_notification() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.broadcast('user:' || new.user_id::text, 'notification', to_jsonb(new));
  return null;
end
$$;

create trigger notifications_90_broadcast after insert on public.notifications
for each row execute function private.broadcast_notification();

-- Topic authorization -------------------------------------------------------------------

-- The subject of a topic of that kind (`kind:<uuid>`, conversation, claim and staff topics
-- with an optional `:<generation>`), or null for anything else.
create function private.topic_id(topic text, kind text) returns uuid
language plpgsql immutable
set search_path = ''
as $$
begin
  return (
    select case
      when kind in ('conversation', 'claim', 'staff', 'user')
        and topic ~ ('^' || kind || ':[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
          || case when kind = 'user' then '$' else '(:[1-9][0-9]{0,8})?$' end)
      then substr(topic, char_length(kind) + 2, 36)::uuid
    end
  );
end
$$;

-- A topic is received only under its current name: an old generation is refused to
-- everyone, so a channel joined before a revocation cannot be joined again. A conversation's
-- topic is for its bound customers only: staff hear every conversation on their staff topic,
-- which moves when one of them leaves (were staff here too, every conversation topic of the
-- organization would have to move with it).
create function private.can_receive_topic(topic text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
declare
  kind text := split_part(topic, ':', 1);
  subject uuid := private.topic_id(topic, kind);
begin
  if subject is null or topic is distinct from private.topic_name(kind, subject) then
    return false;
  end if;
  return (
    select coalesce(
      case kind
        when 'conversation' then private.has_conversation_binding(subject) and private.can_access_conversation(subject)
        when 'staff' then private.is_chat_staff(subject)
        when 'claim' then private.can_access_claim(subject)
        when 'user' then subject = auth.uid()
      end,
      false)
  );
end
$$;

-- Customers only track presence (online status) in conversations they are bound to. Client
-- broadcast is not allowed anywhere: every event on these topics comes from the database,
-- so a participant cannot inject a forged `message`.
create function private.can_track_presence(topic text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return split_part(topic, ':', 1) = 'conversation' and private.can_receive_topic(topic);
end
$$;

-- The current name of a topic (given by any of its names) for whoever may receive it; the
-- SDK asks when a join is refused or the topic announces `topic_changed`.
create function public.realtime_topic(topic text) returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  kind text := split_part(realtime_topic.topic, ':', 1);
  subject uuid := private.topic_id(realtime_topic.topic, kind);
  current_name text := private.topic_name(kind, subject);
begin
  if subject is null or not private.can_receive_topic(current_name) then
    perform private.fail('NOT_FOUND', 'Topic not found');
  end if;
  return current_name;
end
$$;

create policy parley_topics_receive on realtime.messages
  for select to authenticated
  using (extension in ('broadcast', 'presence') and private.can_receive_topic((select realtime.topic())));

create policy parley_topics_presence on realtime.messages
  for insert to authenticated
  with check (extension = 'presence' and private.can_track_presence((select realtime.topic())));

revoke all on function public.realtime_topic(text) from public, anon;
grant execute on function public.realtime_topic(text) to authenticated, service_role;

revoke all on all functions in schema private from public, anon;
grant execute on function private.topic_id(text, text), private.can_receive_topic(text), private.can_track_presence(text)
  to authenticated, service_role;
