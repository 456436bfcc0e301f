import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Jwt } from '../src/http/keys.ts'
import { ALICE, BOB, type RestFixture, startRestFixture } from './rest-fixture.ts'

let f: RestFixture
beforeAll(async () => {
  f = await startRestFixture()
})
afterAll(() => f.stack.stop())

describe('schema cache', () => {
  it('sees a table created after start on the first miss', async () => {
    await f.stack.db.pool.query(`create table public.late (id int primary key); insert into public.late values (1)`)
    const { data, error } = await f.anon.from('late').select()
    expect(error).toBeNull()
    expect(data).toEqual([{ id: 1 }])
  })

  it('reads the catalog again for new tables only, not for a flood of unknown names', async () => {
    const catalogReads = vi.spyOn(pg.Client.prototype, 'query')
    const loads = () => catalogReads.mock.calls.filter(([text]) => text === 'select nspname from pg_namespace').length
    try {
      await Promise.all(Array.from({ length: 50 }, (_, i) => f.anon.from(`nope_${i}`).select()))
      for (let i = 0; i < 10; i++) expect((await f.anon.rpc(`no_such_function_${i}`)).status).toBe(404)
      expect(loads()).toBe(0)
      await f.stack.db.pool.query('create table public.after_flood (id int)')
      expect((await f.anon.from('after_flood').select()).data).toEqual([])
      expect(loads()).toBe(1)
    } finally {
      catalogReads.mockRestore()
    }
  })

  it("reloads on NOTIFY pgrst, 'reload schema' (a new column appears in *)", async () => {
    await f.stack.db.pool.query(`create table public.grows (id int primary key); insert into public.grows values (1)`)
    expect((await f.anon.from('grows').select()).data).toEqual([{ id: 1 }])
    await f.stack.db.pool.query(`alter table public.grows add column color text default 'red'; notify pgrst, 'reload schema'`)
    await expect.poll(async () => (await f.anon.from('grows').select().single()).data).toEqual({ id: 1, color: 'red' })
  })
})

