import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RestFixture, startRestFixture } from './rest-fixture.ts'

// PostgREST behaviours apps notice beyond plain tables: functions of a row, whole-body and
// composite arguments, self-references, upsert statuses, counts and limits on RPC, schemas,
// aggregates and transaction ends.
let f: RestFixture
beforeAll(async () => {
  f = await startRestFixture()
})
afterAll(() => f.stack.stop())

const POLL = { timeout: 20_000, interval: 50 }

describe('computed fields', () => {
  it('selects a function of the row as a column, never as part of *', async () => {
    const { data, error } = await f.anon.from('posts').select('id, comment_count, loud:shout').lte('id', 3).order('id')
    expect(error).toBeNull()
    expect(data).toEqual([
      { id: 1, comment_count: 2, loud: 'ENGINES' },
      { id: 2, comment_count: 0, loud: 'LOOPS' },
      { id: 3, comment_count: 1, loud: 'UNIX' }
    ])
    const star = await f.anon.from('posts').select('*').eq('id', 1).single()
    expect(star.data).not.toHaveProperty('comment_count')
  })

  it('filters and orders by a computed field, also inside embeds and on write representations', async () => {
    const filtered = await f.anon.from('posts').select('id').gte('comment_count', 1).order('comment_count', { ascending: false })
    expect(filtered.data).toEqual([{ id: 1 }, { id: 3 }])
    const embedded = await f.anon.from('authors').select('id, posts!author_id(id, comment_count)').eq('id', 1).single()
    expect(embedded.data).toEqual({
      id: 1,
      posts: [
        { id: 1, comment_count: 2 },
        { id: 2, comment_count: 0 }
      ]
    })
    const written = await f.service.from('posts').update({ body: 'edited' }).eq('id', 3).select('id, comment_count').single()
    expect(written.data).toEqual({ id: 3, comment_count: 1 })
    const unknown = await f.anon.from('posts').select('id, nope_count')
    expect(unknown.error?.code).toBe('42703')
  })
})

describe('computed relationships', () => {
  it('embeds a setof function as an array and a single-row one (returns t, or rows 1) as an object', async () => {
    const { data, error } = await f.anon
      .from('posts')
      .select('id, post_comments(id, body), latest_comment(id)')
      .in('id', [1, 2])
      .order('id')
    expect(error).toBeNull()
    expect(data).toEqual([
      {
        id: 1,
        post_comments: [
          { id: 1, body: 'great' },
          { id: 2, body: 'indeed' }
        ],
        latest_comment: { id: 2 }
      },
      { id: 2, post_comments: [], latest_comment: null }
    ])
    const first = await f.anon.from('authors').select('name, first_post(title)').in('id', [1, 4]).order('id')
    // A composite function that finds nothing returns a row of nulls, as on PostgREST.
    expect(first.data).toEqual([
      { name: 'Ada', first_post: { title: 'Engines' } },
      { name: 'Dora\'s "quoted", name', first_post: { title: null } }
    ])
  })

  it('embeds only functions of the parent row that return table rows (PGRST200 otherwise)', async () => {
    const res = await f.anon.from('posts').select('id, author_by_id(*)')
    expect(res.status).toBe(400)
    expect(res.error).toMatchObject({
      code: 'PGRST200',
      hint: null,
      details:
        "Searched for a foreign key relationship between 'posts' and 'author_by_id' in the schema 'public', but no matches were found."
    })
    expect((await f.anon.from('posts').select('id, comment_count(*)')).error?.code).toBe('PGRST200')
  })

  it('filters, orders, limits and !inner-filters a computed relationship like any embed', async () => {
    const { data } = await f.anon
      .from('posts')
      .select('id, post_comments!inner(id)')
      .order('id', { referencedTable: 'post_comments', ascending: false })
      .limit(1, { referencedTable: 'post_comments' })
      .order('id')
    expect(data).toEqual([
      { id: 1, post_comments: [{ id: 2 }] },
      { id: 3, post_comments: [{ id: 3 }] }
    ])
  })
})

