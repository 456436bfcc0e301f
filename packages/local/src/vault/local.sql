-- Supabase Vault's SQL surface for a PostgreSQL without supabase_vault (the embedded one has
-- none): vault.secrets, the vault.decrypted_secrets view and vault.create_secret /
-- vault.update_secret with the extension's signatures, so SQL that reads a secret by name
-- (the push dispatcher's cron job) runs unchanged here and on Supabase.
--
-- Difference: secrets are stored in PLAIN TEXT. Supabase encrypts `secret` with a key kept
-- outside the database; here `secret` and `decrypted_secret` are the same string. Keep only
-- local development values in the local vault.
--
-- Created only when PostgreSQL cannot offer the real extension; idempotent, as it runs on
-- every start.

do $shim$
begin
  if exists (select 1 from pg_available_extensions where name = 'supabase_vault') then
    return;
  end if;

  create schema if not exists vault;

  create table if not exists vault.secrets (
    id uuid primary key default gen_random_uuid(),
    name text,
    description text not null default '',
    secret text not null,
    key_id uuid,
    nonce bytea,
    created_at timestamptz not null default current_timestamp,
    updated_at timestamptz not null default current_timestamp
  );
  comment on table vault.secrets is 'Parley local vault shim: secrets are stored in plain text (Supabase Vault encrypts them).';
  create unique index if not exists secrets_name_idx on vault.secrets using btree (name) where name is not null;

  create or replace view vault.decrypted_secrets as
  select s.id, s.name, s.description, s.secret, s.secret as decrypted_secret, s.key_id, s.nonce, s.created_at, s.updated_at
  from vault.secrets s;

  create or replace function vault.create_secret(
    new_secret text,
    new_name text default null,
    new_description text default '',
    new_key_id uuid default null
  ) returns uuid
  language plpgsql security definer
  set search_path = ''
  as $fn$
  declare
    id uuid;
  begin
    insert into vault.secrets (secret, name, description)
    values (new_secret, new_name, new_description)
    returning vault.secrets.id into id;
    return id;
  end
  $fn$;

  create or replace function vault.update_secret(
    secret_id uuid,
    new_secret text default null,
    new_name text default null,
    new_description text default null,
    new_key_id uuid default null
  ) returns void
  language plpgsql security definer
  set search_path = ''
  as $fn$
  begin
    update vault.secrets s
    set secret = coalesce(new_secret, s.secret),
        name = coalesce(new_name, s.name),
        description = coalesce(new_description, s.description),
        updated_at = now()
    where s.id = secret_id;
  end
  $fn$;

  -- Nobody but the superuser and postgres (granted in db/hosted.sql, as on Supabase; the cron
  -- jobs run as postgres) reads or writes the local vault.
  revoke all on schema vault from public;
  revoke all on all tables in schema vault from public, anon, authenticated;
  revoke all on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid) from public, anon, authenticated;

  comment on schema vault is 'Supabase Vault shim of the Parley local stack (secrets in plain text)';
end
$shim$;