describe('select', () => {
  it('takes column lists, aliases and casts', async () => {
    const { data, error } = await f.anon.from('authors').select('id, full_name:name, rank::text').lte('id', 2).order('id')
    expect(error).toBeNull()
    expect(data).toEqual([
      { id: 1, full_name: 'Ada', rank: '3' },
      { id: 2, full_name: 'Brian', rank: null }
    ])
  })

  it('follows JSON paths, named after the last key unless aliased', async () => {
    const { data } = await f.anon.from('posts').select('id, data->a->>b, n:data->n').order('id').limit(2)
    expect(data).toEqual([
      { id: 1, b: 'x', n: 1 },
      { id: 2, b: 'y', n: 2 }
    ])
    const filtered = await f.anon.from('posts').select('id').eq('data->a->>b', 'z')
    expect(filtered.data).toEqual([{ id: 3 }])
  })

  it('embeds many-to-one with a foreign-key hint, and refuses an ambiguous embed with PGRST201', async () => {
    const { data } = await f.anon
      .from('posts')
      .select('title, author:authors!author_id(name), editor:authors!posts_editor_id_fkey(name)')
      .eq('id', 1)
      .single()
    expect(data).toEqual({ title: 'Engines', author: { name: 'Ada' }, editor: { name: 'Brian' } })
    const ambiguous = await f.anon.from('posts').select('title, authors(name)')
    expect(ambiguous.status).toBe(300)
    expect(ambiguous.error?.code).toBe('PGRST201')
    const none = await f.anon.from('items').select('sku, authors(name)')
    expect(none.status).toBe(400)
    expect(none.error?.code).toBe('PGRST200')
  })

  it('embeds one-to-many and one-to-one, nested', async () => {
    const { data } = await f.anon
      .from('authors')
      .select('name, author_bios(bio), posts!author_id(title, comments(body, commenter:authors(name)))')
      .eq('id', 1)
      .order('id', { referencedTable: 'posts' })
      .single()
    expect(data).toEqual({
      name: 'Ada',
      author_bios: { bio: 'Countess of computing' },
      posts: [
        {
          title: 'Engines',
          comments: [
            { body: 'great', commenter: { name: 'Brian' } },
            { body: 'indeed', commenter: { name: 'Cleo' } }
          ]
        },
        { title: 'Loops', comments: [] }
      ]
    })
    const up = await f.anon.from('comments').select('body, posts(title, authors!author_id(name))').eq('id', 3).single()
    expect(up.data).toEqual({ body: 'nice pipes', posts: { title: 'Unix', authors: { name: 'Brian' } } })
  })

  it('embeds through views, inferring their keys from the base table', async () => {
    const { data } = await f.anon.from('published_posts').select('title, authors(name, author_bios(bio))').order('id').limit(2)
    expect(data).toEqual([
      { title: 'Engines', authors: { name: 'Ada', author_bios: { bio: 'Countess of computing' } } },
      { title: 'Loops', authors: { name: 'Ada', author_bios: { bio: 'Countess of computing' } } }
    ])
    const back = await f.anon.from('authors').select('name, published_posts(title, comments(body))').eq('id', 2).single()
    expect(back.data).toEqual({ name: 'Brian', published_posts: [] })
    const ada = await f.anon
      .from('authors')
      .select('published_posts(id, comments(body))')
      .eq('id', 1)
      .order('id', { referencedTable: 'published_posts' })
      .single()
    expect(ada.data).toEqual({
      published_posts: [
        { id: 1, comments: [{ body: 'great' }, { body: 'indeed' }] },
        { id: 2, comments: [] }
      ]
    })
  })

  it('embeds many-to-many through a junction table', async () => {
    const { data } = await f.anon
      .from('authors')
      .select('name, topics(label)')
      .in('id', [1, 3])
      .order('id')
      .order('id', { referencedTable: 'topics' })
    expect(data).toEqual([
      { name: 'Ada', topics: [{ label: 'math' }, { label: 'poetry' }] },
      { name: 'Cleo', topics: [] }
    ])
    const back = await f.anon.from('topics').select('label, authors!inner(name)').eq('authors.name', 'Brian')
    expect(back.data).toEqual([{ label: 'unix', authors: [{ name: 'Brian' }] }])
  })

  it('spreads a to-one embed into its parent with ...rel(cols)', async () => {
    const { data } = await f.anon.from('posts').select('title, ...authors!author_id(author:name, author_bios(bio))').eq('id', 1).single()
    expect(data).toEqual({ title: 'Engines', author: 'Ada', author_bios: { bio: 'Countess of computing' } })
  })

  it('filters, orders and pages embedded resources; !inner filters the parent', async () => {
    const { data } = await f.anon
      .from('authors')
      .select('name, posts!author_id(title)')
      .eq('posts.published', true)
      .order('title', { referencedTable: 'posts', ascending: false })
      .limit(1, { referencedTable: 'posts' })
      .in('id', [1, 2])
      .order('id')
    expect(data).toEqual([
      { name: 'Ada', posts: [{ title: 'Loops' }] },
      { name: 'Brian', posts: [] }
    ])
    const inner = await f.anon.from('authors').select('name, posts!author_id!inner(title)').eq('posts.published', false)
    expect(inner.data).toEqual([{ name: 'Brian', posts: [{ title: 'Unix' }] }])
    const withBio = await f.anon.from('authors').select('name, author_bios(bio)').not('author_bios', 'is', null).order('id')
    expect(withBio.data?.map((row) => row.name)).toEqual(['Ada', 'Cleo'])
    const without = await f.anon.from('authors').select('name, author_bios(bio)').is('author_bios', null).order('id')
    expect(without.data?.map((row) => row.name)).toEqual(['Brian', `Dora's "quoted", name`])
  })
})