describe('rpc arguments', () => {
  it('reads row and composite arguments from JSON objects', async () => {
    expect((await f.anon.rpc('area', { d: { width: 3, height: 4 } })).data).toBe(12)
    const post = (await f.anon.from('posts').select('*').eq('id', 2).single()).data
    expect((await f.anon.rpc('title_of', { post })).data).toBe('Loops')
    const partial = await f.anon.rpc('posts_by', { author: { id: 1 } }).select('id')
    expect(partial.data).toEqual([{ id: 1 }, { id: 2 }])
  })

  it('passes the whole body to one unnamed json/jsonb/text parameter, by position', async () => {
    expect((await f.anon.rpc('raw_jsonb', { '': { a: 1 } })).data).toEqual({ '': { a: 1 } })
    expect((await f.anon.rpc('raw_jsonb', { a: 1, b: [2] })).data).toEqual({ a: 1, b: [2] })
    expect((await f.anon.rpc('raw_text', { '': 'x' })).data).toBe('{"":"x"}')
    expect((await f.anon.rpc('echo', { '': 'y' })).data).toEqual({ '': 'y' })
  })

  it('ignores functions with other unnamed parameters, as PostgREST does', async () => {
    const unnamed = await f.anon.rpc('unnamed_int', { '': 1 })
    expect(unnamed.status).toBe(404)
    expect(unnamed.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.unnamed_int() in the schema cache',
      details:
        'Searched for the function public.unnamed_int with parameter  or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.'
    })
    const none = await f.anon.rpc('comment_count')
    expect(none.error?.message).toBe('Could not find the function public.comment_count without parameters in the schema cache')
    expect((await f.anon.rpc('none_or_text')).data).toBe('none')
    await f.stack.db.pool.query(`create function public.pick(a text) returns int language sql as 'select 1';
      create function public.pick(a int) returns int language sql as 'select 2';
      create function public.pick_default() returns int language sql as 'select 3';
      create function public.pick_default(text default 'x') returns int language sql as 'select 4'`)
    await expect
      .poll(async () => (await f.anon.rpc('pick', { a: 'x' })).error?.message, POLL)
      .toBe('Could not choose the best candidate function between: public.pick(a => integer), public.pick(a => text)')
    expect((await f.anon.rpc('pick_default')).error?.message).toBe(
      'Could not choose the best candidate function between: public.pick_default(), public.pick_default( => text)'
    )
    expect((await f.anon.rpc('none_or_text', { '': 'hi' })).data).toBe('text')
  })
})

describe('spreads', () => {
  it('spreads a to-many embed as one array per column (PostgREST 13)', async () => {
    const { data, error } = await f.anon
      .from('authors')
      .select('id, ...posts!author_id(title, tags)')
      .order('id', { referencedTable: 'posts', ascending: false })
      .in('id', [1, 4])
      .order('id')
    expect(error).toBeNull()
    expect(data).toEqual([
      { id: 1, title: ['Loops', 'Engines'], tags: [['math'], ['math', 'history']] },
      { id: 4, title: [], tags: [] }
    ])
  })
})

describe('self-referencing keys', () => {
  it('embeds children by the table name as an array and the parent by the key column as an object', async () => {
    const { data, error } = await f.anon.from('folders').select('id, folders(id, name)').in('id', [1, 3]).order('id')
    expect(error).toBeNull()
    expect(data).toEqual([
      {
        id: 1,
        folders: [
          { id: 2, name: 'docs' },
          { id: 3, name: 'pics' }
        ]
      },
      { id: 3, folders: [] }
    ])
    const parent = await f.anon.from('folders').select('id, parent_id(name)').eq('id', 4).single()
    expect(parent.data).toEqual({ id: 4, parent_id: { name: 'docs' } })
    const hinted = await f.anon.from('folders').select('id, kids:folders!parent_id(name)').eq('id', 2).single()
    expect(hinted.data).toEqual({ id: 2, kids: [{ name: 'old docs' }] })
    // PostgREST finds no relationship for a self-reference hinted by its constraint name.
    const byConstraint = await f.anon.from('folders').select('id, folders!folders_parent_id_fkey(id)')
    expect(byConstraint.error).toMatchObject({
      code: 'PGRST200',
      details:
        "Searched for a foreign key relationship between 'folders' and 'folders' using the hint 'folders_parent_id_fkey' in the schema 'public', but no matches were found."
    })
  })
})

describe('relationship errors', () => {
  it('describes one-to-many candidates from the parent side', async () => {
    const res = await f.anon.from('authors').select('id, posts(id)')
    expect(res.error?.code).toBe('PGRST201')
    expect(res.error?.details).toEqual([
      {
        cardinality: 'one-to-many',
        embedding: 'authors with posts',
        relationship: 'posts_author_id_fkey using authors(id) and posts(author_id)'
      },
      {
        cardinality: 'one-to-many',
        embedding: 'authors with posts',
        relationship: 'posts_editor_id_fkey using authors(id) and posts(editor_id)'
      }
    ])
  })

  it('gives PGRST201 details as a JSON array of the candidates', async () => {
    const res = await f.raw('/posts?select=title,authors(name)')
    expect(res.status).toBe(300)
    const body = (await res.json()) as { code: string; details: unknown }
    expect(body.code).toBe('PGRST201')
    expect(body.details).toEqual([
      {
        cardinality: 'many-to-one',
        embedding: 'posts with authors',
        relationship: 'posts_author_id_fkey using posts(author_id) and authors(id)'
      },
      {
        cardinality: 'many-to-one',
        embedding: 'posts with authors',
        relationship: 'posts_editor_id_fkey using posts(editor_id) and authors(id)'
      }
    ])
  })
})

