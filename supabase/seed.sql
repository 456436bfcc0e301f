-- Parley demo data: one dealer, its staff, a customer's warranty, a claim and a conversation.
-- Fixed ids so the docs, examples and tests can refer to them.
--
--   organization  Garage Lavoie Auto (slug lavoie)  11111111-1111-4111-8111-111111111111
--   admin         admin@lavoie.demo   (Nathalie Lavoie) 22222222-2222-4222-8222-222222222201
--   agent         julie@lavoie.demo   (Julie Tremblay)  22222222-2222-4222-8222-222222222202
--   agent         marc@lavoie.demo    (Marc Bouchard)   22222222-2222-4222-8222-222222222203
--   password of all three: parley-demo
--   warranty      GL-EXT-2023-0117 (Sophie Gagnon, expires in 20 days)
--                                                   33333333-3333-4333-8333-333333333301
--   claim         RC-2026-0042 (under_review)       44444444-4444-4444-8444-444444444442
--   conversation  Sophie Gagnon, assigned to Julie, linked to the claim
--                                                   66666666-6666-4666-8666-666666666601
--
-- Customer access tokens for the demo only (production tokens are random and shown once;
-- the database keeps only their sha256):
--   conversation  d8dfb96614622f3f7c88ec9045e42bba15ca824d4a4c4f85682dc281e98bcb37
--   claim         2b6030c4d067189f257c72342f7debdcdbb17883bc5d716f3bb5e5fbc54f0892

insert into public.organizations (id, name, slug, settings, locale, time_zone)
values ('11111111-1111-4111-8111-111111111111', 'Garage Lavoie Auto', 'lavoie',
  '{"locale": "fr-CA", "timezone": "America/Toronto"}', 'fr-CA', 'America/Toronto');

-- Staff accounts as GoTrue writes them: bcrypt password, confirmed email, an email identity.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change, is_anonymous
)
select
  '00000000-0000-0000-0000-000000000000', staff.id, 'authenticated', 'authenticated', staff.email,
  extensions.crypt('parley-demo', extensions.gen_salt('bf')), now(),
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('display_name', staff.display_name), now(), now(),
  '', '', '', '', false
from (values
  ('22222222-2222-4222-8222-222222222201'::uuid, 'admin@lavoie.demo', 'Nathalie Lavoie'),
  ('22222222-2222-4222-8222-222222222202'::uuid, 'julie@lavoie.demo', 'Julie Tremblay'),
  ('22222222-2222-4222-8222-222222222203'::uuid, 'marc@lavoie.demo', 'Marc Bouchard')
) as staff (id, email, display_name);

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select
  u.id, u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
  'email', now(), now(), now()
from auth.users u
where u.email in ('admin@lavoie.demo', 'julie@lavoie.demo', 'marc@lavoie.demo');

insert into public.profiles (id, organization_id, role, display_name, is_available)
values
  ('22222222-2222-4222-8222-222222222201', '11111111-1111-4111-8111-111111111111', 'admin', 'Nathalie Lavoie', false),
  ('22222222-2222-4222-8222-222222222202', '11111111-1111-4111-8111-111111111111', 'agent', 'Julie Tremblay', true),
  ('22222222-2222-4222-8222-222222222203', '11111111-1111-4111-8111-111111111111', 'agent', 'Marc Bouchard', true);

insert into public.warranties (
  id, organization_id, warranty_number, customer_name, customer_email, customer_phone,
  product, vehicle_vin, starts_on, expires_on
) values (
  '33333333-3333-4333-8333-333333333301', '11111111-1111-4111-8111-111111111111', 'GL-EXT-2023-0117',
  'Sophie Gagnon', 'sophie.gagnon@example.com', '+1 418 555 0142',
  '2019 Honda Civic — extended powertrain warranty', '2HGFC2F59KH512345',
  current_date + 20 - interval '3 years', current_date + 20
);