describe('filters', () => {
  const ids = (rows: Array<{ id: number }> | null) => rows?.map((row) => row.id)

  it('eq neq gt gte lt lte', async () => {
    const q = () => f.anon.from('authors').select('id').order('id')
    expect(ids((await q().eq('name', 'Ada')).data)).toEqual([1])
    expect(ids((await q().neq('id', 1)).data)).toEqual([2, 3, 4])
    expect(ids((await q().gt('id', 2)).data)).toEqual([3, 4])
    expect(ids((await q().gte('id', 2)).data)).toEqual([2, 3, 4])
    expect(ids((await q().lt('id', 2)).data)).toEqual([1])
    expect(ids((await q().lte('id', 2)).data)).toEqual([1, 2])
    expect(ids((await q().match({ name: 'Cleo', rank: 1 })).data)).toEqual([3])
  })

  it('like and ilike with * wildcards, and their any/all forms', async () => {
    const q = () => f.anon.from('authors').select('id').order('id')
    expect(ids((await q().like('name', '*a')).data)).toEqual([1])
    expect(ids((await q().ilike('name', 'b*')).data)).toEqual([2])
    expect(ids((await q().likeAnyOf('name', ['A*', 'C*'])).data)).toEqual([1, 3])
  })

  it('is null, is true, not is null', async () => {
    expect(ids((await f.anon.from('authors').select('id').is('rank', null)).data)).toEqual([2])
    expect(ids((await f.anon.from('authors').select('id').not('rank', 'is', null).order('id')).data)).toEqual([1, 3, 4])
    expect(ids((await f.anon.from('posts').select('id').is('published', false)).data)).toEqual([3])
  })

  it('in, with quoted values holding commas and quotes', async () => {
    const { data } = await f.anon.from('authors').select('id').in('name', ['Ada', `Dora's "quoted", name`]).order('id')
    expect(ids(data)).toEqual([1, 4])
    expect((await f.anon.from('authors').select('id').in('id', [])).data).toEqual([])
    expect(ids((await f.anon.from('authors').select('id').not('id', 'in', '(1,2)').order('id')).data)).toEqual([3, 4])
  })

  it('values reach PostgreSQL as they were sent: quotes, backslashes, accents, emoji; a NUL is 400 22021', async () => {
    const name = `O'Brien \\ "back\\slash" E'x' é 😀 $1`
    expect((await f.service.from('authors').insert({ id: 70, name })).error).toBeNull()
    expect((await f.anon.from('authors').select('id, name').eq('name', name)).data).toEqual([{ id: 70, name }])
    expect((await f.anon.from('authors').select('id').in('name', [name, "it's"])).data).toEqual([{ id: 70 }])
    const nul = await f.anon.from('authors').select('id').eq('name', 'a\0b')
    expect({ status: nul.status, code: nul.error?.code }).toEqual({ status: 400, code: '22021' })
    expect((await f.service.from('authors').delete().eq('id', 70)).error).toBeNull()
  })

  it('in, with a list long enough to outgrow a 16 KiB request line', async () => {
    const many = [1, 2, ...Array.from({ length: 700 }, () => crypto.randomUUID())]
    const { data, error } = await f.anon.from('authors').select('id').in('id', many.slice(0, 2)).in('name', many.map(String)).order('id')
    expect(error).toBeNull()
    expect(data).toEqual([])
  })

  it('cs cd ov on arrays and jsonb', async () => {
    const q = () => f.anon.from('posts').select('id').order('id')
    expect(ids((await q().contains('tags', ['math'])).data)).toEqual([1, 2])
    expect(ids((await q().containedBy('tags', ['math', 'systems'])).data)).toEqual([2, 3, 4])
    expect(ids((await q().overlaps('tags', ['history', 'systems'])).data)).toEqual([1, 3])
    expect(ids((await q().contains('data', { a: { b: 'y' } })).data)).toEqual([2])
  })

  it('full-text search: fts, plain, phrase and websearch', async () => {
    const q = () => f.anon.from('posts').select('id').order('id')
    expect(ids((await q().textSearch('search', 'pipes & files')).data)).toEqual([3])
    expect(ids((await q().textSearch('search', 'analytical engines', { type: 'plain', config: 'english' })).data)).toEqual([1])
    expect(ids((await q().textSearch('search', 'first loop', { type: 'phrase' })).data)).toEqual([2])
    expect(ids((await q().textSearch('search', 'engines or pipes', { type: 'websearch' })).data)).toEqual([1, 3])
  })

  it('or / and / not, nested', async () => {
    const q = () => f.anon.from('authors').select('id').order('id')
    expect(ids((await q().or('rank.is.null,and(rank.gte.2,name.like.D*)')).data)).toEqual([2, 4])
    expect(ids((await q().or('id.eq.1,not.and(id.gt.1,id.lt.4)')).data)).toEqual([1, 4])
    expect(ids((await q().not('name', 'in', '("Ada","Brian")')).data)).toEqual([3, 4])
    expect(ids((await q().or('name.eq."Dora\'s \\"quoted\\", name",id.eq.3')).data)).toEqual([3, 4])
    const nested = await f.anon
      .from('authors')
      .select('id, posts!author_id(id)')
      .or('id.eq.1,id.eq.3', { referencedTable: 'posts' })
      .eq('id', 1)
      .single()
    expect(nested.data).toEqual({ id: 1, posts: [{ id: 1 }] })
  })
})