describe('upsert status', () => {
  it('answers 201 when a merge-duplicates upsert inserted a row and 200 when it only updated, with any return=', async () => {
    const inserted = await f.service.from('items').upsert({ sku: 'u1', label: 'new' })
    expect(inserted.status).toBe(201)
    const updated = await f.service.from('items').upsert({ sku: 'u1', label: 'again' })
    expect(updated.status).toBe(200)
    const represented = await f.service.from('items').upsert({ sku: 'u1', label: 'third' }).select('label')
    expect(represented).toMatchObject({ status: 200, data: [{ label: 'third' }] })
    const mixed = await f.service
      .from('items')
      .upsert([
        { sku: 'u1', label: 'fourth' },
        { sku: 'u2', label: 'fresh' }
      ])
      .select('sku')
    expect(mixed.status).toBe(201)
    // ignore-duplicates keeps 201 even when every row was skipped, as PostgREST 12 does.
    const ignored = await f.service.from('items').upsert({ sku: 'u2', label: 'skip' }, { ignoreDuplicates: true })
    expect(ignored.status).toBe(201)
    expect((await f.service.from('items').insert({ sku: 'u3' })).status).toBe(201)
  })

  it('counts the rows inserted into the partitions of a partitioned table', async () => {
    await f.stack.db.pool.query(`create table public.readings (id int, at date, value int, primary key (id, at)) partition by range (at);
      create table public.readings_2026 partition of public.readings for values from ('2026-01-01') to ('2027-01-01')`)
    const row = { id: 1, at: '2026-05-01', value: 1 }
    await expect.poll(async () => (await f.service.from('readings').upsert(row)).status, POLL).toBe(201)
    expect((await f.service.from('readings').upsert({ ...row, value: 2 })).status).toBe(200)
    expect((await f.service.from('readings').upsert({ ...row, id: 2 })).status).toBe(201)
  })
})

describe('rpc counts and limits', () => {
  it('counts a scalar result as one row with count=exact', async () => {
    const res = await f.anon.rpc('add', { a: 1, b: 2 }, { count: 'exact' })
    expect(res).toMatchObject({ data: 3, count: 1, status: 200 })
    const head = await f.anon.rpc('add', { a: 1, b: 2 }, { head: true, count: 'exact' })
    expect(head).toMatchObject({ data: null, count: 1, status: 200 })
    const get = await f.anon.rpc('greet', { name: 'x' }, { get: true, count: 'exact' })
    expect(get).toMatchObject({ data: 'hello x!', count: 1 })
    const set = await f.anon.rpc('series', { n: 5 }, { count: 'exact' }).range(0, 1)
    expect(set).toMatchObject({ data: [1, 2], count: 5 })
  })

  it('rolls back a call returning more rows than max-affected with handling=strict (PGRST124)', async () => {
    await f.stack.db.pool.query(`create function public.add_items(n int) returns setof public.items language sql as $$
      insert into public.items (sku) select 'm' || g from generate_series(1, n) g returning * $$`)
    const prefer = { Prefer: 'handling=strict, max-affected=2', 'Content-Type': 'application/json' }
    let over: Response | undefined
    await expect
      .poll(async () => (over = await f.raw('/rpc/add_items', { method: 'POST', headers: prefer, body: '{"n":3}' })).status, POLL)
      .not.toBe(404)
    expect(over?.status).toBe(400)
    expect(((await over?.json()) as { code: string }).code).toBe('PGRST124')
    expect((await f.service.from('items').select('sku').like('sku', 'm*')).data).toEqual([])
    const within = await f.raw('/rpc/add_items', { method: 'POST', headers: prefer, body: '{"n":2}' })
    expect(within.status).toBe(200)
    const scalar = await f.raw('/rpc/add', {
      method: 'POST',
      headers: { ...prefer, Prefer: 'handling=strict, max-affected=0' },
      body: '{"a":1,"b":1}'
    })
    expect(scalar.status).toBe(400)
  })
})

