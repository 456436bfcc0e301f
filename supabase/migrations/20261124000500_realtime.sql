-- Realtime: broadcast from the database to private topics, and the realtime.messages
-- policies that decide who may join them. Chat never uses postgres_changes: Supabase does
-- not RLS-filter DELETE events, and a topic per audience keeps internal notes and
-- deletions inside the audience that may see them.
--
--   conversation:<id>   bound customers + chat staff   message (no internal notes),
--                                                       message_updated, typing, read,
--                                                       conversation (customer-safe),
--                                                       conversation_deleted
--   staff:<org id>      chat staff of the org          message (incl. internal), message_updated,
--                                                       conversation (minus token hash),
--                                                       conversation_deleted, typing, read,
--                                                       claim_status
--   claim:<id>          bound customers + org staff    claim_status, claim
--   user:<user id>      that user                      notification

-- Broadcast triggers run as their owner: realtime.send swallows errors as a WARNING, so the
-- writer must be one that may insert into realtime.messages.

create function private.broadcast_message_insert() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.broadcast_conversation_event(new.conversation_id, new.organization_id, 'message',
    to_jsonb(new), not new.is_internal);
  return null;
end
$$;

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

create trigger chat_messages_90_broadcast_insert after insert on public.chat_messages
for each row execute function private.broadcast_message_insert();
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
    return null;
  end if;
  perform private.broadcast('staff:' || new.organization_id::text, 'conversation', private.conversation_staff_payload(new));
  -- The customer hears only about fields of their projection (conversation_customer_payload).
  if tg_op = 'UPDATE' and private.customer_projection_changed(old, new) then
    perform private.broadcast('conversation:' || new.id::text, 'conversation', private.conversation_customer_payload(new));
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
declare
  payload jsonb := to_jsonb(new);
begin
  perform private.broadcast('claim:' || new.claim_id::text, 'claim_status', payload);
  perform private.broadcast('staff:' || new.organization_id::text, 'claim_status', payload);
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
  perform private.broadcast('claim:' || new.id::text, 'claim',
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

create function private.topic_id(topic text, kind text) returns uuid
language plpgsql immutable
set search_path = ''
as $$
begin
  return (
    select case
      when topic ~ ('^' || kind || ':[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
      then substr(topic, char_length(kind) + 2)::uuid
    end
  );
end
$$;

create function private.can_receive_topic(topic text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(
      case split_part(topic, ':', 1)
        when 'conversation' then private.can_access_conversation(private.topic_id(topic, 'conversation'))
        when 'staff' then private.is_chat_staff(private.topic_id(topic, 'staff'))
        when 'claim' then private.can_access_claim(private.topic_id(topic, 'claim'))
        when 'user' then private.topic_id(topic, 'user') = auth.uid()
      end,
      false)
  );
end
$$;

-- Clients only track presence (online status) in conversations they take part in. Client
-- broadcast is not allowed anywhere: every event on these topics comes from the database,
-- so a participant cannot inject a forged `message`.
create function private.can_track_presence(topic text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(private.can_access_conversation(private.topic_id(topic, 'conversation')), false)
  );
end
$$;

create policy parley_topics_receive on realtime.messages
  for select to authenticated
  using (extension in ('broadcast', 'presence') and private.can_receive_topic((select realtime.topic())));

create policy parley_topics_presence on realtime.messages
  for insert to authenticated
  with check (extension = 'presence' and private.can_track_presence((select realtime.topic())));

revoke all on all functions in schema private from public, anon;
grant execute on function private.topic_id(text, text), private.can_receive_topic(text), private.can_track_presence(text)
  to authenticated, service_role;