describe('order, paging and counts', () => {
  it('orders on several columns with nullsfirst / nullslast', async () => {
    const first = await f.anon.from('authors').select('id').order('rank', { ascending: false, nullsFirst: true }).order('id')
    expect(first.data?.map((row) => row.id)).toEqual([2, 1, 4, 3])
    const last = await f.anon.from('posts').select('id').order('published').order('rating', { ascending: true, nullsFirst: false })
    expect(last.data?.map((row) => row.id)).toEqual([3, 1, 4, 2])
  })

  it('orders the parent by a column of a to-one embed', async () => {
    const { data } = await f.anon
      .from('posts')
      .select('id, author:authors!author_id(name)')
      .order('author(name)', { ascending: false })
      .order('id')
    expect(data?.map((row) => row.id)).toEqual([4, 3, 1, 2])
    const toMany = await f.anon.from('authors').select('id, posts!author_id(title)').order('posts(title)')
    expect([toMany.status, toMany.error?.code]).toEqual([400, 'PGRST118'])
  })

  it('pages with limit/offset (range) and with the Range header', async () => {
    const { data } = await f.anon.from('authors').select('id').order('id').range(1, 2)
    expect(data).toEqual([{ id: 2 }, { id: 3 }])
    const ranged = await f.anon.from('authors').select('id').order('id').setHeader('Range', '2-3')
    expect(ranged.data).toEqual([{ id: 3 }, { id: 4 }])
  })

  it('counts exact, planned and estimated, with Content-Range, and answers HEAD', async () => {
    const exact = await f.anon.from('authors').select('id', { count: 'exact' }).order('id').range(0, 1)
    expect(exact.count).toBe(4)
    expect(exact.status).toBe(206)
    expect(exact.data).toHaveLength(2)
    const planned = await f.anon.from('authors').select('*', { count: 'planned' }).gt('id', 1)
    expect(typeof planned.count).toBe('number')
    const estimated = await f.anon.from('authors').select('*', { count: 'estimated' }).gt('id', 1)
    expect(estimated.count).toBe(3)
    const head = await f.anon.from('posts').select('*', { count: 'exact', head: true }).eq('published', true)
    expect(head).toMatchObject({ status: 200, count: 3, data: null, error: null })
    const raw = await f.raw('/authors?select=id&order=id&limit=2', { headers: { Prefer: 'count=exact' } })
    expect(raw.headers.get('content-range')).toBe('0-1/4')
  })

  it('single() answers an object and PGRST116 / 406 unless exactly one row; maybeSingle() allows none', async () => {
    const one = await f.anon.from('authors').select('name').eq('id', 3).single()
    expect(one).toMatchObject({ data: { name: 'Cleo' }, status: 200 })
    const none = await f.anon.from('authors').select('name').eq('id', 99).single()
    expect(none.status).toBe(406)
    expect(none.error?.code).toBe('PGRST116')
    const many = await f.anon.from('authors').select('name').single()
    expect(many.error?.code).toBe('PGRST116')
    expect((await f.anon.from('authors').select('name').eq('id', 99).maybeSingle()).data).toBeNull()
  })
})