describe('missing=default', () => {
  it('gives each row of a bulk insert or upsert the column defaults for the keys it lacks, also on conflict', async () => {
    const { data, error } = await f.service
      .from('items')
      .insert([{ sku: 'd1', qty: 3 }, { sku: 'd2', label: 'two' }, { sku: 'd3' }], { defaultToNull: false })
      .select('sku, label, qty, note')
    expect(error).toBeNull()
    expect(data).toEqual([
      { sku: 'd1', label: null, qty: 3, note: 'fresh' },
      { sku: 'd2', label: 'two', qty: 7, note: 'fresh' },
      { sku: 'd3', label: null, qty: 7, note: 'fresh' }
    ])
    const upserted = await f.service
      .from('items')
      .upsert(
        [
          { sku: 'd1', note: 'kept qty' },
          { sku: 'd4', qty: 1 }
        ],
        { defaultToNull: false }
      )
      .select('sku, qty, note')
    expect(upserted.data).toEqual([
      { sku: 'd1', qty: 7, note: 'kept qty' },
      { sku: 'd4', qty: 1, note: 'fresh' }
    ])
    const identity = await f.service
      .from('posts')
      .insert(
        [
          { id: 500, author_id: 1, title: 'a' },
          { author_id: 1, title: 'b' }
        ],
        { defaultToNull: false }
      )
      .select('id, tags, published')
    expect(identity.data).toEqual([
      { id: 500, tags: [], published: false },
      { id: 101, tags: [], published: false }
    ])
  })
})

describe('exposed schemas', () => {
  it('serves the schemas db-schemas lists, public and graphql_public by default', async () => {
    const refused = await f.raw('/gadgets', { headers: { 'Accept-Profile': 'extra' } })
    expect(refused.status).toBe(406)
    expect(await refused.json()).toEqual({
      code: 'PGRST106',
      details: null,
      hint: 'Only the following schemas are exposed: public, graphql_public',
      message: 'Invalid schema: extra'
    })
    await f.configure({ db_schemas: 'public, extra' })
    const client = f.anon.schema('extra')
    await expect.poll(async () => (await client.from('gadgets').select('name')).data, POLL).toEqual([{ name: 'sprocket' }])
    expect((await client.rpc('gadget_count')).data).toBe(1)
    expect((await client.from('gadgets').insert({ id: 2, name: 'cog' })).status).toBe(201)
    expect((await f.anon.from('authors').select('id').eq('id', 1)).data).toEqual([{ id: 1 }])
    const storage = await f.raw('/objects', { headers: { 'Accept-Profile': 'storage' } })
    expect(((await storage.json()) as { hint: string }).hint).toBe('Only the following schemas are exposed: public, extra')
    await f.configure({ db_schemas: null })
    await expect.poll(async () => (await client.from('gadgets').select('name')).status, POLL).toBe(406)
  })
})

