import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../packages/local/test/db.ts'

let db: TestDatabase

beforeAll(async () => {
  db = await createTestDatabase({ seed: true })
})
afterAll(() => db.drop())

// What must hold for every object any migration adds, so a new function cannot quietly ship
// with a hijackable search_path or open to anon (RLS and indexes: advisor.test.ts).
describe('schema hygiene', () => {
  it('every SECURITY DEFINER function pins search_path to empty', async () => {
    const { rows } = await db.pool.query(
      `select n.nspname || '.' || p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'private') and p.prosecdef
         and not coalesce('search_path=""' = any(p.proconfig), false)`
    )
    expect(rows).toEqual([])
  })

  it('anon can execute no function in public or private', async () => {
    const { rows } = await db.pool.query(
      `select n.nspname || '.' || p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'private') and has_function_privilege('anon', p.oid, 'execute')
         and has_schema_privilege('anon', n.oid, 'usage')`
    )
    expect(rows).toEqual([])
  })

  it('no index of chat_conversations holds what every message rewrites, so that update stays HOT', async () => {
    const { rows } = await db.pool.query(
      `select distinct i.indexrelid::regclass::text as index from pg_index i
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
       where i.indrelid = 'public.chat_conversations'::regclass
         and a.attname in ('last_message_at', 'unread_count_customer', 'unread_count_staff', 'updated_at', 'customer_updated_at',
                           'customer_last_seen_at', 'staff_last_seen_at')`
    )
    expect(rows).toEqual([])
  })

  it('the seed signs in: bcrypt password hashes and email identities for the three demo staff', async () => {
    const { rows } = await db.pool.query(
      `select u.email, u.encrypted_password = extensions.crypt('parley-demo', u.encrypted_password) as password_ok,
              u.encrypted_password like '$2%' as bcrypt, p.role, i.provider
       from auth.users u join public.profiles p on p.id = u.id join auth.identities i on i.user_id = u.id
       where u.email like '%@lavoie.demo' order by u.email`
    )
    expect(rows).toEqual([
      { email: 'admin@lavoie.demo', password_ok: true, bcrypt: true, role: 'admin', provider: 'email' },
      { email: 'julie@lavoie.demo', password_ok: true, bcrypt: true, role: 'agent', provider: 'email' },
      { email: 'marc@lavoie.demo', password_ok: true, bcrypt: true, role: 'agent', provider: 'email' }
    ])
  })

  it('the seed claim has its history and the warranty expires in about 20 days', async () => {
    const { rows } = await db.pool.query(
      `select c.claim_number, c.status, (w.expires_on - current_date) as days,
              (select count(*)::int from public.claim_status_updates u where u.claim_id = c.id) as history
       from public.claims c join public.warranties w on w.id = c.warranty_id
       where c.id = '44444444-4444-4444-8444-444444444442'`
    )
    expect(rows).toEqual([{ claim_number: 'RC-2026-0042', status: 'under_review', days: 20, history: 2 }])
  })
})
