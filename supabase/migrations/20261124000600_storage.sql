-- Chat attachments: a private bucket whose object paths name their conversation,
-- <organization_id>/<conversation_id>/<client_id>/<file name>, so the same bindings that
-- open a conversation open its files.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
  'chat-attachments', 'chat-attachments', false, 10485760,
  array['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']
)
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

-- The conversation an attachment path belongs to, when the path is well formed and its
-- organization segment matches that conversation's organization; otherwise null.
create function private.attachment_conversation(object_name text) returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
declare
  parts text[] := string_to_array(object_name, '/');
  uuid_pattern constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  conversation uuid;
begin
  if coalesce(array_length(parts, 1), 0) <> 4
    or parts[1] !~ uuid_pattern or parts[2] !~ uuid_pattern or parts[3] !~ uuid_pattern
    or char_length(parts[4]) not between 1 and 255 then
    return null;
  end if;
  select c.id into conversation from public.chat_conversations c
  where c.id = parts[2]::uuid and c.organization_id = parts[1]::uuid;
  return conversation;
end
$$;

-- An allowlist, so that a file is hidden from the customer from its upload on: staff of the
-- organization read everything; a bound customer reads only what they uploaded themselves
-- and the files a message they can see attaches. A staff upload waiting for its message, an
-- internal note's file, a file whose message failed to send: none is ever customer-visible.
create function private.can_read_attachment(object_name text, object_owner text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
declare
  conversation uuid := private.attachment_conversation(object_name);
begin
  -- A deleted conversation's files go with it, for staff too.
  if conversation is null or not private.can_access_conversation(conversation) then
    return false;
  end if;
  if private.is_chat_staff(private.conversation_org(conversation)) then
    return true;
  end if;
  return object_owner = auth.uid()::text
    or exists (
      select 1 from public.chat_messages m
      where m.conversation_id = conversation and not m.is_internal
        and m.attachments @> jsonb_build_array(jsonb_build_object('path', object_name))
    );
end
$$;

-- Files a customer uploaded within the last hour that no message attaches yet: every one is
-- a 10 MB upload nobody sees, so a customer may hold at most this many at a time.
create function private.unsent_attachment_limit() returns integer
language sql immutable
set search_path = ''
as $$ select 10 $$;

-- Volatile, not stable: after waiting for the lock below, the count must see the uploads
-- committed meanwhile.
create function private.can_write_attachment(object_name text) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  conversation uuid := private.attachment_conversation(object_name);
  folder text;
  unsent integer := 0;
  found_here integer;
begin
  if not coalesce(private.can_access_conversation(conversation), false) then
    return false;
  end if;
  if private.is_chat_staff(private.conversation_org(conversation)) then
    return true;
  end if;
  -- One upload at a time per customer where the check and the insert share a transaction,
  -- so concurrent uploads cannot all pass the count.
  perform pg_advisory_xact_lock(hashtextextended('parley-upload:' || auth.uid()::text, 0));
  -- Across every conversation the customer holds. The folder prefix is a literal so that
  -- the LIKE is an index range on (bucket_id, name); the count stops at the limit.
  for folder in
    select c.organization_id::text || '/' || c.id::text || '/'
    from public.conversation_access a join public.chat_conversations c on c.id = a.conversation_id
    where a.user_id = auth.uid()
  loop
    execute format(
      $query$
        select count(*) from (
          select 1 from storage.objects o
          where o.bucket_id = 'chat-attachments' and o.name like %L
            and o.owner_id = $1 and o.created_at > now() - interval '1 hour'
            and not exists (
              select 1 from public.chat_messages m
              where m.conversation_id = $2
                and m.attachments @> jsonb_build_array(jsonb_build_object('path', o.name))
            )
          limit $3
        ) recent
      $query$, folder || '%')
      into found_here
      using auth.uid()::text, split_part(folder, '/', 2)::uuid, private.unsent_attachment_limit() - unsent;
    unsent := unsent + found_here;
    if unsent >= private.unsent_attachment_limit() then
      -- 42501 with its own message: Supabase Storage answers 403 AccessDenied with this text.
      raise exception using
        errcode = '42501',
        message = format('Too many attachments waiting to be sent: at most %s in an hour; send them or wait before uploading more',
          private.unsent_attachment_limit());
    end if;
  end loop;
  return true;
end
$$;

-- Attachment metadata comes from the stored object, not from the client: each attachment a
-- message names must be an object of the bucket under the message's conversation folder,
-- whose stored size and media type are the ones declared, and that the sender may read
-- (a customer cannot attach, hence expose, a staff file they were never shown).
create function private.check_attachment_objects(message public.chat_messages) returns void
language plpgsql stable security definer
set search_path = ''
as $$
declare
  item jsonb;
  stored storage.objects;
  stored_type text;
begin
  for item in select * from jsonb_array_elements(message.attachments) loop
    -- Unchanged attachments of an edited message were checked when they were added.
    continue when exists (
      select 1 from public.chat_messages m
      where m.id = message.id and m.attachments @> jsonb_build_array(item)
    );
    select * into stored from storage.objects o
    where o.bucket_id = 'chat-attachments' and o.name = item ->> 'path';
    if not found or private.attachment_conversation(stored.name) is distinct from message.conversation_id
      or (auth.role() = 'authenticated' and not private.can_read_attachment(stored.name, stored.owner_id)) then
      perform private.fail('INVALID_INPUT', format('attachment %s is not an uploaded file of this conversation', item ->> 'path'));
    end if;
    -- Compared as numbers: Storage writes the size as a JSON number, a hand-made row may not.
    if (case when stored.metadata ->> 'size' ~ '^[0-9]+$' then (stored.metadata ->> 'size')::numeric end)
      is distinct from (item ->> 'size')::numeric then
      perform private.fail('INVALID_INPUT', format('attachment %s is %s bytes, not %s',
        item ->> 'path', coalesce(stored.metadata ->> 'size', 'of unknown size'), item ->> 'size'));
    end if;
    stored_type := lower(btrim(split_part(coalesce(stored.metadata ->> 'mimetype', ''), ';', 1)));
    if stored_type is distinct from lower(btrim(item ->> 'mime_type')) then
      perform private.fail('INVALID_INPUT', format('attachment %s was uploaded as %s, not %s',
        item ->> 'path', coalesce(nullif(stored_type, ''), 'an unknown type'), item ->> 'mime_type'));
    end if;
  end loop;
end
$$;

create function private.can_delete_attachment(object_name text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(private.is_chat_staff(private.conversation_org(private.attachment_conversation(object_name))), false)
  );
end
$$;

create policy parley_attachments_select on storage.objects
  for select to authenticated
  using (bucket_id = 'chat-attachments' and private.can_read_attachment(name, owner_id));
create policy parley_attachments_insert on storage.objects
  for insert to authenticated
  with check (bucket_id = 'chat-attachments' and private.can_write_attachment(name));
create policy parley_attachments_delete on storage.objects
  for delete to authenticated
  using (bucket_id = 'chat-attachments' and private.can_delete_attachment(name));

revoke all on all functions in schema private from public, anon;
grant execute on function
  private.attachment_conversation(text), private.can_read_attachment(text, text),
  private.unsent_attachment_limit(), private.can_write_attachment(text), private.can_delete_attachment(text),
  private.check_attachment_objects(public.chat_messages)
to authenticated, service_role;
