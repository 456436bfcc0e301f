import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type NetWorker, startNetWorker } from '../src/net/worker.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'
import { WAIT } from './wait.ts'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

let db: TestDatabase
let worker: NetWorker
let server: Server
let base = ''
const seen: Seen[] = []
const held: ServerResponse[] = []
let inFlight = 0
let mostInFlight = 0

beforeAll(async () => {
  db = await createTestDatabase()
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() })
      if (request.url?.startsWith('/hold')) {
        inFlight += 1
        mostInFlight = Math.max(mostInFlight, inFlight)
        held.push(response)
        response.on('finish', () => {
          inFlight -= 1
        })
        return
      }
      if (request.url?.startsWith('/never')) return
      if (request.url === '/moved') {
        response.writeHead(302, { location: '/echo?moved=1' }).end()
        return
      }
      response.writeHead(201, { 'content-type': 'application/json', 'x-answer': 'yes' })
      response.end(JSON.stringify({ ok: true, path: request.url }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  worker = startNetWorker(db.pool, { concurrency: 2, pollMs: 100 })
})
afterAll(async () => {
  for (const response of held) response.end()
  await worker?.stop()
  server?.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await db?.drop()
})

interface ResponseRow {
  status_code: number | null
  content: string | null
  content_type: string | null
  headers: Record<string, string> | null
  timed_out: boolean | null
  error_msg: string | null
}

async function responseOf(id: string): Promise<ResponseRow> {
  let row: ResponseRow | undefined
  await vi.waitFor(async () => {
    row = (
      await db.pool.query<ResponseRow>(
        'select status_code, content, content_type, headers, timed_out, error_msg from net._http_response where id = $1',
        [id]
      )
    ).rows[0]
    expect(row).toBeDefined()
  }, WAIT)
  return row as ResponseRow
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.pool.query(sql, params)).rows[0] as T
}

describe('net shim: pg_net SQL surface', () => {
  it("declares net.http_get / net.http_post / net.http_delete with pg_net's signatures", async () => {
    const { rows } = await db.pool.query(
      `select p.proname, pg_get_function_arguments(p.oid) as args, pg_get_function_result(p.oid) as result
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'net' and p.proname in ('http_get', 'http_post', 'http_delete') order by p.proname`
    )
    expect(rows).toEqual([
      {
        proname: 'http_delete',
        args: "url text, params jsonb DEFAULT '{}'::jsonb, headers jsonb DEFAULT '{}'::jsonb, timeout_milliseconds integer DEFAULT 5000, body jsonb DEFAULT NULL::jsonb",
        result: 'bigint'
      },
      {
        proname: 'http_get',
        args: "url text, params jsonb DEFAULT '{}'::jsonb, headers jsonb DEFAULT '{}'::jsonb, timeout_milliseconds integer DEFAULT 5000",
        result: 'bigint'
      },
      {
        proname: 'http_post',
        args: `url text, body jsonb DEFAULT '{}'::jsonb, params jsonb DEFAULT '{}'::jsonb, headers jsonb DEFAULT '{"Content-Type": "application/json"}'::jsonb, timeout_milliseconds integer DEFAULT 5000`,
        result: 'bigint'
      }
    ])
  })

  it('refuses a non-JSON Content-Type on http_post, as pg_net does', async () => {
    await expect(db.pool.query(`select net.http_post('${base}/echo', headers := '{"content-type": "text/plain"}')`)).rejects.toThrow(
      'Content-Type header must be "application/json"'
    )
  })

  it('refuses a null url (the not-null queue column), as pg_net does', async () => {
    await expect(db.pool.query('select net.http_post(null::text)')).rejects.toMatchObject({ code: '23502' })
  })

  it('url-encodes params like libcurl and appends them to the query', async () => {
    const row = await one<{ url: string }>(
      `select net._encode_url_with_params_array('https://x.test/a?b=1#top', array[net._urlencode_string('q') || '=' || net._urlencode_string('é & ~x/y')]) as url`
    )
    expect(row.url).toBe('https://x.test/a?b=1&q=%C3%A9%20%26%20~x%2Fy#top')
  })
})

