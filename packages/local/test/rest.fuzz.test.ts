import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ALICE, type RestFixture, startRestFixture } from './rest-fixture.ts'

/**
 * Hostile query strings, headers and bodies against every kind of REST endpoint. The bar:
 * never a 5xx, never a row RLS hides, never a change RLS forbids, and the server keeps answering.
 */
let f: RestFixture
let aliceToken: string
let bobToken: string
const SECRET = 'alice secret note'

beforeAll(async () => {
  f = await startRestFixture()
  aliceToken = await f.token(ALICE)
  bobToken = await f.token('0b6f8a7e-3333-4c3b-9a0e-000000000003')
  const { error } = await f.alice.from('notes').insert({ body: SECRET })
  expect(error).toBeNull()
})
afterAll(() => f.stack.stop())

const ENDPOINTS = ['/notes', '/authors', '/posts', '/rpc/whoami', '/rpc/add', '/rpc/authors_named', '/rpc/echo']

const NASTY_STRINGS = [
  "'",
  '"',
  '\\',
  ';',
  '--',
  '/*',
  '*/',
  "'; drop table public.notes; --",
  '"); drop table public.notes; --',
  'id;drop table notes',
  'id);drop table notes;--',
  '1 or 1=1',
  "1' or '1'='1",
  '$1',
  '$$',
  '%',
  '_',
  '*',
  '\u0000',
  '%00',
  '名前',
  '🦄',
  '\u202e',
  '\ud800',
  'null',
  'true',
  '{}',
  '[]',
  '()',
  '(((',
  ')))',
  ',,,',
  '...',
  '->',
  '->>',
  '::',
  '!inner',
  'x'.repeat(5000),
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  'constructor'
]

/** encodeURIComponent, except a lone surrogate goes out as the invalid UTF-8 a hostile client would send. */
const enc = (s: string): string => (s === '\ud800' ? '%ED%A0%80' : encodeURIComponent(s))

const NASTY_QUERIES = [
  ...NASTY_STRINGS.flatMap((s) => [
    `select=${enc(s)}`,
    `${enc(s)}=eq.1`,
    `body=eq.${enc(s)}`,
    `body=like.${enc(s)}`,
    `id=in.(${enc(s)})`,
    `order=${enc(s)}`,
    `or=(${enc(s)})`,
    `limit=${enc(s)}`
  ]),
  'select=id::text;drop',
  'select=body::regclass',
  'select=owner::pg_catalog.text',
  'select=a:b:c',
  'select=*,notes!inner;drop(*)',
  'select=*,authors!author_id!inner!left(*)',
  'select=' + 'authors!author_id('.repeat(30) + ')'.repeat(30),
  'select=' + Array.from({ length: 1000 }, () => 'id').join(','),
  'select=data->' + Array.from({ length: 100 }, () => 'a').join('->'),
  'id=xx.1',
  'id=eq(any).{1',
  'id=eq(some).{1}',
  'id=fts(english;drop).x',
  'id=is.maybe',
  'id=not.not.eq.1',
  'id=eq',
  'id=.1',
  'body=match.(a+)+$',
  'body=imatch.[',
  'tags=cs.{',
  'data=cs.{"a":',
  'id=in.(' + Array.from({ length: 2000 }, (_, i) => i).join(',') + ')',
  'or=' + '(id.eq.1,or'.repeat(40) + '(id.eq.2)' + ')'.repeat(40),
  'and=(id.eq.1,and())',
  'not.or=(id.eq.1)',
  'or=id.eq.1',
  'or=()',
  'or=(owner.neq.00000000-0000-0000-0000-000000000000,id.gt.0)',
  'owner=not.is.null',
  'id=gte.0&or=(id.gt.0,id.lte.0)',
  'order=id.desc.nullslast.asc.desc',
  'order=' + Array.from({ length: 200 }, () => 'id').join(','),
  'limit=99999999999999999999',
  'offset=-5',
  'notes.body=eq.x',
  'posts.limit=1',
  'a.b.c.d.e=eq.1',
  '..=eq.1',
  'data->>a;drop=eq.1',
  'data->-1=eq.1',
  'columns="id;drop"',
  'on_conflict=id;drop',
  'select=count()',
  'select=...authors(*)',
  '%E0%A4%A=1',
  'name=eq.%FF%FE'
]