describe('insert, upsert, update, delete', () => {
  it('inserts one row with return=minimal and many with representation and columns=', async () => {
    const one = await f.service.from('items').insert({ sku: 'c', label: 'Cherry' })
    expect(one).toMatchObject({ status: 201, data: null, error: null })
    const many = await f.service
      .from('items')
      .insert([{ sku: 'd', label: 'Date' }, { sku: 'e' }])
      .select('sku, label, qty')
    expect(many.status).toBe(201)
    expect(many.data).toEqual([
      { sku: 'd', label: 'Date', qty: 7 },
      { sku: 'e', label: null, qty: 7 }
    ])
  })

  it('missing=default fills absent keys with column defaults instead of null', async () => {
    const { data } = await f.service
      .from('items')
      .insert([{ sku: 'f', note: 'ripe' }, { sku: 'g' }], { defaultToNull: false })
      .select('sku, note')
      .order('sku')
    expect(data).toEqual([
      { sku: 'f', note: 'ripe' },
      { sku: 'g', note: 'fresh' }
    ])
    const minimal = await f.service
      .from('items')
      .insert([{ sku: 'm1', note: 'kept' }, { sku: 'm2' }], { defaultToNull: false, count: 'exact' })
    expect(minimal).toMatchObject({ status: 201, count: 2, error: null })
    expect((await f.service.from('items').select('sku, note').in('sku', ['m1', 'm2']).order('sku')).data).toEqual([
      { sku: 'm1', note: 'kept' },
      { sku: 'm2', note: 'fresh' }
    ])
    const nulls = await f.service
      .from('items')
      .insert([{ sku: 'h', note: 'x' }, { sku: 'i' }])
      .select('sku, note')
      .order('sku')
    expect(nulls.data).toEqual([
      { sku: 'h', note: 'x' },
      { sku: 'i', note: null }
    ])
  })

  it('answers return=headers-only with a Location', async () => {
    const response = await f.raw('/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json', Prefer: 'return=headers-only', Authorization: `Bearer ${f.stack.serviceRoleKey}` },
      body: JSON.stringify({ sku: 'loc 1' })
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('location')).toBe('/items?sku=eq.loc%201')
  })

  it('upserts with merge-duplicates, ignore-duplicates and on_conflict', async () => {
    const merged = await f.service
      .from('items')
      .upsert([
        { sku: 'a', label: 'Apricot' },
        { sku: 'z', label: 'Zest' }
      ])
      .select('sku, label, qty')
      .order('sku')
    expect(merged.data).toEqual([
      { sku: 'a', label: 'Apricot', qty: 1 },
      { sku: 'z', label: 'Zest', qty: 7 }
    ])
    const ignored = await f.service.from('items').upsert({ sku: 'b', label: 'Blueberry' }, { ignoreDuplicates: true }).select()
    expect(ignored.data).toEqual([])
    expect((await f.service.from('items').select('label').eq('sku', 'b').single()).data).toEqual({ label: 'Banana' })
    const byEmail = await f.service
      .from('authors')
      .upsert({ id: 1, name: 'Ada Lovelace', email: 'ada@example.com' }, { onConflict: 'email' })
      .select('id, name')
      .single()
    expect(byEmail.data).toEqual({ id: 1, name: 'Ada Lovelace' })
  })

  it('updates and deletes with filters, returning representation', async () => {
    const updated = await f.service.from('items').update({ qty: 42 }).in('sku', ['d', 'e']).select('sku, qty').order('sku')
    expect(updated).toMatchObject({
      status: 200,
      data: [
        { sku: 'd', qty: 42 },
        { sku: 'e', qty: 42 }
      ]
    })
    const minimal = await f.service.from('items').update({ qty: 43 }).eq('sku', 'd')
    expect(minimal.status).toBe(204)
    const deleted = await f.service.from('items').delete().eq('sku', 'e').select()
    expect(deleted.data).toEqual([{ sku: 'e', label: null, qty: 42, note: 'fresh', code: null }])
    const counted = await f.service.from('items').delete({ count: 'exact' }).in('sku', ['f', 'g'])
    expect(counted).toMatchObject({ status: 204, count: 2 })
  })

  it('refuses an unfiltered update or delete like Supabase (21000)', async () => {
    const { error, status } = await f.service.from('items').delete()
    expect(status).toBe(400)
    expect(error).toMatchObject({ code: '21000', message: 'DELETE requires a WHERE clause' })
  })
})

