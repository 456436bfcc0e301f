-- Routing: who gets a conversation and why. The choice itself is private.next_agent and
-- private.conversation_assign (chat migration); here are the organization's rules
-- (settings.routing), agents' skills, business hours, the waiting queue, reassignment when
-- an assignee goes away or misses the first-response target, and the job that runs both.
-- Every decision is written to chat_conversations.routing_reason, which staff read and
-- customers never do (neither customer_conversations nor the customer broadcast carry it).

-- Skills -----------------------------------------------------------------------------------

create function private.skills_problem(skills text[]) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  if skills is null then
    return 'skills must be a list (use {} for none)';
  end if;
  if cardinality(skills) > 20 then
    return 'an agent has at most 20 skills';
  end if;
  if exists (select 1 from unnest(skills) s where s is null or s !~ '^[a-z0-9_]{1,40}$') then
    return 'each skill is 1 to 40 characters of a-z, 0-9 and _ (e.g. warranty, f_and_i)';
  end if;
  return null;
end
$$;

alter table public.profiles add column skills text[] not null default '{}';
alter table public.chat_conversations
  add column routing_reason jsonb check (routing_reason is null or jsonb_typeof(routing_reason) = 'object');

-- Skills are an admin decision, like roles; a member may not give themselves one.
create function private.profile_check_skills() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  problem text := private.skills_problem(new.skills);
begin
  if problem is not null then
    perform private.fail('INVALID_INPUT', problem);
  end if;
  if tg_op = 'UPDATE' and new.skills is distinct from old.skills and private.is_client_statement()
    and not private.is_admin(old.organization_id) then
    perform private.fail('NOT_AUTHORIZED', 'Only an admin of the organization can change skills');
  end if;
  return new;
end
$$;
create trigger profiles_check_skills before insert or update of skills on public.profiles
for each row execute function private.profile_check_skills();

-- Organization rules -----------------------------------------------------------------------

-- settings.routing: {"strategy": "least_open" | "round_robin", "max_open_per_agent": 1..1000,
-- "skill_rules": [{"when": {"tag" | "page_contains": text} | {"has_warranty" | "has_claim": true},
-- "skill": text}], "skill_fallback": "any_agent" | "wait", "first_response_minutes": 1..10080}.
-- Every key is optional. Returns the problem in words, null when valid.
create function private.routing_settings_problem(routing jsonb) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  key text;
  rule jsonb;