-- The claim's history is written by the claims trigger as Julie changes the status, the
-- way the app would; then the timestamps are spread over the last days for the demo.
insert into public.claims (
  id, organization_id, warranty_id, claim_number, customer_name, customer_email, customer_phone,
  description
) values (
  '44444444-4444-4444-8444-444444444442', '11111111-1111-4111-8111-111111111111',
  '33333333-3333-4333-8333-333333333301', 'RC-2026-0042',
  'Sophie Gagnon', 'sophie.gagnon@example.com', '+1 418 555 0142',
  'Transmission slips between second and third gear when cold.'
);

do $$
begin
  perform set_config('request.jwt.claims',
    '{"sub": "22222222-2222-4222-8222-222222222202", "role": "authenticated"}', true);
  perform set_config('parley.claim_reason', 'Diagnostic booked with the service department', true);
  perform set_config('parley.claim_notes', 'Customer confirms the slip happens below 5 °C.', true);
  update public.claims set status = 'under_review' where id = '44444444-4444-4444-8444-444444444442';
  perform set_config('parley.claim_reason', '', true);
  perform set_config('parley.claim_notes', '', true);
  perform set_config('request.jwt.claims', '', true);
end
$$;

alter table public.claim_status_updates disable trigger claim_status_updates_guard_update;
update public.claim_status_updates
set created_at = now() - case when old_status is null then interval '3 days' else interval '1 day' end,
    notification_sent = true,
    notification_sent_at = now() - case when old_status is null then interval '3 days' else interval '1 day' end
where claim_id = '44444444-4444-4444-8444-444444444442';
alter table public.claim_status_updates enable trigger claim_status_updates_guard_update;

insert into public.chat_conversations (
  id, organization_id, customer_name, customer_email, customer_phone, subject, assigned_to,
  warranty_id, claim_id, priority, tags, created_at
) values (
  '66666666-6666-4666-8666-666666666601', '11111111-1111-4111-8111-111111111111',
  'Sophie Gagnon', 'sophie.gagnon@example.com', '+1 418 555 0142', 'Transmission claim RC-2026-0042',
  '22222222-2222-4222-8222-222222222202', '33333333-3333-4333-8333-333333333301',
  '44444444-4444-4444-8444-444444444442', 'high', '{transmission,warranty}',
  now() - interval '1 day'
);

-- The demo links' tokens, stored as every token is: only their sha256, out of the API's reach.
insert into private.access_tokens (hash, conversation_id, claim_id) values
  ('e1946af873f855908d08ef9d6b1a1956ff4390b20d0483bed9f0771ec1344343', '66666666-6666-4666-8666-666666666601', null),
  ('122777f37a4a18520366c54f314cf40417cc63becb87291a2a00163a45ff8cba', null, '44444444-4444-4444-8444-444444444442');

insert into public.chat_messages (
  organization_id, conversation_id, client_id, sender_type, sender_id, sender_name, content,
  read_by_customer, read_by_staff, is_internal, created_at
) values
  ('11111111-1111-4111-8111-111111111111', '66666666-6666-4666-8666-666666666601',
   '77777777-7777-4777-8777-777777777701', 'customer', null, 'Sophie Gagnon',
   'Bonjour, the gearbox slips again this morning. Is my claim moving?', true, true, false,
   now() - interval '1 day'),
  ('11111111-1111-4111-8111-111111111111', '66666666-6666-4666-8666-666666666601',
   '77777777-7777-4777-8777-777777777702', 'staff', '22222222-2222-4222-8222-222222222202', 'Julie Tremblay',
   'Bonjour Sophie! Your claim is under review and the diagnostic is booked for Thursday 9:00.',
   false, true, false, now() - interval '23 hours'),
  ('11111111-1111-4111-8111-111111111111', '66666666-6666-4666-8666-666666666601',
   '77777777-7777-4777-8777-777777777703', 'staff', '22222222-2222-4222-8222-222222222202', 'Julie Tremblay',
   'Internal: powertrain coverage confirmed with the insurer, deductible 100 $.',
   false, true, true, now() - interval '23 hours');

-- Julie has read Sophie's message; Sophie has not yet seen the reply.
update public.chat_conversations
set unread_count_staff = 0, staff_last_seen_at = now() - interval '23 hours',
    customer_last_seen_at = now() - interval '1 day'
where id = '66666666-6666-4666-8666-666666666601';