const NASTY_HEADERS: Array<Record<string, string>> = [
  { prefer: 'return=representation;drop table notes' },
  { prefer: 'count=exact, count=planned, handling=strict' },
  { prefer: 'handling=strict, bogus' },
  { prefer: 'max-affected=-1, handling=strict' },
  { prefer: 'tx=rollback' },
  { prefer: 'params=single-object' },
  { accept: 'text/html' },
  { accept: 'application/vnd.pgrst.object+json;nulls=stripped' },
  { accept: 'application/vnd.pgrst.plan+json' },
  { 'accept-profile': 'pg_catalog' },
  { 'accept-profile': 'public;drop' },
  { 'content-profile': 'auth' },
  { 'accept-profile': 'storage' },
  { range: '0-99999999999999999999' },
  { range: '9-1' },
  { range: 'bytes=a-b' },
  { 'content-type': 'text/csv' },
  { 'content-type': 'application/x-www-form-urlencoded' },
  { authorization: "Bearer ' or 1=1 --" },
  { authorization: 'Bearer ' + 'a'.repeat(4000) },
  { authorization: 'Basic abc' },
  { 'x-forwarded-for': "'; drop table notes; --" },
  { 'x-anything': Buffer.from('名前🦄', 'utf8').toString('latin1') }
]

const NASTY_BODIES = [
  '',
  'null',
  'true',
  '1',
  '"string"',
  '[]',
  '[1,2]',
  '[null]',
  '{',
  '}{',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '[{"__proto__":{"polluted":true},"body":"x"}]',
  '{"body":"\\u0000"}',
  '{"id\\"; drop table notes; --":1}',
  '{"body":1e400}',
  '{"owner":"' + ALICE + '","body":"forged"}',
  '{"id":"1; drop table notes"}',
  '{"body":' + '['.repeat(1000) + ']'.repeat(1000) + '}',
  '{"a":' + '['.repeat(200) + ']'.repeat(200) + ',"b":2}',
  JSON.stringify({ body: 'x'.repeat(1_000_000) }),
  JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ body: `n${i}` }))),
  JSON.stringify({ a: 1, b: Array.from({ length: 10_000 }, (_, i) => i) }),
  JSON.stringify({ nums: Array.from({ length: 10_000 }, (_, i) => i) }),
  JSON.stringify({ prefix: "%' or 1=1 --" })
]

interface Outcome {
  status: number
  text: string
}

async function hit(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; token?: string } = {}
): Promise<Outcome & { method: string }> {
  const headers: Record<string, string> = { apikey: f.stack.anonKey, ...init.headers }
  if (init.token && !headers.authorization) headers.authorization = `Bearer ${init.token}`
  const response = await fetch(`${f.stack.url}/rest/v1${path}`, { method: init.method ?? 'GET', headers, body: init.body })
  return { status: response.status, text: await response.text(), method: init.method ?? 'GET' }
}

let problems: string[] = []

function check(label: string, outcome: Outcome & { method: string }): void {
  if (outcome.status >= 500 || outcome.status === 0) problems.push(`${label} → ${outcome.status} ${outcome.text.slice(0, 200)}`)
  if (outcome.text.includes(SECRET)) problems.push(`${label} leaked a row RLS hides`)
  if (outcome.status >= 400 && outcome.method !== 'HEAD' && outcome.status !== 431 && outcome.status !== 413) {
    try {
      const body = JSON.parse(outcome.text) as { code?: unknown; message?: unknown }
      if (typeof body.message !== 'string') problems.push(`${label} → error without a message`)
    } catch {
      problems.push(`${label} → non-JSON error body ${outcome.text.slice(0, 100)}`)
    }
  }
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run))
}