describe('net worker', () => {
  it('sends a queued POST with its headers and JSON body and records the response', async () => {
    const { id } = await one<{ id: string }>(
      `select net.http_post('${base}/echo', body := '{"hello": "world"}', headers := '{"Content-Type": "application/json", "Authorization": "Bearer abc"}')::text as id`
    )
    const response = await responseOf(id)
    expect(response).toMatchObject({ status_code: 201, content_type: 'application/json', timed_out: false, error_msg: null })
    expect(JSON.parse(response.content ?? '')).toEqual({ ok: true, path: '/echo' })
    expect(response.headers).toMatchObject({ 'x-answer': 'yes' })
    const request = seen.find((s) => s.url === '/echo' && s.method === 'POST')
    expect(request?.headers).toMatchObject({ authorization: 'Bearer abc', 'content-type': 'application/json' })
    expect(JSON.parse(request?.body ?? '')).toEqual({ hello: 'world' })
    expect((await one<{ n: number }>('select count(*)::int as n from net.http_request_queue')).n).toBe(0)
  })

  it('sends GET with params, and follows redirects', async () => {
    const get = await one<{ id: string }>(`select net.http_get('${base}/get', params := '{"a": "1 2"}')::text as id`)
    expect((await responseOf(get.id)).status_code).toBe(201)
    expect(seen.some((s) => s.method === 'GET' && s.url === '/get?a=1%202')).toBe(true)
    const moved = await one<{ id: string }>(`select net.http_get('${base}/moved')::text as id`)
    expect(JSON.parse((await responseOf(moved.id)).content ?? '')).toEqual({ ok: true, path: '/echo?moved=1' })
  })

  it('sends nothing for a rolled-back transaction', async () => {
    const client = await db.pool.connect()
    try {
      await client.query('begin')
      const rolled = (await client.query(`select net.http_get('${base}/rolled-back')::text as id`)).rows[0].id as string
      await client.query('rollback')
      const after = await one<{ id: string }>(`select net.http_get('${base}/after-rollback')::text as id`)
      await responseOf(after.id)
      expect(seen.some((s) => s.url === '/rolled-back')).toBe(false)
      expect((await db.pool.query('select 1 from net._http_response where id = $1', [rolled])).rowCount).toBe(0)
    } finally {
      client.release()
    }
  })

  it('records a timeout as timed_out with the limit in error_msg', async () => {
    const { id } = await one<{ id: string }>(`select net.http_get('${base}/never', timeout_milliseconds := 300)::text as id`)
    const response = await responseOf(id)
    expect(response).toMatchObject({ status_code: null, timed_out: true })
    expect(response.error_msg).toMatch(/^Timeout of 300 ms reached/)
  })

  it('records connection failures and unsupported URLs in libcurl words', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const refused = await one<{ id: string }>(`select net.http_get('http://127.0.0.1:${port}/')::text as id`)
    expect(await responseOf(refused.id)).toMatchObject({ status_code: null, timed_out: false, error_msg: "Couldn't connect to server" })
    const ftp = await one<{ id: string }>("select net.http_get('ftp://example.test/file')::text as id")
    expect((await responseOf(ftp.id)).error_msg).toBe('Unsupported protocol')
    const data = await one<{ id: string }>("select net.http_get('data:text/plain,hi')::text as id")
    expect((await responseOf(data.id)).error_msg).toBe('Unsupported protocol')
    const garbage = await one<{ id: string }>("select net.http_get('not a url')::text as id")
    expect((await responseOf(garbage.id)).error_msg).toBe('URL using bad/illegal format or missing URL')
  })

  it('keeps at most `concurrency` requests in flight and sends them all', async () => {
    const { rows } = await db.pool.query<{ id: string }>(
      `select net.http_get('${base}/hold/' || i)::text as id from generate_series(1, 5) i`
    )
    await vi.waitFor(() => expect(held.length).toBe(2), WAIT)
    await vi.waitFor(async () => {
      for (const response of held.splice(0)) response.end('done')
      const done = await db.pool.query('select 1 from net._http_response where id = any($1::bigint[])', [rows.map((r) => r.id)])
      expect(done.rowCount).toBe(5)
    }, WAIT)
    for (const row of rows) expect((await responseOf(row.id)).content).toBe('done')
    expect(mostInFlight).toBe(2)
  })

  it('drops responses older than pg_net.ttl (6 hours)', async () => {
    await db.pool.query(
      "insert into net._http_response (id, status_code, created) values (-1, 200, now() - interval '7 hours'), (-2, 200, now() - interval '5 hours')"
    )
    await vi.waitFor(async () => expect((await db.pool.query('select 1 from net._http_response where id = -1')).rowCount).toBe(0), WAIT)
    expect((await db.pool.query('select 1 from net._http_response where id = -2')).rowCount).toBe(1)
  })

  it('answers net.check_worker_is_up while the worker runs', async () => {
    await vi.waitFor(async () => expect((await db.pool.query('select net.check_worker_is_up()')).rowCount).toBe(1), WAIT)
  })
})
