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

-- Customers never reach the files of internal notes, even knowing the path: neither the
-- files under an internal note's client_id folder nor any file an internal note attaches.
create function private.can_read_attachment(object_name text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    with target as (select private.attachment_conversation(object_name) as id)
    select coalesce(
      (select private.is_chat_staff(private.conversation_org(t.id))
          or (private.has_conversation_binding(t.id) and not exists (
            select 1 from public.chat_messages m
            where m.conversation_id = t.id and m.is_internal
              and (m.client_id::text = split_part(object_name, '/', 3)
                or m.attachments @> jsonb_build_array(jsonb_build_object('path', object_name)))
          ))
       from target t where t.id is not null),
      false)
  );
end
$$;

create function private.can_write_attachment(object_name text) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(private.can_access_conversation(private.attachment_conversation(object_name)), false)
  );
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
  using (bucket_id = 'chat-attachments' and private.can_read_attachment(name));
create policy parley_attachments_insert on storage.objects
  for insert to authenticated
  with check (bucket_id = 'chat-attachments' and private.can_write_attachment(name));
create policy parley_attachments_delete on storage.objects
  for delete to authenticated
  using (bucket_id = 'chat-attachments' and private.can_delete_attachment(name));

revoke all on all functions in schema private from public, anon;
grant execute on function
  private.attachment_conversation(text), private.can_read_attachment(text),
  private.can_write_attachment(text), private.can_delete_attachment(text)
to authenticated, service_role;