describe('aggregates', () => {
  it('refuses aggregates with PGRST123 while db-aggregates-enabled is off (the default)', async () => {
    const res = await f.anon.from('orders').select('amount.sum()')
    expect(res.status).toBe(400)
    expect(res.error).toMatchObject({ code: 'PGRST123', message: 'Use of aggregate functions is not allowed' })
    expect((await f.anon.from('orders').select('count()')).error?.code).toBe('PGRST123')
  })

  it('sums, averages, counts and groups by the other selected columns once enabled', async () => {
    await f.configure({ db_aggregates_enabled: 'true' })
    try {
      await expect.poll(async () => (await f.anon.from('orders').select('amount.sum()')).data, POLL).toEqual([{ sum: 22 }])
      const grouped = await f.anon
        .from('orders')
        .select('customer, total:amount.sum(), qty.avg(), count(), amount.max(), amount.min()')
        .order('customer')
      expect(grouped.error).toBeNull()
      expect(grouped.data).toEqual([
        { customer: 'ann', total: 15, avg: 2, count: 2, max: 10.5, min: 4.5 },
        { customer: 'bob', total: 7, avg: 2, count: 1, max: 7, min: 7 }
      ])
      const cast = await f.anon.from('orders').select('amount::int.sum(), n:id.count()::text').eq('customer', 'ann')
      expect(cast.data).toEqual([{ sum: 16, n: '2' }])
      const embedded = await f.anon.from('authors').select('id, posts!author_id(rating.sum())').lte('id', 2).order('id')
      expect(embedded.data).toEqual([
        { id: 1, posts: [{ sum: 4.5 }] },
        { id: 2, posts: [{ sum: 3 }] }
      ])
      expect((await f.anon.from('posts').select('count()').eq('published', true)).data).toEqual([{ count: 3 }])
      const counted = await f.anon.from('posts').select('id, comments(count)').order('id').limit(2)
      expect(counted.data).toEqual([
        { id: 1, comments: [{ count: 2 }] },
        { id: 2, comments: [{ count: 0 }] }
      ])
      const toOne = await f.anon.from('posts').select('id, authors!author_id(n:count())').eq('id', 1).single()
      expect(toOne.data).toEqual({ id: 1, authors: { n: 1 } })
      const withSpread = await f.anon.from('posts').select('author_id, count(), ...authors!author_id(name)').lte('id', 4).order('author_id')
      expect(withSpread.error).toBeNull()
      expect(withSpread.data).toEqual([
        { author_id: 1, count: 2, name: 'Ada' },
        { author_id: 2, count: 1, name: 'Brian' },
        { author_id: 3, count: 1, name: 'Cleo' }
      ])
      const nested = await f.anon.from('comments').select('id, posts(count(), ...authors!author_id(name))').eq('id', 3).single()
      expect(nested.data).toEqual({ id: 3, posts: { count: 1, name: 'Brian' } })
      const withEmbed = await f.anon.from('orders').select('customer, amount.sum(), authors(name)')
      expect(withEmbed.error?.code).toBe('PGRST200')
      expect((await f.anon.from('posts').select('count(), post_comments(id)')).error?.code).toBe('PGRST100')
      expect((await f.anon.from('orders').select('amount.median()')).error?.code).toBe('PGRST100')
      // Aggregates see only the rows RLS lets the caller see, and hostile forms never reach a 5xx.
      await f.alice.from('notes').insert([{ body: 'a1' }, { body: 'a2' }])
      await f.bob.from('notes').insert({ body: 'b1' })
      expect((await f.alice.from('notes').select('count(), body.max()')).data).toEqual([{ count: 2, max: 'a2' }])
      expect((await f.bob.from('notes').select('n:count(), body.min()::text')).data).toEqual([{ n: 1, min: 'b1' }])
      expect((await f.anon.from('notes').select('count(), body.max()')).data).toEqual([{ count: 0, max: null }])
      for (const select of [
        'id.sum()::text',
        'body.avg()',
        'id::text.max()',
        'owner.sum()',
        'count()::regclass',
        'id.sum()::x;drop',
        'id.sum().count()',
        'sum()',
        '*.sum()'
      ]) {
        const res = await f.bob.from('notes').select(select)
        expect(res.status, select).toBeLessThan(500)
        expect(JSON.stringify(res.data ?? ''), select).not.toContain('a1')
      }
    } finally {
      await f.configure({ db_aggregates_enabled: null })
      await expect.poll(async () => (await f.anon.from('orders').select('count()')).status, POLL).toBe(400)
    }
  })
})

describe('Prefer: tx', () => {
  const insert = (sku: string, prefer: string): Promise<Response> =>
    f.raw('/items', {
      method: 'POST',
      headers: {
        apikey: f.stack.serviceRoleKey,
        Authorization: `Bearer ${f.stack.serviceRoleKey}`,
        'Content-Type': 'application/json',
        Prefer: prefer
      },
      body: JSON.stringify({ sku })
    })
  const exists = async (sku: string): Promise<boolean> =>
    ((await f.service.from('items').select('sku').eq('sku', sku)).data ?? []).length > 0

  it('ignores tx=rollback while db-tx-end is commit (the default), and refuses it with handling=strict', async () => {
    const res = await insert('tx1', 'tx=rollback, return=representation')
    expect(res.status).toBe(201)
    expect(res.headers.get('preference-applied') ?? '').not.toContain('tx=')
    expect(await exists('tx1')).toBe(true)
    const strict = await insert('tx2', 'tx=rollback, handling=strict')
    expect(strict.status).toBe(400)
    expect(((await strict.json()) as { code: string }).code).toBe('PGRST122')
    expect(await exists('tx2')).toBe(false)
  })

  it('rolls back after answering when db-tx-end is commit-allow-override', async () => {
    await f.configure({ db_tx_end: 'commit-allow-override' })
    try {
      let probes = 0
      await expect
        .poll(async () => (await insert(`probe-${probes++}`, 'tx=rollback')).headers.get('preference-applied'), POLL)
        .toContain('tx=rollback')
      const res = await insert('tx3', 'tx=rollback, return=representation')
      expect(res.status).toBe(201)
      expect(res.headers.get('preference-applied')).toContain('tx=rollback')
      expect(await res.json()).toEqual([{ sku: 'tx3', label: null, qty: 7, note: 'fresh', code: null }])
      expect(await exists('tx3')).toBe(false)
      expect((await insert('tx4', 'tx=commit')).status).toBe(201)
      expect(await exists('tx4')).toBe(true)
    } finally {
      await f.configure({ db_tx_end: null })
    }
  })
})
