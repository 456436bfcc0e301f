// The demo data's fixed ids, addresses and tokens (supabase/seed.sql), named once for every
// test in the repository: database, local stack, core, widget and example tests import them
// from here (demo.test.ts checks each against the seed).

export const DEMO_PASSWORD = 'parley-demo'

export const DEMO = {
  organizationId: '11111111-1111-4111-8111-111111111111',
  admin: { id: '22222222-2222-4222-8222-222222222201', email: 'admin@lavoie.demo', password: DEMO_PASSWORD, name: 'Nathalie Lavoie' },
  julie: { id: '22222222-2222-4222-8222-222222222202', email: 'julie@lavoie.demo', password: DEMO_PASSWORD, name: 'Julie Tremblay' },
  marc: { id: '22222222-2222-4222-8222-222222222203', email: 'marc@lavoie.demo', password: DEMO_PASSWORD, name: 'Marc Bouchard' },
  /** RC-2026-0042, under review, linked to the conversation. */
  claimId: '44444444-4444-4444-8444-444444444442',
  /** Sophie Gagnon's conversation, assigned to Julie. */
  conversationId: '66666666-6666-4666-8666-666666666601',
  conversationToken: 'd8dfb96614622f3f7c88ec9045e42bba15ca824d4a4c4f85682dc281e98bcb37',
  claimToken: '2b6030c4d067189f257c72342f7debdcdbb17883bc5d716f3bb5e5fbc54f0892'
} as const