describe('REST under attack', () => {
  beforeEach(() => {
    problems = []
  })

  it('answers hostile query strings on every endpoint and method without a 5xx or a leak', async () => {
    // Each query meets one endpoint and one method, both rotating: every grammar path and
    // every handler is covered in a few hundred requests rather than the cross product.
    const cases = NASTY_QUERIES.map((query, i) => {
      const endpoint = ENDPOINTS[i % ENDPOINTS.length] as string
      const methods = endpoint.startsWith('/rpc/') ? ['GET', 'POST', 'HEAD'] : ['GET', 'PATCH', 'DELETE', 'HEAD']
      return { endpoint, query, method: methods[Math.floor(i / ENDPOINTS.length) % methods.length] as string }
    })
    await inBatches(cases, 16, async ({ endpoint, query, method }) => {
      const token = method === 'GET' ? undefined : bobToken
      const body = method === 'PATCH' ? '{"body":"pwned"}' : method === 'POST' ? '{}' : undefined
      const headers = body ? { 'content-type': 'application/json' } : undefined
      check(`${method} ${endpoint}?${query.slice(0, 120)}`, await hit(`${endpoint}?${query}`, { method, token, body, headers }))
    })
    expect(problems).toEqual([])
  })

  it('answers hostile headers without a 5xx or a leak', async () => {
    const cases = NASTY_HEADERS.flatMap((headers, i) =>
      ['/notes?select=*', '/rpc/whoami', '/notes'].map((path, j) => ({
        headers,
        path,
        method: ['GET', 'POST', 'PATCH'][(i + j) % 3] as string
      }))
    )
    await inBatches(cases, 16, async ({ headers, path, method }) => {
      const body = method === 'GET' ? undefined : JSON.stringify({ body: 'from headers test' })
      const outcome = await hit(method === 'PATCH' ? `${path.split('?')[0]}?id=gt.0` : path, {
        method,
        token: bobToken,
        headers: { 'content-type': 'application/json', ...headers },
        body
      })
      check(`${method} ${path} ${JSON.stringify(headers).slice(0, 80)}`, outcome)
    })
    expect(problems).toEqual([])
  })

  it('answers hostile bodies on inserts, upserts, updates and rpc without a 5xx, a leak or prototype pollution', async () => {
    const targets = [
      { path: '/notes', method: 'POST' },
      { path: '/notes?on_conflict=id', method: 'POST', prefer: 'resolution=merge-duplicates' },
      { path: '/notes?columns=body', method: 'POST' },
      { path: `/notes?id=gt.0&body=eq.${encodeURIComponent(SECRET)}`, method: 'PATCH' },
      { path: '/rpc/add', method: 'POST' },
      { path: '/rpc/echo', method: 'POST' },
      { path: '/rpc/sum_all', method: 'POST' },
      { path: '/rpc/authors_named', method: 'POST' },
      { path: '/items', method: 'POST', prefer: 'missing=default' }
    ]
    // Every body meets every target, as anon or as a user in turn; the 1 MB and 10k-element
    // bodies meet one target each, as a user, so the file stays fast.
    const cases = targets.flatMap((target, i) =>
      NASTY_BODIES.flatMap((body, j) =>
        body.length > 50_000 && (i + j) % targets.length > 2 ? [] : [{ ...target, body, token: (i + j) % 2 ? bobToken : undefined }]
      )
    )
    await inBatches(cases, 8, async ({ path, method, prefer, body, token }) => {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        prefer: `return=representation${prefer ? `, ${prefer}` : ''}`
      }
      check(`${method} ${path} ${body.slice(0, 60)}`, await hit(path, { method, token, headers, body }))
    })
    expect(problems).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('kept every table, every hidden row unchanged, and keeps answering', async () => {
    const { rows } = await f.stack.db.pool.query<{ body: string; owner: string }>(`select body, owner from public.notes where body = $1`, [
      SECRET
    ])
    expect(rows).toEqual([{ body: SECRET, owner: ALICE }])
    const { rows: others } = await f.stack.db.pool.query<{ n: number }>(
      `select count(*)::int as n from public.notes where owner = $1 and body <> $2`,
      [ALICE, SECRET]
    )
    expect(others[0]?.n).toBe(0)
    expect((await f.alice.from('notes').select('body').eq('body', SECRET)).data).toEqual([{ body: SECRET }])
    // Counts run under RLS too: nothing hidden leaks through Content-Range.
    expect((await f.anon.from('notes').select('*', { count: 'exact', head: true }).eq('body', SECRET)).count).toBe(0)
    expect((await f.as(bobToken).from('notes').select('*', { count: 'exact', head: true }).eq('body', SECRET)).count).toBe(0)
    expect((await f.anon.from('authors').select('id').order('id')).data?.length).toBe(4)
    expect((await hit('/authors?select=id&id=eq.1', { token: aliceToken })).status).toBe(200)
    expect(f.stack.pool.waitingCount).toBe(0)
  })
})