begin
  if routing is null then
    return null;
  end if;
  if jsonb_typeof(routing) <> 'object' then
    return 'settings.routing must be an object';
  end if;
  for key in select jsonb_object_keys(routing) loop
    if key not in ('strategy', 'max_open_per_agent', 'skill_rules', 'skill_fallback', 'first_response_minutes') then
      return format('settings.routing: unknown key %s', left(key, 40));
    end if;
  end loop;
  if routing ? 'strategy' and coalesce(routing ->> 'strategy', '') not in ('least_open', 'round_robin') then
    return 'settings.routing.strategy must be least_open or round_robin';
  end if;
  if routing ? 'skill_fallback' and coalesce(routing ->> 'skill_fallback', '') not in ('any_agent', 'wait') then
    return 'settings.routing.skill_fallback must be any_agent or wait';
  end if;
  if routing ? 'max_open_per_agent' and (jsonb_typeof(routing -> 'max_open_per_agent') <> 'number'
    or (routing ->> 'max_open_per_agent') !~ '^[0-9]{1,4}$' or (routing ->> 'max_open_per_agent')::integer not between 1 and 1000) then
    return 'settings.routing.max_open_per_agent must be a whole number from 1 to 1000';
  end if;
  if routing ? 'first_response_minutes' and (jsonb_typeof(routing -> 'first_response_minutes') <> 'number'
    or (routing ->> 'first_response_minutes') !~ '^[0-9]{1,5}$' or (routing ->> 'first_response_minutes')::integer not between 1 and 10080) then
    return 'settings.routing.first_response_minutes must be a whole number from 1 to 10080';
  end if;
  if routing ? 'skill_rules' then
    if jsonb_typeof(routing -> 'skill_rules') <> 'array' or jsonb_array_length(routing -> 'skill_rules') > 50 then
      return 'settings.routing.skill_rules must be a list of at most 50 rules';
    end if;
    for rule in select * from jsonb_array_elements(routing -> 'skill_rules') loop
      if jsonb_typeof(rule) <> 'object' or jsonb_typeof(rule -> 'when') <> 'object'
        or (select count(*) from jsonb_object_keys(rule)) <> 2
        or (select count(*) from jsonb_object_keys(rule -> 'when')) <> 1
        or jsonb_typeof(rule -> 'skill') <> 'string' or private.skills_problem(array[rule ->> 'skill']) is not null then
        return 'settings.routing.skill_rules: each rule is {"when": {one condition}, "skill": "a_skill"}';
      end if;
      if not coalesce(
        (jsonb_typeof(rule #> '{when,tag}') = 'string' and char_length(rule #>> '{when,tag}') between 1 and 100)
        or (jsonb_typeof(rule #> '{when,page_contains}') = 'string' and char_length(rule #>> '{when,page_contains}') between 1 and 200)
        or rule -> 'when' = '{"has_warranty": true}'::jsonb
        or rule -> 'when' = '{"has_claim": true}'::jsonb, false) then
        return 'settings.routing.skill_rules: "when" is {"tag": text}, {"page_contains": text}, {"has_warranty": true} or {"has_claim": true}';
      end if;
    end loop;
  end if;
  return null;
end
$$;

create function private.organization_check_routing() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  problem text := private.routing_settings_problem(new.settings -> 'routing');
begin
  if problem is not null then
    perform private.fail('INVALID_INPUT', problem);
  end if;
  return new;
end
$$;
create trigger organizations_check_routing before insert or update of settings on public.organizations
for each row execute function private.organization_check_routing();

-- The organization's rules with their defaults filled in.
create function private.routing_config(org uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object('strategy', 'least_open', 'skill_fallback', 'any_agent', 'first_response_minutes', 15,
      'skill_rules', '[]'::jsonb)
    || coalesce((select o.settings -> 'routing' from public.organizations o where o.id = org), '{}'::jsonb)
$$;

-- Agents who could take a conversation now, with their load; the caller applies the maximum.
create function private.routing_candidates(org uuid, excluded uuid)
returns table (id uuid, skills text[], last_assigned_at timestamptz, open bigint)
language sql stable security definer
set search_path = ''
as $$
  select p.id, p.skills, p.last_assigned_at,
    (select count(*) from public.chat_conversations c where c.assigned_to = p.id and c.status = 'active' and c.deleted_at is null)
  from public.profiles p
  where p.organization_id = org and p.role = 'agent' and p.is_available and p.is_active and p.id is distinct from excluded
$$;

-- The skills a conversation needs, from the organization's rules: its tags, the page it was
-- opened on (case-insensitive substring), a linked warranty or claim.
create function private.required_skills(c public.chat_conversations) returns text[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct rule ->> 'skill' order by rule ->> 'skill'), '{}')
  from jsonb_array_elements(private.routing_config(c.organization_id) -> 'skill_rules') rule
  where (rule #>> '{when,tag}') = any (c.tags)
    or (c.page_url is not null and strpos(lower(c.page_url), lower(rule #>> '{when,page_contains}')) > 0)
    or (rule -> 'when' = '{"has_warranty": true}'::jsonb and c.warranty_id is not null)
    or (rule -> 'when' = '{"has_claim": true}'::jsonb and c.claim_id is not null)
$$;

-- Business hours ---------------------------------------------------------------------------

-- `at` itself when the organization is open then, else its next opening (null when the
-- schedule never opens). No schedule ({}) means always open. Ranges are wall-clock times in
-- the organization's zone, converted with AT TIME ZONE so daylight-saving changes hold.
create function private.opening_at(org uuid, at timestamptz default now()) returns timestamptz
language plpgsql stable security definer
set search_path = ''
as $$
declare
  zone text;
  hours jsonb;
  local timestamp;
  day date;
  r jsonb;
  opens timestamp;
  closes timestamp;
begin
  select o.time_zone, o.business_hours into zone, hours from public.organizations o where o.id = org;
  if hours is null or hours = '{}'::jsonb then
    return at;
  end if;
  local := at at time zone zone;
  for i in 0..7 loop
    day := local::date + i;
    for r in
      select * from jsonb_array_elements(coalesce(
        hours -> (array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])[extract(dow from day)::integer + 1], '[]'::jsonb))
    loop
      opens := day + (r ->> 0)::time;
      closes := case when r ->> 1 = '24:00' then (day + 1)::timestamp else day + (r ->> 1)::time end;
      if local >= opens and local < closes then
        return at;
      end if;
      if opens > local then
        return opens at time zone zone;
      end if;
    end loop;
  end loop;
  return null;
end
$$;

-- What the customer reads when they write while the organization is closed.
create function private.outside_hours_notice(org uuid, opening timestamptz) returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  o public.organizations;
  local timestamp;
  dow integer;
begin
  select * into o from public.organizations x where x.id = org;
  if opening is null then
    return case when o.locale = 'fr-CA'
      then 'Nous sommes fermés pour le moment. Nous vous répondrons dès que possible.'
      else 'We are closed right now. We will get back to you as soon as possible.' end;
  end if;
  local := opening at time zone o.time_zone;
  dow := extract(dow from local)::integer + 1;
  if o.locale = 'fr-CA' then
    return format('Nous sommes fermés pour le moment. Nous vous répondrons dès notre ouverture, %s %s à %s.',
      (array['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'])[dow],
      to_char(local, 'YYYY-MM-DD'), replace(to_char(local, 'HH24:MI'), ':', ' h '));
  end if;
  return format('We are closed right now. We will get back to you when we open on %s %s at %s.',
    (array['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'])[dow],
    to_char(local, 'YYYY-MM-DD'), to_char(local, 'HH24:MI'));
end
$$;

create function private.conversation_outside_hours_notice() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.routing_reason ->> 'reason' = 'outside_hours' then
    insert into public.chat_messages (conversation_id, sender_type, sender_name, message_type, content)
    values (new.id, 'system', 'Parley', 'system',
      private.outside_hours_notice(new.organization_id, (new.routing_reason ->> 'next_opening')::timestamptz));
  end if;
  return null;
end
$$;
create trigger chat_conversations_40_outside_hours_notice after insert on public.chat_conversations
for each row execute function private.conversation_outside_hours_notice();

-- Assignment after the first -----------------------------------------------------------------

-- Staff may reassign by hand (the reason says so); routing_reason itself is the server's.
create function private.conversation_routing_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_client_statement() then
    if new.routing_reason is distinct from old.routing_reason then
      perform private.fail('NOT_AUTHORIZED', 'routing_reason is maintained by the server');
    end if;
    if new.assigned_to is distinct from old.assigned_to then
      new.routing_reason := jsonb_build_object('reason', 'reassigned_by_staff', 'agent', new.assigned_to,
        'previous_agent', old.assigned_to, 'by', auth.uid(), 'at', now());
    end if;
  end if;
  return new;
end
$$;
create trigger chat_conversations_15_routing_guard before update on public.chat_conversations
for each row execute function private.conversation_routing_guard();

-- Tells the new assignee in the notification centre (and by push when they want it), in the
-- organization's language.
create function private.notify_assignee(c public.chat_conversations) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  fr boolean := (select o.locale = 'fr-CA' from public.organizations o where o.id = c.organization_id);
begin
  perform private.push_enqueue(c.organization_id, c.assigned_to, 'new_message',
    case when fr
      then format('Conversation avec %s qui vous est assignée', coalesce(nullif(btrim(c.customer_name), ''), 'un client'))
      else format('Conversation with %s assigned to you', coalesce(nullif(btrim(c.customer_name), ''), 'a customer')) end,
    case when fr then 'Le client attend une réponse.' else 'The customer is waiting for a reply.' end,
    jsonb_build_object('conversation_id', c.id, 'url', private.push_url(c.organization_id, 'staff', c.id, c.claim_id)),
    true);
end
$$;

-- Moves one active conversation away from `excluded` (its assignee) to the next agent. With
-- nobody to take it, it waits unassigned, unless keep_when_none (an SLA breach: a slow
-- answer beats none). Returns the new assignee.
create function private.reroute(conversation uuid, excluded uuid, event text, at timestamptz, keep_when_none boolean)
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c public.chat_conversations;
  decision jsonb;
  chosen uuid;
begin
  -- The row before the organization lock, the order every other writer takes them in.
  select * into c from public.chat_conversations x
  where x.id = conversation and x.status = 'active' and x.deleted_at is null for update;
  if not found or c.assigned_to is distinct from excluded then
    return null;
  end if;
  decision := private.next_agent(c.organization_id, private.required_skills(c), excluded);
  chosen := (decision ->> 'agent')::uuid;
  if chosen is null and keep_when_none then
    return null;
  end if;
  update public.chat_conversations x
  set assigned_to = chosen,
      routing_reason = decision || jsonb_build_object('reason', case when chosen is null then decision ->> 'reason' else event end,
        'previous_agent', excluded, 'at', at)
  where x.id = c.id
  returning * into c;
  if chosen is not null then
    perform private.notify_assignee(c);
  end if;
  return chosen;
end
$$;

-- Gives waiting conversations (oldest first) to agents with room, when the organization is
-- open at `at`. Returns how many were assigned.
create function private.assign_waiting(org uuid, at timestamptz default now()) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c public.chat_conversations;
  decision jsonb;
  assigned integer := 0;
begin
  if private.opening_at(org, at) is distinct from at then
    return 0;
  end if;
  for c in
    select * from public.chat_conversations x
    where x.organization_id = org and x.assigned_to is null and x.status = 'active' and x.deleted_at is null
    order by x.created_at
    limit 200
    for update skip locked
  loop
    decision := private.next_agent(org, private.required_skills(c));
    exit when decision ->> 'reason' in ('all_agents_full', 'no_agent_available', 'agents_busy');
    continue when decision ->> 'agent' is null;
    update public.chat_conversations x
    set assigned_to = (decision ->> 'agent')::uuid,
        routing_reason = decision || jsonb_build_object('reason', 'assigned_from_queue', 'waiting_reason', c.routing_reason ->> 'reason', 'at', at)
    where x.id = c.id
    returning * into c;
    perform private.notify_assignee(c);
    assigned := assigned + 1;
  end loop;
  return assigned;
end
$$;

-- Capacity frees when an assigned conversation is resolved, archived, deleted or moved.
create function private.conversation_capacity_freed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if old.assigned_to is not null and old.status = 'active' and old.deleted_at is null
    and (new.status <> 'active' or new.deleted_at is not null or new.assigned_to is distinct from old.assigned_to) then
    perform private.assign_waiting(new.organization_id, now());
  end if;
  return null;
end
$$;
create trigger chat_conversations_50_capacity_freed
after update of status, assigned_to, deleted_at on public.chat_conversations
for each row when (old.status is distinct from new.status or old.assigned_to is distinct from new.assigned_to
  or old.deleted_at is distinct from new.deleted_at)
execute function private.conversation_capacity_freed();

-- An assignee who turns unavailable or is deactivated hands their active conversations to
-- the next agent; one who becomes available may take waiting ones.
create function private.profile_availability_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  conversation uuid;
begin
  if (old.is_available and old.is_active) and not (new.is_available and new.is_active) then
    for conversation in
      select c.id from public.chat_conversations c
      where c.assigned_to = new.id and c.status = 'active' and c.deleted_at is null
      order by c.created_at
    loop
      perform private.reroute(conversation, new.id, 'agent_unavailable_reassigned', now(), false);
    end loop;
  elsif not (old.is_available and old.is_active) and new.is_available and new.is_active then
    perform private.assign_waiting(new.organization_id, now());
  end if;
  return null;
end
$$;
create trigger profiles_availability_changed after update of is_available, is_active on public.profiles
for each row execute function private.profile_availability_changed();

-- The routing job ------------------------------------------------------------------------

-- When the conversation last went to its assignee: the first-response clock starts there.
-- A record that does not parse counts from creation rather than failing the job's scan.
create function private.routed_at(c public.chat_conversations) returns timestamptz
language plpgsql stable
set search_path = ''
as $$
begin
  return coalesce((c.routing_reason ->> 'at')::timestamptz, c.created_at);
exception when others then
  return c.created_at;
end
$$;

-- Conversations whose customer has waited longer than the first-response target for a reply
-- from their assignee (counted from the assignment at the earliest) go to the next agent.
create function private.reassign_overdue(at timestamptz default now()) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  c record;
  moved integer := 0;
begin
  for c in
    select x.id, x.organization_id, x.assigned_to
    from public.chat_conversations x
    cross join lateral (
      select make_interval(mins => (private.routing_config(x.organization_id) ->> 'first_response_minutes')::integer) as target
    ) t
    where x.status = 'active' and x.deleted_at is null and x.assigned_to is not null
      and private.routed_at(x) <= at - t.target
      and exists (
        select 1 from public.chat_messages m
        where m.conversation_id = x.id and m.sender_type = 'customer' and not m.is_internal
          and m.created_at <= at - t.target
          and m.created_at > coalesce((
            select max(s.created_at) from public.chat_messages s
            where s.conversation_id = x.id and s.sender_type = 'staff' and not s.is_internal), '-infinity')
      )
    order by x.created_at
    limit 500
  loop
    begin
      if private.opening_at(c.organization_id, at) = at
        and private.reroute(c.id, c.assigned_to, 'sla_breach_reassigned', at, true) is not null then
        moved := moved + 1;
      end if;
    exception when others then
      perform private.record_job_failure('routing_sla', c.organization_id, format('conversation %s', c.id), sqlstate, sqlerrm);
    end;
  end loop;
  return moved;
end
$$;

-- Assigns waiting conversations of every open organization, then moves overdue ones.
create function private.run_routing(at timestamptz default now()) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  org uuid;
begin
  for org in
    select distinct c.organization_id from public.chat_conversations c
    where c.assigned_to is null and c.status = 'active' and c.deleted_at is null
  loop
    begin
      perform private.assign_waiting(org, at);
    exception when others then
      perform private.record_job_failure('routing_queue', org, format('organization %s', org), sqlstate, sqlerrm);
    end;
  end loop;
  perform private.reassign_overdue(at);
end
$$;

revoke all on function
  private.skills_problem(text[]), private.profile_check_skills(), private.routing_settings_problem(jsonb),
  private.organization_check_routing(), private.routing_config(uuid), private.routing_candidates(uuid, uuid),
  private.required_skills(public.chat_conversations), private.opening_at(uuid, timestamptz),
  private.outside_hours_notice(uuid, timestamptz), private.conversation_outside_hours_notice(),
  private.conversation_routing_guard(), private.notify_assignee(public.chat_conversations),
  private.reroute(uuid, uuid, text, timestamptz, boolean), private.assign_waiting(uuid, timestamptz),
  private.conversation_capacity_freed(), private.profile_availability_changed(),
  private.routed_at(public.chat_conversations), private.reassign_overdue(timestamptz), private.run_routing(timestamptz)
from public, anon, authenticated;
-- Called by triggers that run as the signed-in caller.
grant execute on function
  private.skills_problem(text[]), private.routing_settings_problem(jsonb)
to authenticated, service_role;

do $$
begin
  if exists (select 1 from pg_namespace where nspname = 'cron') then
    perform cron.schedule('parley-routing', '30 seconds', 'select private.run_routing()');
  end if;
end
$$;
