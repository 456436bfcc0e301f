-- Push notifications: what enqueues them (triggers, send_system_alert), how the dispatcher
-- (supabase/functions/push-dispatch) drains notification_outbox, and the service-role RPCs the
-- push functions write subscriptions through. Subscription secrets arrive here already
-- sealed by the functions (AES-GCM, key only in the PARLEY_PUSH_ENCRYPTION_KEY secret).

-- Subscriptions -------------------------------------------------------------------------

-- Endpoints and tokens are stored sealed (a fresh IV each time), so finding "the same
-- browser again" needs a keyed fingerprint of the plaintext, computed by the function.
alter table public.push_subscriptions add column if not exists token_hash text;
alter table public.push_subscriptions add column if not exists disabled_reason text;
create unique index if not exists push_subscriptions_user_token_hash_key
  on public.push_subscriptions (user_id, token_hash);
create index if not exists push_subscriptions_enabled_user_idx
  on public.push_subscriptions (user_id, organization_id) where enabled;

-- One row per (outbox row, subscription) that a push service accepted: a reclaimed or
-- retried outbox row never goes twice to a subscription that already has it.
create table public.push_deliveries (
  outbox_id uuid not null references public.notification_outbox (id) on delete cascade,
  subscription_id uuid not null references public.push_subscriptions (id) on delete cascade,
  sent_at timestamptz not null default now(),
  primary key (outbox_id, subscription_id)
);
create index push_deliveries_subscription_id_idx on public.push_deliveries (subscription_id);
alter table public.push_deliveries enable row level security;
revoke all on public.push_deliveries from anon, authenticated;
create policy push_deliveries_no_client on public.push_deliveries
  as restrictive for all to anon, authenticated using (false) with check (false);

create index if not exists notification_outbox_sending_idx
  on public.notification_outbox (locked_at) where status = 'sending';
create index if not exists notification_outbox_user_recent_idx
  on public.notification_outbox (user_id, sent_at) where status = 'sent';

-- Helpers -------------------------------------------------------------------------------

create function private.push_preference_key(kind public.notification_type) returns text
language sql immutable
set search_path = ''
as $$
  select case kind
    when 'new_message' then 'new_messages'
    when 'claim_update' then 'claim_updates'
    when 'warranty_expiring' then 'warranty_expiring'
    else 'system_alerts'
  end
$$;

-- What the subscription RPCs accept: the table's rule (push_preferences_problem), as
-- INVALID_INPUT with the same wording the push functions use.
create function private.push_preferences(prefs jsonb) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
declare
  problem text := private.push_preferences_problem(coalesce(prefs, '{}'::jsonb));
begin
  if problem is not null then
    perform private.fail('INVALID_INPUT', problem);
  end if;
  return coalesce(prefs, '{}'::jsonb);
end
$$;

-- Does a subscription with these preferences want this type? Only an explicit false opts
-- out (a missing key is on). A comparison, not a cast: whatever a row holds, reading it
-- cannot raise.
create function private.push_wanted(prefs jsonb, kind public.notification_type) returns boolean
language sql immutable
set search_path = ''
as $$
  select (prefs -> private.push_preference_key(kind)) is distinct from 'false'::jsonb
$$;

-- Does this user have an enabled subscription in the organization that wants this type?
-- Both helpers below run for every message: PL/pgSQL keeps their plans for the session,
-- where a SQL function that cannot be inlined (security definer) is planned again in every
-- transaction.
create function private.push_wants(recipient uuid, org uuid, kind public.notification_type) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select exists (
      select 1 from public.push_subscriptions s
      where s.user_id = recipient and s.organization_id = org and s.enabled
        and private.push_wanted(s.preferences, kind)
    )
  );
end
$$;

-- organizations.settings.push.{staff_url,customer_url}: where a tap on the notification
-- lands, with {conversation_id} and {claim_id} filled in. Absent: the service worker opens
-- its own scope.
create function private.push_url(org uuid, audience text, conversation uuid, claim uuid) returns text
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select nullif(
      replace(replace(coalesce(o.settings -> 'push' ->> (audience || '_url'), ''),
        '{conversation_id}', coalesce(conversation::text, '')),
        '{claim_id}', coalesce(claim::text, '')),
      '')
    from public.organizations o where o.id = org
  );
end
$$;

