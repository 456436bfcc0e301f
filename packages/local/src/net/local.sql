-- pg_net's SQL surface for a PostgreSQL without pg_net (the embedded one has none): the
-- request queue, the response table and net.http_get / net.http_post / net.http_delete with
-- pg_net's signatures and checks, so the same `select net.http_post(...)` in a cron job
-- works here and on Supabase. packages/local/src/net/worker.ts sends the queued requests, as
-- pg_net's background worker does. Created only when PostgreSQL cannot offer the real
-- extension (a schema of ours would block its `create extension`); idempotent, as it runs on
-- every start.

do $shim$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_net') then
    return;
  end if;

  create schema if not exists net;

  if not exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'net' and t.typname = 'http_method') then
    create domain net.http_method as text check (value ilike 'get' or value ilike 'post' or value ilike 'delete');
  end if;

  -- Unlogged, as in pg_net: a request is sent at most once, and a crash may drop queued ones.
  create unlogged table if not exists net.http_request_queue (
    id bigserial,
    method net.http_method not null,
    url text not null,
    headers jsonb,
    body bytea,
    timeout_milliseconds int not null
  );

  create unlogged table if not exists net._http_response (
    id bigint,
    status_code integer,
    content_type text,
    headers jsonb,
    content text,
    timed_out bool,
    error_msg text,
    created timestamptz not null default now()
  );
  create index if not exists _http_response_created_idx on net._http_response (created);

  if not exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'net' and t.typname = 'request_status') then
    create type net.request_status as enum ('PENDING', 'SUCCESS', 'ERROR');
    create type net.http_response as (status_code integer, headers jsonb, body text);
    create type net.http_response_result as (status net.request_status, message text, response net.http_response);
  end if;

  -- pg_net does these two in C with libcurl: curl_easy_escape keeps only RFC 3986's
  -- unreserved characters; query parameters are appended with ? or &.
  create or replace function net._urlencode_string(string varchar) returns text
  language sql immutable strict as $fn$
    select coalesce(string_agg(
      case when b between 48 and 57 or b between 65 and 90 or b between 97 and 122 or b in (45, 46, 95, 126)
        then chr(b) else '%' || upper(lpad(to_hex(b), 2, '0')) end, '' order by i), '')
    from (select i, get_byte(convert_to(string, 'UTF8'), i) as b
          from generate_series(0, octet_length(convert_to(string, 'UTF8')) - 1) i) bytes
  $fn$;

  create or replace function net._encode_url_with_params_array(url text, params_array text[]) returns text
  language sql immutable strict as $fn$
    select case
      when cardinality(params_array) = 0 then url
      else split_part(url, '#', 1)
        || case when position('?' in split_part(url, '#', 1)) > 0 then '&' else '?' end
        || array_to_string(params_array, '&')
        || case when position('#' in url) > 0 then '#' || substr(url, position('#' in url) + 1) else '' end
    end
  $fn$;

  -- pg_net wakes its worker through shared memory; the local worker LISTENs on this channel.
  -- NOTIFY is delivered at commit, so, as with pg_net, nothing is sent before the commit.
  create or replace function net.wake() returns void
  language sql as $fn$
    select pg_notify('parley_net_wake', '')
  $fn$;

  create or replace function net.check_worker_is_up() returns void
  language plpgsql as $fn$
  begin
    if not exists (select 1 from pg_stat_activity where backend_type ilike '%pg_net%' or application_name ilike '%pg_net%') then
      raise exception using
        message = 'the pg_net background worker is not up',
        detail = 'the local stack sends queued requests from packages/local/src/net/worker.ts, which is not running',
        hint = 'start the local stack (npm run local), which starts the worker';
    end if;
  end
  $fn$;

  create or replace function net.http_get(
    url text,
    params jsonb default '{}'::jsonb,
    headers jsonb default '{}'::jsonb,
    timeout_milliseconds int default 5000
  ) returns bigint
  language plpgsql as $fn$
  declare
    request_id bigint;
    params_array text[];
  begin
    select coalesce(array_agg(net._urlencode_string(key) || '=' || net._urlencode_string(value)), '{}')
    into params_array
    from jsonb_each_text(params);

    insert into net.http_request_queue (method, url, headers, timeout_milliseconds)
    values ('GET', net._encode_url_with_params_array(url, params_array), headers, timeout_milliseconds)
    returning id into request_id;

    perform net.wake();
    return request_id;
  end
  $fn$;

  create or replace function net.http_post(
    url text,
    body jsonb default '{}'::jsonb,
    params jsonb default '{}'::jsonb,
    headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
    timeout_milliseconds int default 5000
  ) returns bigint
  language plpgsql as $fn$
  declare
    request_id bigint;
    params_array text[];
    content_type text;
  begin
    select header_value into content_type
    from jsonb_each_text(coalesce(headers, '{}'::jsonb)) r(header_name, header_value)
    where lower(header_name) = 'content-type'
    limit 1;

    if content_type is null then
      select headers || '{"Content-Type": "application/json"}'::jsonb into headers;
    end if;

    if content_type <> 'application/json' then
      raise exception 'Content-Type header must be "application/json"';
    end if;

    select coalesce(array_agg(net._urlencode_string(key) || '=' || net._urlencode_string(value)), '{}')
    into params_array
    from jsonb_each_text(params);

    insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
    values ('POST', net._encode_url_with_params_array(url, params_array), headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
    returning id into request_id;

    perform net.wake();
    return request_id;
  end
  $fn$;

  create or replace function net.http_delete(
    url text,
    params jsonb default '{}'::jsonb,
    headers jsonb default '{}'::jsonb,
    timeout_milliseconds int default 5000,
    body jsonb default null
  ) returns bigint
  language plpgsql as $fn$
  declare
    request_id bigint;
    params_array text[];
  begin
    select coalesce(array_agg(net._urlencode_string(key) || '=' || net._urlencode_string(value)), '{}')
    into params_array
    from jsonb_each_text(params);

    insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
    values ('DELETE', net._encode_url_with_params_array(url, params_array), headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
    returning id into request_id;

    perform net.wake();
    return request_id;
  end
  $fn$;

  create or replace function net._await_response(request_id bigint) returns bool
  language plpgsql as $fn$
  declare
    rec net._http_response;
  begin
    while rec is null loop
      select * into rec from net._http_response where id = request_id;
      if rec is null then
        perform pg_sleep(0.05);
      end if;
    end loop;
    return true;
  end
  $fn$;

  create or replace function net._http_collect_response(request_id bigint, async bool default true) returns net.http_response_result
  language plpgsql as $fn$
  declare
    rec net._http_response;
  begin
    if not async then
      perform net._await_response(request_id);
    end if;
    select * into rec from net._http_response where id = request_id;
    if rec is null or rec.error_msg is not null then
      return ('ERROR', coalesce(rec.error_msg, 'request matching request_id not found'), null)::net.http_response_result;
    end if;
    return ('SUCCESS', 'ok', (rec.status_code, rec.headers, rec.content)::net.http_response)::net.http_response_result;
  end
  $fn$;

  grant usage on schema net to public;
  grant all on all sequences in schema net to public;
  grant all on all tables in schema net to public;

  comment on schema net is 'pg_net shim of the Parley local stack; requests are sent by packages/local/src/net/worker.ts';
end
$shim$;