describe('more preferences', () => {
  it('limits an update with limit and order, and rolls back past max-affected with handling=strict', async () => {
    await f.service.from('items').insert([{ sku: 'l1' }, { sku: 'l2' }, { sku: 'l3' }])
    const limited = await f.service.from('items').update({ label: 'first two' }).like('sku', 'l*').order('sku').limit(2).select('sku')
    expect(limited.data).toEqual([{ sku: 'l1' }, { sku: 'l2' }])
    const capped = await f.service
      .from('items')
      .update({ label: 'all' })
      .like('sku', 'l*')
      .setHeader('Prefer', 'handling=strict, max-affected=2')
    expect([capped.status, capped.error?.code]).toEqual([400, 'PGRST124'])
    expect((await f.service.from('items').select('label').eq('sku', 'l3').single()).data).toEqual({ label: null })
  })

  it('strips nulls on request and refuses filters on embeds missing from select (PGRST108)', async () => {
    const { data } = await f.anon.from('authors').select('id, rank, email').eq('id', 2).stripNulls()
    expect(data).toEqual([{ id: 2, email: 'brian@example.com' }])
    const stray = await f.anon.from('authors').select('id').eq('posts.id', 1)
    expect([stray.status, stray.error?.code]).toEqual([400, 'PGRST108'])
  })

  it('renders timestamps in the Prefer: timezone= zone, and refuses an unknown zone', async () => {
    const { data } = await f.anon.from('authors').select('created_at').eq('id', 1).single().setHeader('Prefer', 'timezone=America/New_York')
    expect(data).toEqual({ created_at: '2025-12-31T19:00:00-05:00' })
    const bad = await f.anon.from('authors').select('created_at').setHeader('Prefer', 'timezone=Mars/Olympus')
    expect(bad.status).toBe(400)
  })

  it('answers text/csv for csv()', async () => {
    const { data } = await f.anon.from('authors').select('id, name, rank').in('id', [2, 4]).order('id').csv()
    expect(data).toBe('id,name,rank\n2,Brian,\n4,"Dora\'s ""quoted"", name",2')
  })

  it('answers 416 PGRST103 for an offset past a counted end', async () => {
    const { status, error } = await f.anon.from('authors').select('id', { count: 'exact' }).range(10, 12)
    expect([status, error?.code]).toEqual([416, 'PGRST103'])
  })
})

describe('rpc', () => {
  it('calls with named arguments and resolves overloads by their names', async () => {
    expect((await f.anon.rpc('add', { a: 1, b: 2 })).data).toBe(3)
    expect((await f.anon.rpc('add', { a: 1, b: 2, c: 3 })).data).toBe(6)
    expect((await f.anon.rpc('greet', { name: 'Ada' })).data).toBe('hello Ada!')
    const missing = await f.anon.rpc('add', { a: 1, x: 2 })
    expect(missing.status).toBe(404)
    expect(missing.error?.code).toBe('PGRST202')
  })

  it('calls stable functions with GET and query arguments', async () => {
    expect((await f.anon.rpc('greet', { name: 'Bo', punctuation: '?' }, { get: true })).data).toBe('hello Bo?')
    expect((await f.anon.rpc('sum_all', { nums: [1, 2, 3] }, { get: true })).data).toBe(6)
    expect((await f.anon.rpc('sum_all', { nums: [4, 5] })).data).toBe(9)
  })

  it('shapes scalar, set-returning, table-returning and composite results', async () => {
    expect((await f.anon.rpc('series', { n: 3 })).data).toEqual([1, 2, 3])
    expect((await f.anon.rpc('post_counts').order('author')).data).toEqual([
      { author: 1, posts: 2 },
      { author: 2, posts: 1 },
      { author: 3, posts: 1 }
    ])
    expect((await f.anon.rpc('author_by_id', { author: 3 })).data).toMatchObject({ id: 3, name: 'Cleo' })
    expect(await f.anon.rpc('nothing')).toMatchObject({ data: null, error: null, status: 204 })
  })

  it('applies select, filters, order and limit to set-returning results, and embeds from them', async () => {
    const { data } = await f.anon
      .rpc('authors_named', { prefix: '' })
      .select('id, name, author_bios(bio)')
      .gte('id', 2)
      .order('id', { ascending: false })
      .limit(2)
    expect(data).toEqual([
      { id: 4, name: `Dora's "quoted", name`, author_bios: null },
      { id: 3, name: 'Cleo', author_bios: { bio: 'Queen' } }
    ])
    const counted = await f.anon.rpc('authors_named', { prefix: 'C' }, { count: 'exact' })
    expect(counted.count).toBe(1)
  })

  it('passes the whole body to a single unnamed json parameter, or a named one with params=single-object', async () => {
    expect((await f.anon.rpc('echo', { any: ['thing', 1] })).data).toEqual({ any: ['thing', 1] })
    const single = await f.anon.rpc('keys_of', { b: 1, a: 2 }).setHeader('Prefer', 'params=single-object')
    expect(single.data).toEqual(['a', 'b'])
  })

  it('calls variadic functions with an array', async () => {
    expect((await f.anon.rpc('total', { nums: [1, 2, 3, 4] })).data).toBe(10)
  })

  it('runs GET in a read-only transaction: a writing function answers 405', async () => {
    const { status, error } = await f.service.rpc('add_item', { sku: 'ro' }, { get: true })
    expect(status).toBe(405)
    expect(error?.code).toBe('25006')
    expect((await f.service.rpc('add_item', { sku: 'rw' })).data).toMatchObject({ sku: 'rw', qty: 7 })
  })

  it('runs as the JWT role with request.jwt.claims, request.method, request.path and request.headers', async () => {
    const { data } = await f.alice.rpc('whoami').setHeader('X-Test-Header', 'hi there')
    expect(data).toEqual({ uid: ALICE, role: 'authenticated', method: 'POST', path: '/rpc/whoami', agent: 'hi there' })
    expect((await f.anon.rpc('whoami', {}, { get: true })).data).toMatchObject({ uid: null, role: 'anon', method: 'GET' })
  })

  it('sets x-forwarded-for and cf-connecting-ip to the peer address, ignoring forged ones', async () => {
    const { data } = await f.anon
      .rpc('client_address')
      .setHeader('X-Forwarded-For', '203.0.113.9')
      .setHeader('CF-Connecting-IP', '203.0.113.9')
    expect(data).toEqual({ xff: '127.0.0.1', cf: '127.0.0.1' })
  })

  it("maps raise errcode 'PTnnn' to HTTP nnn, keeping the hint; plain raise is 400 P0001", async () => {
    const limited = await f.anon.rpc('too_fast')
    expect(limited.status).toBe(429)
    expect(limited.error).toMatchObject({ code: 'PT429', message: 'Too many messages, retry in 42 s', hint: 'RATE_LIMITED' })
    const boom = await f.anon.rpc('boom')
    expect(boom.status).toBe(400)
    expect(boom.error).toMatchObject({ code: 'P0001', message: 'boom', details: 'it went boom' })
  })
})

