-- Parley operations: quick replies (reply templates), response-time analytics and customer
-- satisfaction. Days and weeks are the organization's own (organizations.time_zone), so a
-- day's figures match the dealership's working day across daylight-saving changes.

-- Quick replies ---------------------------------------------------------------------------

-- Shared by the organization (owner_id null, managed by admins) or personal to one chat
-- staff member. Variables are {{name}} among private.reply_variables().
create table public.reply_templates (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid references public.profiles (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  shortcut text not null check (shortcut ~ '^/[a-z0-9][a-z0-9_-]{0,31}$'),
  body_fr text not null default '' check (char_length(body_fr) <= 5000),
  body_en text not null default '' check (char_length(body_en) <= 5000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (btrim(body_fr) <> '' or btrim(body_en) <> '')
);
create unique index reply_templates_shared_shortcut_idx on public.reply_templates (organization_id, shortcut) where owner_id is null;
create unique index reply_templates_personal_shortcut_idx on public.reply_templates (owner_id, shortcut) where owner_id is not null;
create index reply_templates_organization_id_idx on public.reply_templates (organization_id);

-- How often each template was rendered; admins read it, only render_reply_template writes it.
create table public.reply_template_usage (
  template_id uuid primary key references public.reply_templates (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  use_count bigint not null default 0,
  last_used_at timestamptz
);
create index reply_template_usage_organization_id_idx on public.reply_template_usage (organization_id);

create function private.reply_variables() returns text[]
language sql immutable
set search_path = ''
as $$
  select array['customer.name', 'agent.name', 'claim.number', 'claim.status', 'warranty.number', 'warranty.expiry', 'dealer.name']
$$;

create function private.check_template_body(field text, body text) returns void
language plpgsql stable
set search_path = ''
as $$
declare
  unknown text := (
    select m[1] from regexp_matches(body, '\{\{\s*([^{}]*?)\s*\}\}', 'g') m
    where not (m[1] = any (private.reply_variables()))
    limit 1
  );
begin
  if unknown is not null then
    perform private.fail('INVALID_INPUT', format('%s uses the unknown variable {{%s}}; the variables are %s',
      field, unknown, (select string_agg('{{' || v || '}}', ', ') from unnest(private.reply_variables()) v)));
  end if;
  if regexp_replace(body, '\{\{\s*[a-z.]+\s*\}\}', '', 'g') ~ '\{\{|\}\}' then
    perform private.fail('INVALID_INPUT', format('%s has a {{ or }} that is not part of a variable', field));
  end if;
end
$$;

create function private.reply_template_prepare() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.shortcut is null or new.shortcut !~ '^/[a-z0-9][a-z0-9_-]{0,31}$' then
    perform private.fail('INVALID_INPUT', 'shortcut must be / followed by 1 to 32 lowercase letters, digits, - or _ (e.g. /garantie)');
  end if;
  perform private.require_name('title', new.title);
  if btrim(coalesce(new.body_fr, '')) = '' and btrim(coalesce(new.body_en, '')) = '' then
    perform private.fail('INVALID_INPUT', 'A template needs a French or an English text');
  end if;
  perform private.check_template_body('body_fr', coalesce(new.body_fr, ''));
  perform private.check_template_body('body_en', coalesce(new.body_en, ''));
  if exists (
    select 1 from public.reply_templates t
    where t.id <> new.id and t.organization_id = new.organization_id and t.shortcut = new.shortcut
      and t.owner_id is not distinct from new.owner_id
  ) then
    perform private.fail('CONFLICT', format('The shortcut %s is already used', new.shortcut));
  end if;
  if tg_op = 'UPDATE' then
    new.created_at := old.created_at;
    new.updated_at := now();
  else
    new.created_at := now();
    new.updated_at := new.created_at;
  end if;
  return new;
end
$$;

create trigger reply_templates_10_prepare before insert or update on public.reply_templates
for each row execute function private.reply_template_prepare();

-- Whether the caller may write this template: admins the shared ones, chat staff their own.
create function private.can_manage_template(org uuid, owner uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select org = (select private.my_chat_org())
    and case when owner is null then private.is_admin(org) else owner = (select auth.uid()) end
$$;

alter table public.reply_templates enable row level security;
alter table public.reply_template_usage enable row level security;

create policy reply_templates_select_staff on public.reply_templates
  for select to authenticated
  using (organization_id = (select private.my_chat_org()) and (owner_id is null or owner_id = (select auth.uid())));
create policy reply_templates_insert_manager on public.reply_templates
  for insert to authenticated with check (private.can_manage_template(organization_id, owner_id));
create policy reply_templates_update_manager on public.reply_templates
  for update to authenticated
  using (private.can_manage_template(organization_id, owner_id))
  with check (private.can_manage_template(organization_id, owner_id));
create policy reply_templates_delete_manager on public.reply_templates
  for delete to authenticated using (private.can_manage_template(organization_id, owner_id));

create policy reply_template_usage_select_admin on public.reply_template_usage
  for select to authenticated using (private.is_admin(organization_id));

-- One pass over the text, so a value that itself looks like {{dealer.name}} stays literal.
create function public.render_reply_template(template_id uuid, conversation_id uuid, locale text default 'fr-CA')
returns text
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  conv public.chat_conversations;
  tpl public.reply_templates;
  claim public.claims;
  warranty public.warranties;
  body text;
  vars jsonb;
  pieces text[];
  names text[];
  result text;
begin
  if render_reply_template.locale is null or render_reply_template.locale not in ('fr-CA', 'en') then
    perform private.fail('INVALID_INPUT', 'locale must be fr-CA or en');
  end if;
  conv := private.require_chat_staff(render_reply_template.conversation_id);
  select * into tpl from public.reply_templates t
  where t.id = render_reply_template.template_id and t.organization_id = conv.organization_id
    and (t.owner_id is null or t.owner_id = auth.uid());
  if not found then
    perform private.fail('NOT_FOUND', 'Template not found');
  end if;
  body := case
    when render_reply_template.locale = 'en' then case when btrim(tpl.body_en) <> '' then tpl.body_en else tpl.body_fr end
    else case when btrim(tpl.body_fr) <> '' then tpl.body_fr else tpl.body_en end
  end;

  select * into claim from public.claims k where k.id = conv.claim_id and k.organization_id = conv.organization_id;
  select * into warranty from public.warranties w
  where w.id = coalesce(conv.warranty_id, claim.warranty_id) and w.organization_id = conv.organization_id;
  vars := jsonb_build_object(
    'customer.name', conv.customer_name,
    'agent.name', (select p.display_name from public.profiles p where p.id = auth.uid()),
    'claim.number', claim.claim_number,
    'claim.status', private.claim_status_label(claim.status, render_reply_template.locale),
    'warranty.number', warranty.warranty_number,
    'warranty.expiry', to_char(warranty.expires_on, 'YYYY-MM-DD'),
    'dealer.name', (select o.name from public.organizations o where o.id = conv.organization_id)
  );
  pieces := regexp_split_to_array(body, '\{\{\s*[a-z.]+\s*\}\}');
  names := array(select m[1] from regexp_matches(body, '\{\{\s*([a-z.]+)\s*\}\}', 'g') m);
  result := pieces[1];
  for i in 1 .. coalesce(array_length(names, 1), 0) loop
    result := result || coalesce(vars ->> names[i], '') || pieces[i + 1];
  end loop;

  insert into public.reply_template_usage as u (template_id, organization_id, use_count, last_used_at)
  values (tpl.id, tpl.organization_id, 1, now())
  on conflict (template_id) do update set use_count = u.use_count + 1, last_used_at = now();
  return result;
end
$$;

-- Analytics facts ---------------------------------------------------------------------------

-- One row per conversation, kept by triggers so dashboards never scan messages. A deleted
-- conversation leaves every figure: its facts and resolutions go with it.
create table private.conversation_metrics (
  conversation_id uuid primary key references public.chat_conversations (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  opened_at timestamptz not null,
  first_customer_message_at timestamptz,
  first_response_at timestamptz,
  first_responder_id uuid references auth.users (id) on delete set null,
  staff_replies integer not null default 0,
  reopened_at timestamptz,
  is_open boolean not null default true,
  -- What the reports rank by, computed once per write instead of per report row. The day a
  -- row falls on is not stored: it depends on the organization's time zone, which may change.
  first_response_seconds double precision
    generated always as (extract(epoch from first_response_at - first_customer_message_at)::double precision) stored
);
create index conversation_metrics_org_opened_idx on private.conversation_metrics (organization_id, opened_at)
  include (first_customer_message_at, first_response_seconds, first_responder_id, staff_replies);
create index conversation_metrics_open_idx on private.conversation_metrics (organization_id)
  include (opened_at, reopened_at, first_response_at) where is_open;
create index conversation_metrics_first_responder_id_idx on private.conversation_metrics (first_responder_id);
alter table private.conversation_metrics enable row level security;
revoke all on private.conversation_metrics from public, anon, authenticated, service_role;
create policy conversation_metrics_no_client on private.conversation_metrics
  as restrictive for all to anon, authenticated using (false) with check (false);

-- One row each time a conversation becomes resolved; the customer's rating of that resolution
-- rides on it. Admins and operations of the organization read it.
create table public.conversation_resolutions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  conversation_id uuid not null references public.chat_conversations (id) on delete cascade,
  agent_id uuid references public.profiles (id) on delete set null,
  opened_at timestamptz not null,
  resolved_at timestamptz not null default now(),
  rating smallint check (rating between 1 and 5),
  comment text check (comment is null or char_length(comment) <= 1000),
  rated_at timestamptz,
  check ((rating is null) = (rated_at is null)),
  check (comment is null or rating is not null),
  resolution_seconds double precision generated always as (extract(epoch from resolved_at - opened_at)::double precision) stored
);
create index conversation_resolutions_org_resolved_idx on public.conversation_resolutions (organization_id, resolved_at)
  include (agent_id, resolution_seconds, rating);
create index conversation_resolutions_conversation_idx on public.conversation_resolutions (conversation_id, resolved_at desc);
create index conversation_resolutions_agent_id_idx on public.conversation_resolutions (agent_id);
alter table public.conversation_resolutions enable row level security;
create policy conversation_resolutions_select_manager on public.conversation_resolutions
  for select to authenticated
  using (private.staff_role(organization_id) in ('admin', 'operations'));
revoke all on public.conversation_resolutions from anon;
revoke insert, update, delete, truncate on public.conversation_resolutions from authenticated;

create function private.operations_conversation_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  agent uuid;
begin
  if new.deleted_at is not null then
    delete from private.conversation_metrics m where m.conversation_id = new.id;
    delete from public.conversation_resolutions r where r.conversation_id = new.id;
    return null;
  end if;
  if tg_op = 'INSERT' then
    insert into private.conversation_metrics (conversation_id, organization_id, opened_at, is_open)
    values (new.id, new.organization_id, new.created_at, new.status = 'active');
  else
    update private.conversation_metrics m set
      is_open = new.status = 'active',
      reopened_at = case when new.status = 'active' and old.status <> 'active' then now() else m.reopened_at end
    where m.conversation_id = new.id;
  end if;
  if new.status = 'resolved' and (tg_op = 'INSERT' or old.status <> 'resolved') then
    agent := coalesce(new.assigned_to,
      (select p.id from public.profiles p where p.id = auth.uid() and p.organization_id = new.organization_id));
    insert into public.conversation_resolutions (organization_id, conversation_id, agent_id, opened_at, resolved_at)
    select new.organization_id, new.id, agent, coalesce(m.reopened_at, new.created_at), now()
    from private.conversation_metrics m where m.conversation_id = new.id;
  end if;
  return null;
end
$$;

create trigger chat_conversations_30_operations after insert on public.chat_conversations
for each row execute function private.operations_conversation_changed();
-- Every message updates its conversation (and names status): only a real change counts.
create trigger chat_conversations_30_operations_update after update of status, deleted_at on public.chat_conversations
for each row when (old.status is distinct from new.status or old.deleted_at is distinct from new.deleted_at)
execute function private.operations_conversation_changed();

-- First response: the first staff reply customers see, after the first customer message.
create function private.operations_message_inserted() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.is_internal then
    return null;
  end if;
  if new.sender_type = 'customer' then
    update private.conversation_metrics m set first_customer_message_at = new.created_at
    where m.conversation_id = new.conversation_id and m.first_customer_message_at is null;
  elsif new.sender_type = 'staff' and new.message_type in ('text', 'file', 'image') then
    update private.conversation_metrics m set
      staff_replies = m.staff_replies + 1,
      first_response_at = case
        when m.first_response_at is null and m.first_customer_message_at <= new.created_at then new.created_at
        else m.first_response_at end,
      first_responder_id = case
        when m.first_response_at is null and m.first_customer_message_at <= new.created_at then new.sender_id
        else m.first_responder_id end
    where m.conversation_id = new.conversation_id;
  end if;
  return null;
end
$$;

create trigger chat_messages_30_operations after insert on public.chat_messages
for each row execute function private.operations_message_inserted();

-- Rebuilds the facts of one organization from its conversations and messages (rows written
-- with triggers off, as a bulk import does). Resolutions cannot be rebuilt: their history
-- lives only in conversation_resolutions.
create function private.rebuild_conversation_metrics(org uuid) returns void
language sql volatile
set search_path = ''
as $$
  delete from private.conversation_metrics m where m.organization_id = org;
  insert into private.conversation_metrics
    (conversation_id, organization_id, opened_at, first_customer_message_at, first_response_at, first_responder_id, staff_replies, is_open)
  select c.id, c.organization_id, c.created_at, fc.at, fr.created_at, fr.sender_id, coalesce(r.replies, 0), c.status = 'active'
  from public.chat_conversations c
  left join lateral (
    select min(m.created_at) as at from public.chat_messages m
    where m.conversation_id = c.id and m.sender_type = 'customer' and not m.is_internal
  ) fc on true
  left join lateral (
    select m.created_at, m.sender_id from public.chat_messages m
    where m.conversation_id = c.id and m.sender_type = 'staff' and not m.is_internal
      and m.message_type in ('text', 'file', 'image') and m.created_at >= fc.at
    order by m.created_at, m.id limit 1
  ) fr on true
  left join lateral (
    select count(*)::integer as replies from public.chat_messages m
    where m.conversation_id = c.id and m.sender_type = 'staff' and not m.is_internal
      and m.message_type in ('text', 'file', 'image')
  ) r on true
  where c.organization_id = org and c.deleted_at is null;
$$;

-- Satisfaction --------------------------------------------------------------------------------

create function public.rate_conversation(conversation_id uuid, rating integer, comment text default null)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  conv public.chat_conversations;
  resolution uuid;
  note text := nullif(btrim(coalesce(rate_conversation.comment, '')), '');
begin
  if auth.uid() is null then
    perform private.fail('NOT_AUTHORIZED', 'Sign in first');
  end if;
  if private.is_any_staff() then
    perform private.fail('NOT_AUTHORIZED', 'Staff cannot rate conversations');
  end if;
  select * into conv from public.chat_conversations c
  where c.id = rate_conversation.conversation_id and c.deleted_at is null;
  if not found or not private.has_conversation_binding(conv.id) then
    perform private.fail('NOT_FOUND', 'Conversation not found');
  end if;
  if rate_conversation.rating is null or rate_conversation.rating not between 1 and 5 then
    perform private.fail('INVALID_INPUT', 'rating must be a whole number from 1 to 5');
  end if;
  if char_length(note) > 1000 then
    perform private.fail('INVALID_INPUT', format('comment is %s characters long; the limit is 1000', char_length(note)));
  end if;
  if conv.status <> 'resolved' then
    perform private.fail('CONFLICT', 'Only a resolved conversation can be rated');
  end if;
  select r.id into resolution from public.conversation_resolutions r
  where r.conversation_id = conv.id order by r.resolved_at desc limit 1 for update;
  update public.conversation_resolutions r
  set rating = rate_conversation.rating, comment = note, rated_at = now()
  where r.id = resolution and r.rating is null;
  if not found then
    perform private.fail('CONFLICT', 'This conversation has already been rated');
  end if;
end
$$;

-- Analytics RPCs ------------------------------------------------------------------------------

-- Admins and operations of the organization; other staff NOT_AUTHORIZED; outsiders NOT_FOUND.
create function private.require_operations_manager(org uuid) returns void
language plpgsql stable
set search_path = ''
as $$
declare
  role public.user_role := private.staff_role(org);
begin
  if role is null then
    perform private.fail('NOT_FOUND', 'Organization not found');
  end if;
  if role not in ('admin', 'operations') then
    perform private.fail('NOT_AUTHORIZED', 'Only admins and operations see operations analytics');
  end if;
end
$$;

-- The organization's first-response target in seconds: the routing setting
-- settings.routing.first_response_minutes (1 to 10080, checked on write by the routing
-- migration's trigger), else 15 minutes. Reporting and reassignment use the same target.
create function private.first_response_target(org uuid) returns integer
language sql stable
set search_path = ''
as $$
  select coalesce(
    (select (o.settings -> 'routing' ->> 'first_response_minutes')::integer * 60 from public.organizations o
     where o.id = org
       and case when o.settings -> 'routing' ->> 'first_response_minutes' ~ '^[0-9]{1,5}$'
         then (o.settings -> 'routing' ->> 'first_response_minutes')::integer between 1 and 10080 else false end),
    15 * 60)
$$;

create function public.operations_report(
  organization_id uuid,
  period text default 'day',
  from_date date default null,
  to_date date default null,
  by_agent boolean default false
) returns table (
  period_start date,
  agent_id uuid,
  agent_name text,
  conversations_opened bigint,
  conversations_resolved bigint,
  first_responses bigint,
  first_response_median_seconds double precision,
  first_response_p90_seconds double precision,
  first_response_breaches bigint,
  -- What the breaches were counted against: the organization's target, the same on every row.
  first_response_target_seconds integer,
  resolution_median_seconds double precision,
  resolution_p90_seconds double precision,
  replies_per_conversation numeric,
  ratings bigint,
  rating_average numeric,
  rating_1 bigint,
  rating_2 bigint,
  rating_3 bigint,
  rating_4 bigint,
  rating_5 bigint,
  rating_response_rate numeric
)
language plpgsql stable security definer
set search_path = ''
-- A quarter's rows sort in memory (the default 4 MB spills to disk).
set work_mem = '64MB'
as $$
#variable_conflict use_column
declare
  org uuid := operations_report.organization_id;
  zone text;
  first_day date;
  last_day date;
  target_seconds integer;
  target interval;
begin
  perform private.require_operations_manager(org);
  select o.time_zone into zone from public.organizations o where o.id = org;
  first_day := coalesce(operations_report.from_date, (now() at time zone zone)::date - 29);
  last_day := coalesce(operations_report.to_date, (now() at time zone zone)::date);
  if operations_report.period is null or operations_report.period not in ('day', 'week') then
    perform private.fail('INVALID_INPUT', 'period must be day or week');
  end if;
  if last_day < first_day or last_day - first_day > 366 then
    perform private.fail('INVALID_INPUT', 'from_date must be on or before to_date, at most 366 days apart');
  end if;
  target_seconds := private.first_response_target(org);
  target := make_interval(secs => target_seconds);
  -- Each local day or Monday week of the range as a span of instants, from its local midnight
  -- to the next (a day across a daylight-saving change lasts 23 or 25 hours), cut to the
  -- range. Rows are found by index range per span: no time zone arithmetic per row.
  -- Percentiles skip nulls (conversations not answered yet); both come from one sort.
  return query
  with spans as (
    select g::date as bucket,
      greatest(g at time zone zone, first_day::timestamp at time zone zone) as starts,
      least((g + ('1 ' || operations_report.period)::interval) at time zone zone, (last_day + 1)::timestamp at time zone zone) as ends
    from generate_series(date_trunc(operations_report.period, first_day::timestamp), last_day::timestamp,
      ('1 ' || operations_report.period)::interval) g
  ),
  conv as (
    select s.bucket,
      case when operations_report.by_agent then m.first_responder_id end as agent,
      count(*) as opened,
      count(m.first_response_seconds) as responses,
      percentile_cont(array[0.5, 0.9]) within group (order by m.first_response_seconds) as frt,
      count(*) filter (where m.first_response_seconds > target_seconds
        or (m.first_response_seconds is null and m.first_customer_message_at < now() - target)) as breaches,
      round(avg(m.staff_replies), 2) as replies
    from spans s
    join private.conversation_metrics m on m.organization_id = org and m.opened_at >= s.starts and m.opened_at < s.ends
    group by 1, 2
  ),
  res as (
    select s.bucket,
      case when operations_report.by_agent then r.agent_id end as agent,
      count(*) as resolved,
      percentile_cont(array[0.5, 0.9]) within group (order by r.resolution_seconds) as res,
      count(r.rating) as rated,
      round(avg(r.rating), 2) as rating_avg,
      count(*) filter (where r.rating = 1) as r1,
      count(*) filter (where r.rating = 2) as r2,
      count(*) filter (where r.rating = 3) as r3,
      count(*) filter (where r.rating = 4) as r4,
      count(*) filter (where r.rating = 5) as r5
    from spans s
    join public.conversation_resolutions r on r.organization_id = org and r.resolved_at >= s.starts and r.resolved_at < s.ends
    group by 1, 2
  ),
  keys as (
    select spans.bucket, null::uuid as agent from spans where not operations_report.by_agent
    union
    select conv.bucket, conv.agent from conv where operations_report.by_agent
    union
    select res.bucket, res.agent from res where operations_report.by_agent
  )
  select k.bucket, k.agent, p.display_name,
    coalesce(conv.opened, 0), coalesce(res.resolved, 0), coalesce(conv.responses, 0),
    conv.frt[1], conv.frt[2], coalesce(conv.breaches, 0), target_seconds,
    res.res[1], res.res[2], conv.replies,
    coalesce(res.rated, 0), res.rating_avg,
    coalesce(res.r1, 0), coalesce(res.r2, 0), coalesce(res.r3, 0), coalesce(res.r4, 0), coalesce(res.r5, 0),
    case when res.resolved > 0 then round(res.rated::numeric / res.resolved, 4) end
  from keys k
  left join conv on conv.bucket = k.bucket and conv.agent is not distinct from k.agent
  left join res on res.bucket = k.bucket and res.agent is not distinct from k.agent
  left join public.profiles p on p.id = k.agent
  order by k.bucket, p.display_name nulls first, k.agent;
end
$$;

-- The same figures as CSV (RFC 4180, header first). Text cells that a spreadsheet would run
-- as a formula are prefixed with an apostrophe.
create function public.operations_report_csv(
  organization_id uuid,
  period text default 'day',
  from_date date default null,
  to_date date default null,
  by_agent boolean default false
) returns text
language plpgsql stable security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  return (
    select 'period_start,agent_id,agent_name,conversations_opened,conversations_resolved,first_responses,'
      || 'first_response_median_seconds,first_response_p90_seconds,first_response_breaches,'
      || 'resolution_median_seconds,resolution_p90_seconds,replies_per_conversation,ratings,rating_average,'
      || 'rating_1,rating_2,rating_3,rating_4,rating_5,rating_response_rate' || E'\r\n'
      || coalesce(string_agg(concat_ws(',',
        r.period_start, coalesce(r.agent_id::text, ''),
        case when r.agent_name is not null then
          '"' || replace(case when r.agent_name ~ '^[=+@\t\r-]' then '''' || r.agent_name else r.agent_name end, '"', '""') || '"'
        else '' end,
        r.conversations_opened, r.conversations_resolved, r.first_responses,
        coalesce(round(r.first_response_median_seconds::numeric, 1)::text, ''),
        coalesce(round(r.first_response_p90_seconds::numeric, 1)::text, ''),
        r.first_response_breaches,
        coalesce(round(r.resolution_median_seconds::numeric, 1)::text, ''),
        coalesce(round(r.resolution_p90_seconds::numeric, 1)::text, ''),
        coalesce(r.replies_per_conversation::text, ''), r.ratings, coalesce(r.rating_average::text, ''),
        r.rating_1, r.rating_2, r.rating_3, r.rating_4, r.rating_5,
        coalesce(r.rating_response_rate::text, '')
      ) || E'\r\n', ''), '')
    from public.operations_report(operations_report_csv.organization_id, operations_report_csv.period,
      operations_report_csv.from_date, operations_report_csv.to_date, operations_report_csv.by_agent) r
  );
end
$$;

-- Open conversations by how long ago they were opened (or last reopened).
create function public.operations_backlog(organization_id uuid)
returns table (age_bucket text, conversations bigint, unanswered bigint)
language plpgsql stable security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform private.require_operations_manager(operations_backlog.organization_id);
  return query
  with buckets (rank_no, name) as (
    values (1, 'under_1h'), (2, '1h_to_4h'), (3, '4h_to_24h'), (4, '1d_to_3d'), (5, '3d_to_7d'), (6, 'over_7d')
  ),
  pending as (
    select now() - coalesce(m.reopened_at, m.opened_at) as age, m.first_response_at is null as waiting
    from private.conversation_metrics m
    where m.organization_id = operations_backlog.organization_id and m.is_open
  ),
  placed as (
    select case
        when o.age < interval '1 hour' then 1 when o.age < interval '4 hours' then 2 when o.age < interval '1 day' then 3
        when o.age < interval '3 days' then 4 when o.age < interval '7 days' then 5 else 6
      end as rank_no, o.waiting
    from pending o
  )
  select b.name, count(p.rank_no), count(p.rank_no) filter (where p.waiting)
  from buckets b left join placed p on p.rank_no = b.rank_no
  group by b.rank_no, b.name
  order by b.rank_no;
end
$$;

-- Privileges: RPCs for signed-in users only; helpers and trigger functions for nobody.
revoke all on function
  public.render_reply_template(uuid, uuid, text),
  public.rate_conversation(uuid, integer, text),
  public.operations_report(uuid, text, date, date, boolean),
  public.operations_report_csv(uuid, text, date, date, boolean),
  public.operations_backlog(uuid)
from public, anon;
grant execute on function
  public.render_reply_template(uuid, uuid, text),
  public.rate_conversation(uuid, integer, text),
  public.operations_report(uuid, text, date, date, boolean),
  public.operations_report_csv(uuid, text, date, date, boolean),
  public.operations_backlog(uuid)
to authenticated, service_role;

revoke all on all functions in schema private from public, anon;
grant execute on function
  private.reply_variables(), private.check_template_body(text, text), private.can_manage_template(uuid, uuid),
  private.claim_status_label(public.claim_status, text), private.require_operations_manager(uuid),
  private.first_response_target(uuid)
to authenticated, service_role;
revoke all on public.reply_templates, public.reply_template_usage from anon;
revoke insert, update, delete, truncate on public.reply_template_usage from authenticated;
revoke truncate on public.reply_templates from authenticated;