-- Writes the notification-centre row (when asked) and the outbox row (when the recipient
-- has a subscription that wants it). New-message pushes to one recipient for one
-- conversation collapse into the row still waiting, so a burst of messages is one push.
-- One recipient is one subtransaction: whatever fails for them is recorded in job_failures
-- and the others, and the message or status change that caused it, go on.
create function private.push_enqueue(
  p_org uuid,
  p_recipient uuid,
  p_kind public.notification_type,
  p_title text,
  p_body text,
  p_data jsonb,
  p_centre boolean,
  p_status_update uuid default null
) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  payload jsonb := coalesce(p_data, '{}'::jsonb);
  -- A long customer or claim name must not make the row too long to insert.
  short_title text := left(p_title, 200);
  short_body text := left(p_body, 2000);
  centre_id uuid;
  collapsed integer;
begin
  if p_centre then
    insert into public.notifications (organization_id, user_id, type, title, body, data)
    values (p_org, p_recipient, p_kind, short_title, short_body, payload)
    returning id into centre_id;
    payload := payload || jsonb_build_object('notification_id', centre_id);
  end if;

  if not private.push_wants(p_recipient, p_org, p_kind) then
    return;
  end if;

  if p_kind = 'new_message' and payload ? 'conversation_id' then
    update public.notification_outbox o
    set title = short_title,
        body = short_body,
        data = payload || jsonb_build_object('count', coalesce((o.data ->> 'count')::integer, 1) + 1)
    where o.user_id = p_recipient and o.organization_id = p_org and o.type = 'new_message' and o.status = 'pending'
      and o.attempts = 0 and o.data ->> 'conversation_id' = payload ->> 'conversation_id';
    get diagnostics collapsed = row_count;
    if collapsed > 0 then
      return;
    end if;
  end if;

  insert into public.notification_outbox (organization_id, user_id, type, title, body, data, claim_status_update_id)
  values (p_org, p_recipient, p_kind, short_title, short_body, payload, p_status_update);
exception when others then
  perform private.record_job_failure('push_enqueue', p_org,
    format('%s %s for %s', p_kind,
      coalesce(p_data ->> 'message_id', p_data ->> 'claim_status_update_id', p_data ->> 'warranty_id', md5(coalesce(p_title, '') || coalesce(p_body, ''))),
      p_recipient),
    sqlstate, sqlerrm);
end
$$;

-- New messages ----------------------------------------------------------------------------
-- The other side hears about a message only when it has not looked at the conversation
-- recently (settings.push.inactive_seconds, default 60): an open widget or console marks
-- the conversation read and so stays quiet. Writing the pushes may not fail the message
-- itself: an error is recorded in job_failures and the message is stored without them.
-- Only a message with a recipient whose subscription wants it enters that subtransaction (a
-- message writes no notification-centre row): on an unassigned conversation every agent is
-- a possible recipient.

create function private.push_on_message() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  c public.chat_conversations;
  quiet interval;
  recipients uuid[];
  recipient uuid;
  payload jsonb;
  fr boolean;