describe('schemas (Accept-Profile / Content-Profile)', () => {
  it('serves public, explicitly or by default, exposes graphql_public, and refuses other schemas with PGRST106', async () => {
    expect((await f.anon.schema('public').from('authors').select('id').eq('id', 1)).data).toEqual([{ id: 1 }])
    expect((await f.anon.schema('graphql_public').from('objects').select()).error?.code).toBe('PGRST205')
    for (const schema of ['storage', 'auth', 'nope']) {
      const read = await f.anon.schema(schema).from('objects').select()
      expect(read.status).toBe(406)
      expect(read.error?.code).toBe('PGRST106')
      const write = await f.anon.schema(schema).from('objects').insert({ a: 1 })
      expect(write.error?.code).toBe('PGRST106')
    }
  })
})

describe('auth and row-level security', () => {
  it('refuses a bad signature (PGRST301) and an expired token (PGRST303) with 401', async () => {
    const bad = await f
      .as(`${await f.token(ALICE)}x`)
      .from('authors')
      .select()
    expect(bad.status).toBe(401)
    expect(bad.error?.code).toBe('PGRST301')
    const expired = await f
      .as(await f.token(ALICE, {}, -10))
      .from('authors')
      .select()
    expect(expired.status).toBe(401)
    expect(expired.error?.code).toBe('PGRST303')
  })

  it('refuses a correctly signed token without exp (PGRST303, 401): it would never expire', async () => {
    const forever = await new Jwt(f.stack.jwtSecret).sign({ sub: ALICE, role: 'service_role' })
    const { status, error } = await f.as(forever).from('authors').select()
    expect(status).toBe(401)
    expect(error).toMatchObject({ code: 'PGRST303', message: 'JWT has no expiry (exp claim)' })
  })

  it("applies the role's statement_timeout from alter role … set, as PostgREST does", async () => {
    await f.stack.db.pool.query(
      `create function public.timeout_setting() returns text language sql stable as $$ select current_setting('statement_timeout') $$`
    )
    expect((await f.anon.rpc('timeout_setting')).data).toBe('3s')
    expect((await f.alice.rpc('timeout_setting')).data).toBe('8s')
  })

  it('lets RLS decide who sees and writes which rows', async () => {
    const mine = await f.alice.from('notes').insert({ body: 'alice only' }).select('body, owner').single()
    expect(mine.data).toEqual({ body: 'alice only', owner: ALICE })
    expect((await f.bob.from('notes').select()).data).toEqual([])
    expect((await f.anon.from('notes').select()).data).toEqual([])
    expect((await f.bob.from('notes').update({ body: 'hijacked' }).eq('body', 'alice only').select()).data).toEqual([])
    expect((await f.bob.from('notes').delete().eq('body', 'alice only').select()).data).toEqual([])
    expect((await f.alice.from('notes').select('body')).data).toEqual([{ body: 'alice only' }])
    const forged = await f.bob.from('notes').insert({ body: 'as alice', owner: ALICE })
    expect(forged.status).toBe(403)
    expect(forged.error?.code).toBe('42501')
    const anonymous = await f.anon.from('notes').insert({ body: 'anon' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.error?.code).toBe('42501')
    expect((await f.bob.from('notes').insert({ body: 'bob' }).select('owner').single()).data).toEqual({ owner: BOB })
  })

  it('answers 42501 with 401 for anon and 403 for a signed-in user; service_role passes', async () => {
    const anon = await f.anon.from('vault').select()
    expect(anon.status).toBe(401)
    expect(anon.error?.code).toBe('42501')
    const user = await f.alice.from('vault').select()
    expect(user.status).toBe(403)
    expect((await f.alice.rpc('read_vault')).status).toBe(403)
    expect((await f.service.from('vault').select()).data).toEqual([{ id: 1, secret: 'hunter2' }])
  })
})

describe('errors keep PostgREST codes and statuses', () => {
  it('maps constraint violations and bad input', async () => {
    const duplicate = await f.service.from('authors').insert({ id: 1, name: 'again' })
    expect([duplicate.status, duplicate.error?.code]).toEqual([409, '23505'])
    const orphan = await f.service.from('posts').insert({ author_id: 999, title: 'orphan' })
    expect([orphan.status, orphan.error?.code]).toEqual([409, '23503'])
    const notNull = await f.service.from('authors').insert({ id: 50 })
    expect([notNull.status, notNull.error?.code]).toEqual([400, '23502'])
    const check = await f.service.from('posts').insert({ author_id: 1, title: 'x'.repeat(61) })
    expect([check.status, check.error?.code]).toEqual([400, '23514'])
    const badInt = await f.anon.from('authors').select().eq('id', 'one')
    expect([badInt.status, badInt.error?.code]).toEqual([400, '22P02'])
    const tooLong = await f.service.from('items').insert({ sku: 'long', code: 'ABCD' })
    expect([tooLong.status, tooLong.error?.code]).toEqual([400, '22001'])
  })

  it('answers unknown tables, columns and functions as PostgREST does', async () => {
    const table = await f.anon.from('nope').select()
    expect([table.status, table.error?.code]).toEqual([404, 'PGRST205'])
    const column = await f.anon.from('authors').select('nope')
    expect([column.status, column.error?.code]).toEqual([400, '42703'])
    const filter = await f.anon.from('authors').select().eq('nope', 1)
    expect([filter.status, filter.error?.code]).toEqual([400, '42703'])
    const write = await f.service.from('authors').insert({ id: 60, name: 'n', nope: 1 })
    expect([write.status, write.error?.code]).toEqual([400, 'PGRST204'])
    const fn = await f.anon.rpc('nope')
    expect([fn.status, fn.error?.code]).toEqual([404, 'PGRST202'])
  })

  it('refuses malformed query strings with 400 PGRST100', async () => {
    for (const query of [
      'select=id,(',
      'id=zz.1',
      'id=eq',
      'or=(id.eq.1',
      'order=id.sideways',
      'limit=-1',
      'select=a::text;drop',
      'id=in.1,2'
    ]) {
      const response = await f.raw(`/authors?${query}`)
      expect({ query, status: response.status }).toEqual({ query, status: 400 })
      expect(await response.json()).toMatchObject({ code: expect.stringMatching(/^PGRST100$|^42/) })
    }
  })
})
