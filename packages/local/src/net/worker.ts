import type pg from 'pg'

export interface NetWorker {
  stop(): Promise<void>
}

export interface NetWorkerOptions {
  /** Requests in flight at once; pg_net sends a whole batch at once, the local stack fewer. */
  concurrency?: number
  /** Most requests taken from the queue in one go (pg_net.batch_size, default 200). */
  batchSize?: number
  /** How long responses are kept (pg_net.ttl, default '6 hours'). */
  ttl?: string
  /** Fallback poll when a wake-up NOTIFY is missed (e.g. the listening connection dropped). */
  pollMs?: number
  fetch?: typeof fetch
  onError?: (error: Error) => void
}

interface QueuedRequest {
  id: string
  method: string
  url: string
  timeout_milliseconds: number
  headers: Record<string, unknown> | null
  body: Buffer | null
}

interface Outcome {
  status: number | null
  content: string | null
  headers: Record<string, string> | null
  contentType: string | null
  timedOut: boolean
  error: string | null
}

/** What the net.check_worker_is_up() shim looks for in pg_stat_activity. */
export const NET_WORKER_APPLICATION_NAME = 'pg_net worker (parley local)'
const WAKE_CHANNEL = 'parley_net_wake'

const TAKE = `
  with rows as (
    select id from net.http_request_queue order by id limit $1 for update skip locked
  )
  delete from net.http_request_queue q using rows where q.id = rows.id
  returning q.id::text, q.method, q.url, q.timeout_milliseconds, q.headers, q.body`

const RECORD = `
  insert into net._http_response (id, status_code, content, headers, content_type, timed_out, error_msg)
  values ($1, $2, $3, $4, $5, $6, $7)`

/**
 * Does what pg_net's background worker does, for the net shim in net/local.sql: takes queued
 * requests out of net.http_request_queue (oldest first, at most once), sends them with fetch
 * under each request's timeout, and records every outcome in net._http_response — the
 * status, headers and body, or `timed_out`/`error_msg` worded as libcurl words them. Woken by
 * net.wake()'s NOTIFY at commit, with a slow poll as a fallback. Idle when the real pg_net
 * is installed, since its own worker sends the requests.
 */