begin
  select * into c from public.chat_conversations where id = new.conversation_id;
  if not found then
    return null;
  end if;
  -- Anything but a number of seconds up to a week is the default: a value no interval can
  -- hold would otherwise fail every message of the organization.
  select make_interval(secs => case when jsonb_typeof(o.settings #> '{push,inactive_seconds}') = 'number'
      and (o.settings #> '{push,inactive_seconds}')::numeric between 0 and 604800
      then (o.settings #> '{push,inactive_seconds}')::numeric else 60 end), o.locale = 'fr-CA'
    into quiet, fr from public.organizations o where o.id = c.organization_id;

  -- Who is told comes first: most messages have nobody to tell (the other side is looking,
  -- or wants no push), and they pay for nothing more.
  if new.sender_type = 'customer' then
    if c.staff_last_seen_at is not null and c.staff_last_seen_at > now() - quiet then
      return null;
    end if;
    select array_agg(p.id) into recipients from public.profiles p
    where p.organization_id = c.organization_id and p.is_active and p.role in ('admin', 'operations', 'agent')
      and p.id is distinct from new.sender_id
      and (c.assigned_to is null or p.id = c.assigned_to)
      and private.push_wants(p.id, c.organization_id, 'new_message');
  else
    if c.customer_last_seen_at is not null and c.customer_last_seen_at > now() - quiet then
      return null;
    end if;
    select array_agg(a.user_id) into recipients from public.conversation_access a
    where a.conversation_id = c.id and private.push_wants(a.user_id, c.organization_id, 'new_message');
  end if;
  if recipients is null then
    return null;
  end if;

  -- A notification that cannot be written is recorded; it never fails the message.
  begin
    payload := jsonb_build_object('conversation_id', c.id, 'message_id', new.id,
      'url', private.push_url(c.organization_id, case when new.sender_type = 'customer' then 'staff' else 'customer' end, c.id, c.claim_id));
    foreach recipient in array recipients loop
      perform private.push_enqueue(c.organization_id, recipient, 'new_message',
        case when new.sender_type = 'customer' and fr
          then format('Nouveau message de %s', coalesce(nullif(btrim(c.customer_name), ''), 'un client'))
          when new.sender_type = 'customer'
          then format('New message from %s', coalesce(nullif(btrim(c.customer_name), ''), 'a customer'))
          when fr then format('Nouvelle réponse de %s', coalesce(nullif(btrim(new.sender_name), ''), 'l’équipe'))
          else format('New reply from %s', coalesce(nullif(btrim(new.sender_name), ''), 'support')) end,
        case when new.message_type::text in ('file', 'image') then case when fr then 'A envoyé une pièce jointe' else 'Sent an attachment' end
          else left(regexp_replace(coalesce(new.content, ''), '\s+', ' ', 'g'), 140) end,
        payload, false);
    end loop;
  exception when others then
    perform private.record_job_failure('push_on_message', new.organization_id, format('message %s', new.id), sqlstate, sqlerrm);
  end;
  return null;
end
$$;

create trigger push_enqueue_message after insert on public.chat_messages
for each row when (not new.is_internal and new.sender_type in ('customer', 'staff'))
execute function private.push_on_message();

-- Claim status changes ------------------------------------------------------------------
-- Staff of the organization (notification centre for admin/operations/f_and_i; a push for
-- anyone who opted in), and every customer bound to the claim directly or through a
-- conversation linked to it. The person who made the change is not told about it. As for
-- messages, a failure here is recorded and never fails the status change.

-- A claim status as customers and staff read it (pushes, the notification centre, quick replies).
create function private.claim_status_label(status public.claim_status, locale text) returns text
language sql immutable
set search_path = ''
as $$
  select case when locale = 'en' then
    case status
      when 'submitted' then 'Submitted' when 'under_review' then 'Under review'
      when 'info_requested' then 'Information requested' when 'approved' then 'Approved'
      when 'denied' then 'Denied' when 'in_repair' then 'In repair'
      when 'completed' then 'Completed' when 'closed' then 'Closed' end
  else
    case status
      when 'submitted' then 'Soumise' when 'under_review' then 'En analyse'
      when 'info_requested' then 'Renseignements demandés' when 'approved' then 'Approuvée'
      when 'denied' then 'Refusée' when 'in_repair' then 'En réparation'
      when 'completed' then 'Terminée' when 'closed' then 'Fermée' end
  end
$$;

create function private.push_on_claim_status() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  claim public.claims;
  title text;
  body text;
  recipient record;
  lang text;
begin
  select * into claim from public.claims where id = new.claim_id;
  if not found then
    return null;
  end if;
  select o.locale into lang from public.organizations o where o.id = claim.organization_id;
  title := format(case when lang = 'fr-CA' then 'Réclamation %s : %s' else 'Claim %s: %s' end,
    claim.claim_number, private.claim_status_label(new.new_status, lang));
  body := coalesce(nullif(btrim(new.reason), ''),
    case when new.old_status is null
      then format(case when lang = 'fr-CA' then 'Nouveau statut : %s' else 'Status is now %s' end, private.claim_status_label(new.new_status, lang))
    else format(case when lang = 'fr-CA' then 'Statut changé de « %s » à « %s »' else 'Status changed from %s to %s' end,
      private.claim_status_label(new.old_status, lang), private.claim_status_label(new.new_status, lang)) end);

  for recipient in
    select p.id, p.role in ('admin', 'operations', 'f_and_i') as centre
    from public.profiles p
    where p.organization_id = claim.organization_id and p.is_active and p.id is distinct from new.changed_by
  loop
    perform private.push_enqueue(claim.organization_id, recipient.id, 'claim_update', title, body,
      jsonb_build_object('claim_id', claim.id, 'claim_status_update_id', new.id, 'status', new.new_status,
        'url', private.push_url(claim.organization_id, 'staff', null, claim.id)),
      recipient.centre, new.id);
  end loop;

  for recipient in
    select a.user_id as id, min(a.conversation_id::text)::uuid as conversation_id
    from (
      select ca.user_id, null::uuid as conversation_id from public.claim_access ca where ca.claim_id = claim.id
      union
      select va.user_id, va.conversation_id
      from public.conversation_access va
      join public.chat_conversations c on c.id = va.conversation_id
      where c.claim_id = claim.id
    ) a
    where a.user_id is distinct from new.changed_by
    group by a.user_id
  loop
    perform private.push_enqueue(claim.organization_id, recipient.id, 'claim_update', title, body,
      jsonb_build_object('claim_id', claim.id, 'claim_status_update_id', new.id, 'status', new.new_status,
        'url', private.push_url(claim.organization_id, 'customer', recipient.conversation_id, claim.id)),
      false, new.id);
  end loop;
  return null;
exception when others then
  perform private.record_job_failure('push_on_claim_status', new.organization_id, format('claim_status_update %s', new.id), sqlstate, sqlerrm);
  return null;
end
$$;

create trigger push_enqueue_claim_status after insert on public.claim_status_updates
for each row execute function private.push_on_claim_status();

-- Warranties expiring -------------------------------------------------------------------
-- enqueue_warranty_expiring() stamps warranties.expiry_notified_at; the stamp is what
-- notifies, so whichever job sets it (pg_cron, the local stack's timer, a manual update)
-- reaches the staff who handle warranties exactly once per warranty.

create function private.push_on_warranty_expiring() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  recipient record;
  title text := format(
    case when (select o.locale from public.organizations o where o.id = new.organization_id) = 'fr-CA'
      then 'La garantie %s expire le %s' else 'Warranty %s expires %s' end,
    new.warranty_number, to_char(new.expires_on, 'YYYY-MM-DD'));
  body text := format('%s%s', new.customer_name, coalesce(' · ' || nullif(btrim(new.product), ''), ''));
begin
  for recipient in
    select p.id from public.profiles p
    where p.organization_id = new.organization_id and p.is_active and p.role in ('admin', 'operations', 'f_and_i')
  loop
    perform private.push_enqueue(new.organization_id, recipient.id, 'warranty_expiring', title, body,
      jsonb_build_object('warranty_id', new.id, 'expires_on', new.expires_on,
        'url', private.push_url(new.organization_id, 'staff', null, null)),
      true);
  end loop;
  return null;
exception when others then
  perform private.record_job_failure('push_on_warranty_expiring', new.organization_id, format('warranty %s', new.id), sqlstate, sqlerrm);
  return null;
end
$$;

create trigger push_enqueue_warranty_expiring after update of expiry_notified_at on public.warranties
for each row when (old.expiry_notified_at is null and new.expiry_notified_at is not null)
execute function private.push_on_warranty_expiring();

-- System alerts ---------------------------------------------------------------------------

-- An admin tells every other staff member of their organization something (maintenance,
-- policy change). Returns how many people it was addressed to.
create function public.send_system_alert(title text, body text) returns integer
language plpgsql security definer
set search_path = ''
as $$
declare
  org uuid;
  recipient record;
  total integer := 0;
begin
  select p.organization_id into org from public.profiles p where p.id = auth.uid() and p.role = 'admin' and p.is_active;
  if org is null then
    perform private.fail('NOT_AUTHORIZED', 'Only an admin can send a system alert');
  end if;
  if title is null or char_length(btrim(title)) not between 1 and 120 then
    perform private.fail('INVALID_INPUT', 'title must be 1 to 120 characters');
  end if;
  if body is null or char_length(btrim(body)) not between 1 and 1000 then
    perform private.fail('INVALID_INPUT', 'body must be 1 to 1000 characters');
  end if;
  -- Every alert is a row per member in the outbox every organization's pushes share.
  perform private.take_rate_limit('system-alert:' || org::text, 20, interval '1 hour', 'Too many system alerts');
  for recipient in
    select p.id, p.role in ('admin', 'operations', 'f_and_i') as centre
    from public.profiles p where p.organization_id = org and p.id <> auth.uid() and p.is_active
  loop
    perform private.push_enqueue(org, recipient.id, 'system_alert', btrim(title), btrim(body),
      jsonb_build_object('url', private.push_url(org, 'staff', null, null)), recipient.centre);
    total := total + 1;
  end loop;
  return total;
end
$$;

-- Who is registering ----------------------------------------------------------------------

-- Called by push-register/push-test with the caller's own JWT: staff of the organization,
-- or an anonymous customer bound to a conversation or claim in it. Without an
-- organization, only identifies the caller (for updating or removing their own rows).
create function public.push_caller(p_organization_id uuid default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  staff public.user_role;
begin
  if uid is null then
    perform private.fail('NOT_AUTHORIZED', 'Sign in first');
  end if;
  if p_organization_id is null then
    return jsonb_build_object('user_id', uid, 'kind', null, 'role', null);
  end if;
  select p.role into staff from public.profiles p where p.id = uid and p.organization_id = p_organization_id and p.is_active;
  if staff is not null then
    return jsonb_build_object('user_id', uid, 'kind', 'staff', 'role', staff);
  end if;
  if private.is_any_staff() or not private.is_anonymous_user() then
    perform private.fail('NOT_AUTHORIZED', 'Not a member of this organization');
  end if;
  if exists (
      select 1 from public.conversation_access a
      join public.chat_conversations c on c.id = a.conversation_id
      where a.user_id = uid and c.organization_id = p_organization_id)
    or exists (
      select 1 from public.claim_access a
      join public.claims c on c.id = a.claim_id
      where a.user_id = uid and c.organization_id = p_organization_id) then
    return jsonb_build_object('user_id', uid, 'kind', 'customer', 'role', null);
  end if;
  perform private.fail('NOT_AUTHORIZED', 'No conversation or claim in this organization is bound to you');
  return null;
end
$$;

-- Service-role RPCs (the push functions) -------------------------------------------------

create function public.push_save_subscription(
  p_user_id uuid,
  p_organization_id uuid,
  p_platform public.push_platform,
  p_endpoint text,
  p_keys jsonb,
  p_push_token text,
  p_token_hash text,
  p_preferences jsonb default null,
  p_user_agent text default null
) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  saved uuid;
  prefs jsonb := private.push_preferences(p_preferences);
begin
  if p_token_hash is null or char_length(p_token_hash) not between 16 and 128 then
    perform private.fail('INVALID_INPUT', 'token_hash is required');
  end if;
  -- One registration at a time per user, so the cap below holds under concurrent calls.
  perform pg_advisory_xact_lock(hashtextextended('parley-push-subscriptions:' || p_user_id::text, 0));
  insert into public.push_subscriptions as s
    (organization_id, user_id, platform, endpoint, keys, push_token, token_hash, enabled, preferences, user_agent, disabled_reason)
  values
    (p_organization_id, p_user_id, p_platform, p_endpoint, p_keys, p_push_token, p_token_hash, true,
     jsonb_build_object('new_messages', true, 'claim_updates', true, 'warranty_expiring', true, 'system_alerts', true) || prefs,
     left(p_user_agent, 500), null)
  on conflict (user_id, token_hash) do update
    set organization_id = excluded.organization_id,
        platform = excluded.platform,
        endpoint = excluded.endpoint,
        keys = excluded.keys,
        push_token = excluded.push_token,
        enabled = true,
        disabled_reason = null,
        preferences = s.preferences || prefs,
        user_agent = coalesce(excluded.user_agent, s.user_agent),
        updated_at = now()
  returning s.id into saved;
  -- A person has a few devices: registrations beyond their ten latest go, so a session that
  -- registers endpoints without end cannot make every push to it fan out without end.
  delete from public.push_subscriptions s
  where s.id in (
    select x.id from public.push_subscriptions x
    where x.user_id = p_user_id and x.id <> saved
    order by x.updated_at desc, x.created_at desc, x.id
    offset 9
  );
  return saved;
end
$$;

create function public.push_update_subscription(p_id uuid, p_user_id uuid, p_preferences jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  prefs jsonb;
begin
  update public.push_subscriptions s
  set preferences = s.preferences || private.push_preferences(p_preferences), updated_at = now()
  where s.id = p_id and s.user_id = p_user_id
  returning s.preferences into prefs;
  if prefs is null then
    perform private.fail('NOT_FOUND', 'No such subscription');
  end if;
  return prefs;
end
$$;

create function public.push_delete_subscription(p_id uuid, p_user_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.push_subscriptions s where s.id = p_id and s.user_id = p_user_id;
  if not found then
    perform private.fail('NOT_FOUND', 'No such subscription');
  end if;
end
$$;

-- The caller's enabled subscriptions (sealed), for push-test: 5 tests a minute per user, as
-- each one is a request to every device's push service.
create function public.push_subscriptions_for(p_user_id uuid, p_id uuid default null) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  perform private.take_rate_limit('push-test:' || p_user_id::text, 5, interval '1 minute', 'Too many test notifications');
  return (
    select coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'platform', s.platform, 'endpoint', s.endpoint,
      'keys', s.keys, 'push_token', s.push_token, 'locale', o.locale) order by s.created_at), '[]'::jsonb)
    from public.push_subscriptions s
    join public.organizations o on o.id = s.organization_id
    where s.user_id = p_user_id and s.enabled and (p_id is null or s.id = p_id)
  );
end
$$;

-- results: [{subscription_id, outcome: sent|gone|retry|failed, status, error}]. One
-- subscription at a time: a row that cannot be updated is recorded and the others still are.
create function public.push_record_results(p_results jsonb) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  result jsonb;
begin
  if p_results is null or jsonb_typeof(p_results) <> 'array' then
    perform private.fail('INVALID_INPUT', 'p_results must be an array');
  end if;
  for result in select x from jsonb_array_elements(p_results) x where x ->> 'outcome' in ('sent', 'gone') loop
    begin
      if result ->> 'outcome' = 'sent' then
        -- Minute precision is enough, and it keeps parallel sends to one device from queueing on its row lock.
        update public.push_subscriptions s set last_used_at = now()
        where s.id = (result ->> 'subscription_id')::uuid
          and (s.last_used_at is null or s.last_used_at < now() - interval '1 minute');
      else
        update public.push_subscriptions s
        set enabled = false, disabled_reason = left(coalesce(result ->> 'error', 'gone'), 300), updated_at = now()
        where s.id = (result ->> 'subscription_id')::uuid;
      end if;
    exception when others then
      perform private.record_job_failure('push_record_results',
        (select s.organization_id from public.push_subscriptions s where s.id::text = result ->> 'subscription_id'),
        format('subscription %s', result ->> 'subscription_id'), sqlstate, sqlerrm);
    end;
  end loop;
end
$$;

-- An outbox row the dispatcher's RPCs could not process: recorded, then closed as failed
-- with the error (if this caller still holds it) so it is not claimed again. If even that
-- update fails, the row stays as it was and is recorded again each time it comes back.
create function private.push_give_up(p_job text, r public.notification_outbox, p_sqlstate text, p_error text) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_job_failure(p_job, r.organization_id, format('outbox %s', r.id), p_sqlstate, p_error);
  begin
    update public.notification_outbox o
    set status = 'failed', locked_at = null, last_error = left(format('%s: %s', p_job, p_error), 1000)
    where o.id = r.id and o.locked_at is not distinct from r.locked_at;
  exception when others then
    perform private.record_job_failure(p_job, r.organization_id, format('outbox %s (closing it)', r.id), sqlstate, sqlerrm);
  end;
end
$$;

create function private.push_mark_sent(outbox uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  status_update uuid;
begin
  update public.notification_outbox o
  set status = 'sent', sent_at = now(), locked_at = null
  where o.id = outbox
  returning o.claim_status_update_id into status_update;
  if status_update is not null then
    update public.claim_status_updates u
    set notification_sent = true, notification_sent_at = now()
    where u.id = status_update and not coalesce(u.notification_sent, false);
  end if;
end
$$;

-- Claims due rows (pending and due, or 'sending' past the lease — their dispatcher died) with
-- FOR UPDATE SKIP LOCKED, marks them 'sending' with a fresh locked_at (the lease token that
-- complete_push checks), and returns each with the recipient's sealed subscriptions that
-- want its type and have not had it yet. Rows over the recipient's per-minute limit are
-- skipped, rows nobody can receive are closed, rows out of attempts fail. One row per
-- subtransaction: a row that raises is given up (push_give_up) and the batch goes on.
create function public.claim_push_batch(
  p_limit integer default 50,
  p_lease_seconds integer default 120,
  p_rate_per_minute integer default 10,
  p_max_attempts integer default 8
) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  lease interval := make_interval(secs => p_lease_seconds);
  claimed jsonb := '[]'::jsonb;
  r public.notification_outbox;
  targets jsonb;
  recent integer;
  stamp timestamptz;
begin
  if p_limit is null or p_limit not between 1 and 1000 then
    perform private.fail('INVALID_INPUT', 'p_limit must be between 1 and 1000');
  end if;
  if p_lease_seconds is null or p_lease_seconds < 1 or p_rate_per_minute is null or p_rate_per_minute < 1
    or p_max_attempts is null or p_max_attempts < 1 then
    perform private.fail('INVALID_INPUT', 'lease, rate and attempts must be positive');
  end if;
  -- Per-recipient counting must see every concurrent claim; claims are short, so one at a time.
  perform pg_advisory_xact_lock(hashtext('parley.claim_push_batch'));

  for r in
    select o.* from public.notification_outbox o
    where (o.status = 'pending' and o.next_attempt_at <= now())
       or (o.status = 'sending' and o.locked_at < now() - lease)
    order by o.next_attempt_at, o.created_at, o.id
    limit p_limit
    for update skip locked
  loop
    begin
      if r.attempts >= p_max_attempts then
        update public.notification_outbox o
        set status = 'failed', locked_at = null,
            last_error = left(coalesce(o.last_error || '; ', '') || format('gave up after %s attempts', r.attempts), 1000)
        where o.id = r.id;
        continue;
      end if;

      select jsonb_agg(jsonb_build_object('id', s.id, 'platform', s.platform, 'endpoint', s.endpoint,
               'keys', s.keys, 'push_token', s.push_token) order by s.created_at)
        into targets
      from public.push_subscriptions s
      where s.user_id = r.user_id and s.organization_id = r.organization_id and s.enabled
        and private.push_wanted(s.preferences, r.type)
        and not exists (select 1 from public.push_deliveries d where d.outbox_id = r.id and d.subscription_id = s.id);

      if targets is null then
        if exists (select 1 from public.push_deliveries d where d.outbox_id = r.id) then
          perform private.push_mark_sent(r.id);
        else
          update public.notification_outbox o
          set status = 'skipped', locked_at = null, last_error = 'no enabled subscription wants this notification'
          where o.id = r.id;
        end if;
        continue;
      end if;

      select count(*) into recent
      from public.notification_outbox o
      where o.user_id = r.user_id and o.id <> r.id
        and ((o.status = 'sent' and o.sent_at > now() - interval '1 minute')
          or (o.status = 'sending' and o.locked_at >= now() - lease));
      if recent >= p_rate_per_minute then
        update public.notification_outbox o
        set status = 'skipped', locked_at = null,
            last_error = format('rate_limited: more than %s pushes per minute to this recipient', p_rate_per_minute)
        where o.id = r.id;
        continue;
      end if;

      stamp := clock_timestamp();
      update public.notification_outbox o
      set status = 'sending', locked_at = stamp, attempts = o.attempts + 1
      where o.id = r.id;
      claimed := claimed || jsonb_build_array(jsonb_build_object(
        'id', r.id, 'organization_id', r.organization_id, 'user_id', r.user_id, 'type', r.type,
        'title', r.title, 'body', r.body, 'data', coalesce(r.data, '{}'::jsonb),
        'attempts', r.attempts + 1, 'locked_at', stamp, 'targets', targets));
    exception when others then
      perform private.push_give_up('claim_push_batch', r, sqlstate, sqlerrm);
    end;
  end loop;
  return claimed;
end
$$;

-- Records what happened to one claimed row. Deliveries and dead subscriptions are recorded
-- even when the lease was lost (another dispatcher then skips them); the row's status only
-- changes if this caller still holds the lease (locked_at matches). If recording raises,
-- the row is given up (push_give_up) rather than left to fail the dispatcher's run.
create function public.complete_push(
  p_id uuid,
  p_locked_at timestamptz,
  p_results jsonb,
  p_retry_at timestamptz,
  p_max_attempts integer default 8
) returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.notification_outbox;
  errors text;
  any_retry boolean;
begin
  if p_results is null or jsonb_typeof(p_results) <> 'array' then
    perform private.fail('INVALID_INPUT', 'p_results must be an array');
  end if;
  begin
    insert into public.push_deliveries (outbox_id, subscription_id)
    select p_id, s.id
    from jsonb_array_elements(p_results) x
    join public.push_subscriptions s on s.id = (x ->> 'subscription_id')::uuid
    where x ->> 'outcome' = 'sent' and exists (select 1 from public.notification_outbox o where o.id = p_id)
    on conflict do nothing;
    perform public.push_record_results(p_results);

    select * into r from public.notification_outbox o where o.id = p_id for update;
    if not found then
      return 'missing';
    end if;
    if r.status <> 'sending' or r.locked_at is distinct from p_locked_at then
      return 'stale';
    end if;

    select string_agg(format('%s: %s', x ->> 'outcome', coalesce(x ->> 'error', 'HTTP ' || (x ->> 'status'))), '; '),
           bool_or(x ->> 'outcome' = 'retry')
      into errors, any_retry
    from jsonb_array_elements(p_results) x where x ->> 'outcome' <> 'sent';

    if coalesce(any_retry, false) and r.attempts < p_max_attempts then
      update public.notification_outbox o
      set status = 'pending', locked_at = null, next_attempt_at = coalesce(p_retry_at, now()), last_error = left(errors, 1000)
      where o.id = p_id;
      return 'pending';
    end if;
    if exists (select 1 from public.push_deliveries d where d.outbox_id = p_id) then
      perform private.push_mark_sent(p_id);
      update public.notification_outbox o set last_error = left(errors, 1000) where o.id = p_id;
      return 'sent';
    end if;
    update public.notification_outbox o
    set status = 'failed', locked_at = null, last_error = left(coalesce(errors, 'no subscription to send to'), 1000)
    where o.id = p_id;
    return 'failed';
  exception when others then
    select * into r from public.notification_outbox o where o.id = p_id;
    if not found then
      return 'missing';
    end if;
    r.locked_at := p_locked_at;
    perform private.push_give_up('complete_push', r, sqlstate, sqlerrm);
    return 'failed';
  end;
end
$$;

-- Grants ----------------------------------------------------------------------------------

revoke all on function
  private.push_preference_key(public.notification_type), private.push_preferences(jsonb),
  private.push_wanted(jsonb, public.notification_type),
  private.push_wants(uuid, uuid, public.notification_type), private.push_url(uuid, text, uuid, uuid),
  private.push_enqueue(uuid, uuid, public.notification_type, text, text, jsonb, boolean, uuid),
  private.push_on_message(), private.claim_status_label(public.claim_status, text), private.push_on_claim_status(),
  private.push_on_warranty_expiring(), private.push_mark_sent(uuid),
  private.push_give_up(text, public.notification_outbox, text, text)
from public, anon, authenticated;

revoke all on function public.send_system_alert(text, text), public.push_caller(uuid) from public, anon;
grant execute on function public.send_system_alert(text, text), public.push_caller(uuid) to authenticated;

revoke all on function
  public.push_save_subscription(uuid, uuid, public.push_platform, text, jsonb, text, text, jsonb, text),
  public.push_update_subscription(uuid, uuid, jsonb), public.push_delete_subscription(uuid, uuid),
  public.push_subscriptions_for(uuid, uuid), public.push_record_results(jsonb),
  public.claim_push_batch(integer, integer, integer, integer),
  public.complete_push(uuid, timestamptz, jsonb, timestamptz, integer)
from public, anon, authenticated;
grant execute on function
  public.push_save_subscription(uuid, uuid, public.push_platform, text, jsonb, text, text, jsonb, text),
  public.push_update_subscription(uuid, uuid, jsonb), public.push_delete_subscription(uuid, uuid),
  public.push_subscriptions_for(uuid, uuid), public.push_record_results(jsonb),
  public.claim_push_batch(integer, integer, integer, integer),
  public.complete_push(uuid, timestamptz, jsonb, timestamptz, integer)
to service_role;