export function startNetWorker(pool: pg.Pool, options: NetWorkerOptions = {}): NetWorker {
  const concurrency = Math.max(1, options.concurrency ?? 16)
  const batchSize = Math.max(1, options.batchSize ?? 200)
  const ttl = options.ttl ?? '6 hours'
  const send = options.fetch ?? fetch
  const report = options.onError ?? (() => undefined)
  const inFlight = new Set<Promise<void>>()
  let stopped = false
  let listener: pg.PoolClient | undefined
  let draining: Promise<void> | undefined
  let again = false

  const enabled = pool
    .query<{ real: boolean }>("select exists (select 1 from pg_extension where extname = 'pg_net') as real")
    .then(({ rows }) => !rows[0]?.real)
    .catch(() => false)

  const missingSchema = (error: unknown): boolean => {
    const code = (error as { code?: string }).code
    return code === '42P01' || code === '3F000'
  }

  const take = async (): Promise<void> => {
    while (!stopped) {
      const free = Math.min(concurrency - inFlight.size, batchSize)
      if (free <= 0) return
      let rows: QueuedRequest[]
      try {
        rows = (await pool.query<QueuedRequest>(TAKE, [free])).rows
      } catch (error) {
        if (!missingSchema(error) && !stopped) report(error as Error)
        return
      }
      for (const row of rows) {
        const job: Promise<void> = perform(row).finally(() => {
          inFlight.delete(job)
          drain()
        })
        inFlight.add(job)
      }
      if (rows.length < free) return
    }
  }

  const drain = (): void => {
    if (stopped) return
    if (draining) {
      again = true
      return
    }
    draining = (async () => {
      if (!(await enabled)) return
      do {
        again = false
        await take()
      } while (again && !stopped)
    })().finally(() => {
      draining = undefined
    })
  }

  const perform = async (row: QueuedRequest): Promise<void> => {
    const outcome = await request(row, send)
    try {
      await pool.query(RECORD, [
        row.id,
        outcome.status,
        outcome.content,
        outcome.headers,
        outcome.contentType,
        outcome.timedOut,
        outcome.error
      ])
    } catch (error) {
      if (!stopped) report(error as Error)
    }
  }

  const expire = async (): Promise<void> => {
    if (!(await enabled)) return
    await pool.query('delete from net._http_response where created < now() - $1::interval', [ttl]).catch((error: unknown) => {
      if (!missingSchema(error) && !stopped) report(error as Error)
    })
  }

  let connecting: Promise<void> | undefined
  const listen = (): Promise<void> => {
    if (listener || stopped) return Promise.resolve()
    connecting ??= connect().finally(() => {
      connecting = undefined
    })
    return connecting
  }

  const connect = async (): Promise<void> => {
    if (!(await enabled)) return
    let client: pg.PoolClient | undefined
    try {
      client = await pool.connect()
      await client.query(`set application_name = '${NET_WORKER_APPLICATION_NAME}'`)
      await client.query(`listen ${WAKE_CHANNEL}`)
      const current = client
      current.on('notification', () => drain())
      current.on('error', (error: Error) => {
        // A dropped connection: release it once; the next tick listens on a fresh one.
        if (listener !== current) return
        listener = undefined
        report(error)
        current.release(error)
      })
      if (stopped) {
        current.release(true)
        return
      }
      listener = current
    } catch (error) {
      client?.release(error as Error)
      if (!stopped) report(error as Error)
    }
  }

  let ticks = 0
  const timer = setInterval(() => {
    void listen()
    drain()
    if (ticks++ % 60 === 0) void expire()
  }, options.pollMs ?? 1000)
  timer.unref()
  void listen().then(drain)

  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await connecting
      await draining
      await Promise.all(inFlight)
      if (listener) {
        // Destroying the connection drops the LISTEN with it, so it never goes back to the pool listening.
        listener.release(true)
        listener = undefined
      }
    }
  }
}

/** Sends one queued request; never throws, every failure becomes an outcome to record. */
async function request(row: QueuedRequest, send: typeof fetch): Promise<Outcome> {
  const failed = (error: string, timedOut = false): Outcome => ({
    status: null,
    content: null,
    headers: null,
    contentType: null,
    timedOut,
    error
  })
  let url: URL
  try {
    url = new URL(row.url)
  } catch {
    return failed('URL using bad/illegal format or missing URL')
  }
  // pg_net restricts libcurl to these two; fetch alone would also read data: and blob: URLs.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed('Unsupported protocol')
  const headers = new Headers()
  try {
    for (const [name, value] of Object.entries(row.headers ?? {})) {
      headers.append(name, typeof value === 'string' ? value : JSON.stringify(value))
    }
  } catch (error) {
    return failed(`Bad header: ${(error as Error).message}`)
  }
  const started = performance.now()
  const signal = AbortSignal.timeout(row.timeout_milliseconds)
  try {
    const response = await send(url, {
      method: row.method.toUpperCase(),
      headers,
      body: row.body && row.body.length > 0 ? new Uint8Array(row.body) : undefined,
      redirect: 'follow',
      signal
    })
    const content = await response.text()
    return {
      status: response.status,
      content: content === '' ? null : content,
      headers: Object.fromEntries(response.headers),
      contentType: response.headers.get('content-type'),
      timedOut: false,
      error: null
    }
  } catch (error) {
    if (signal.aborted) {
      const total = (performance.now() - started).toFixed(3)
      return failed(`Timeout of ${row.timeout_milliseconds} ms reached. Total time: ${total} ms`, true)
    }
    return failed(curlWording(error))
  }
}

/** libcurl's curl_easy_strerror wording for what fetch reports as a network failure. */
function curlWording(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return "Couldn't connect to server"
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return "Couldn't resolve host name"
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'Failure when receiving data from the peer'
    default:
      return cause?.message ?? (error as Error).message ?? String(error)
  }
}
