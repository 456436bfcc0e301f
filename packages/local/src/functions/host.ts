import { existsSync, readdirSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { sendJson } from '../http/respond.ts'
import type { HostMessage, WorkerMessage, WorkerSetup } from './protocol.ts'
import { readImportMap } from './specifiers.ts'

// Runs from src/ under Node's type stripping, or from the dist/ bundle that ships src/ beside it.
const here = import.meta.filename.endsWith('.ts') ? import.meta.dirname : resolve(import.meta.dirname, '../src/functions')
const WORKER = join(here, 'worker.ts')
const ENTRY_FILES = ['index.ts', 'index.js', 'index.mjs']

/** Supabase's gateway headers a function's own answer must not inherit: CORS is the function's job. */
const GATEWAY_HEADERS = ['access-control-allow-origin', 'access-control-expose-headers', 'vary']
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade'])

interface Pending {
  res: ServerResponse
  done: () => void
  idle: NodeJS.Timeout
}

/** Supabase's request idle timeout: no response head within 150 s is a 504. */
export const IDLE_TIMEOUT_MS = 150_000

/** Errors the relay itself answers, with Supabase's `sb-error-code` header. */
export function sendRelayError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { code, message }, { 'sb-error-code': code })
}

export interface FunctionRequest {
  req: IncomingMessage
  res: ServerResponse
  url: string
  body: Buffer | null
}

/** One running function: a worker thread with its own module graph, fed requests by message. */
class FunctionWorker {
  readonly version: string
  readonly #worker: Worker
  readonly #ready: Promise<void>
  readonly #pending = new Map<number, Pending>()
  #nextId = 1
  #dead = false

  readonly #idleTimeoutMs: number

  constructor(entry: string, version: string, env: Record<string, string>, idleTimeoutMs: number, onExit: () => void) {
    this.version = version
    this.#idleTimeoutMs = idleTimeoutMs
    const setup: WorkerSetup = {
      entry: pathToFileURL(entry).href,
      importMap: readImportMap(dirname(entry)),
      fallbackParent: import.meta.url
    }
    this.#worker = new Worker(WORKER, { workerData: setup, env, stdout: false, stderr: false })
    this.#ready = new Promise((ready, fail) => {
      this.#worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') return ready()
        if (message.type === 'boot-error') return fail(new FunctionBootError(message.message))
        this.#onMessage(message)
      })
      this.#worker.once('error', (error) => {
        fail(new FunctionBootError(error.stack ?? error.message))
        this.#die(error)
      })
      this.#worker.once('exit', () => {
        fail(new FunctionBootError('The function exited while starting'))
        this.#die(new Error('The function worker exited'))
        onExit()
      })
    })
    this.#ready.catch(() => undefined)
  }

  get busy(): boolean {
    return this.#pending.size > 0
  }

  get dead(): boolean {
    return this.#dead
  }

  async dispatch({ req, res, url, body }: FunctionRequest): Promise<void> {
    await this.#ready
    if (this.#dead) throw new FunctionBootError('The function worker is not running')
    const id = this.#nextId++
    const headers: [string, string][] = []
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name === 'host' || HOP_BY_HOP.has(name)) continue
      for (const item of Array.isArray(value) ? value : [value]) headers.push([name, item])
    }
    const payload = body && body.length ? new Uint8Array(body).buffer : null
    const finished = new Promise<void>((done) => {
      const idle = setTimeout(() => {
        if (!this.#pending.delete(id)) return
        this.#post({ type: 'abort', id })
        sendRelayError(res, 504, 'IDLE_TIMEOUT', 'The function did not respond before the request idle timeout')
        done()
      }, this.#idleTimeoutMs)
      this.#pending.set(id, { res, done, idle })
    })
    res.once('close', () => {
      if (this.#pending.has(id)) this.#post({ type: 'abort', id })
    })
    this.#post({ type: 'request', id, method: req.method ?? 'GET', url, headers, body: payload }, payload ? [payload] : [])
    await finished
  }

  terminate(): Promise<number> {
    this.#dead = true
    return this.#worker.terminate()
  }

  #post(message: HostMessage, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(message, transfer)
  }

  #onMessage(message: Exclude<WorkerMessage, { type: 'ready' | 'boot-error' }>): void {
    const pending = this.#pending.get(message.id)
    if (!pending) return
    const { res } = pending
    if (message.type === 'head') {
      clearTimeout(pending.idle)
      for (const name of GATEWAY_HEADERS) res.removeHeader(name)
      const headers: Record<string, string | string[]> = {}
      for (const [name, value] of message.headers) {
        // Node frames the body itself (chunked), so a length copied from the function could lie.
        if (HOP_BY_HOP.has(name) || name === 'content-length') continue
        const existing = headers[name]
        headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value]
      }
      res.writeHead(message.status, headers)
    } else if (message.type === 'chunk') {
      res.write(message.chunk)
    } else {
      this.#pending.delete(message.id)
      clearTimeout(pending.idle)
      if (message.type === 'end') res.end()
      else if (res.headersSent) res.destroy(new Error(message.message))
      else sendRelayError(res, 500, 'WORKER_ERROR', message.message)
      pending.done()
    }
  }

  #die(error: Error): void {
    this.#dead = true
    for (const [id, { res, done, idle }] of this.#pending) {
      this.#pending.delete(id)
      clearTimeout(idle)
      if (res.headersSent) res.destroy(error)
      else sendRelayError(res, 500, 'WORKER_ERROR', 'Function exited due to an error (please check logs)')
      done()
    }
  }
}

export class FunctionBootError extends Error {
  readonly code = 'BOOT_ERROR'

  constructor(message: string) {
    super(message)
    this.name = 'FunctionBootError'
  }
}

/**
 * Keeps one worker per function and replaces it when its sources change (any file in the
 * function's folder or in functions/_shared, or an env file): edits apply on the next
 * request, like `supabase functions serve`.
 */
export class FunctionHost {
  readonly #functionsDir: string
  readonly #watchFiles: () => string[]
  readonly #env: () => Record<string, string>
  readonly #idleTimeoutMs: number
  readonly #workers = new Map<string, FunctionWorker>()

  constructor(functionsDir: string, options: { env: () => Record<string, string>; watchFiles: () => string[]; idleTimeoutMs?: number }) {
    this.#functionsDir = functionsDir
    this.#env = options.env
    this.#watchFiles = options.watchFiles
    this.#idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS
  }

  /** The entry file of a deployable function, or undefined (names starting with _ are shared code). */
  entryOf(name: string): string | undefined {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) return undefined
    for (const file of ENTRY_FILES) {
      const path = join(this.#functionsDir, name, file)
      if (existsSync(path)) return path
    }
    return undefined
  }

  async dispatch(name: string, entry: string, request: FunctionRequest): Promise<void> {
    const version = this.#versionOf(name)
    let worker = this.#workers.get(name)
    if (!worker || worker.dead || worker.version !== version) {
      const previous = worker
      worker = new FunctionWorker(entry, version, this.#env(), this.#idleTimeoutMs, () => {
        if (this.#workers.get(name) === worker) this.#workers.delete(name)
      })
      this.#workers.set(name, worker)
      if (previous) void retire(previous)
    }
    await worker.dispatch(request)
  }

  async close(): Promise<void> {
    const workers = [...this.#workers.values()]
    this.#workers.clear()
    await Promise.all(workers.map((worker) => worker.terminate()))
  }

  #versionOf(name: string): string {
    const stamps: string[] = []
    const visit = (path: string) => {
      let info
      try {
        info = statSync(path)
      } catch {
        return
      }
      if (info.isDirectory()) {
        for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry))
      } else {
        stamps.push(`${path}:${info.mtimeMs}:${info.size}`)
      }
    }
    visit(join(this.#functionsDir, name))
    visit(join(this.#functionsDir, '_shared'))
    for (const file of this.#watchFiles()) visit(file)
    for (const file of ['deno.json', 'deno.jsonc', 'import_map.json']) visit(join(this.#functionsDir, file))
    return stamps.join('|')
  }
}

/** Lets in-flight requests of a replaced worker finish before stopping it. */
async function retire(worker: FunctionWorker): Promise<void> {
  while (worker.busy && !worker.dead) await new Promise((resolve) => setTimeout(resolve, 50))
  await worker.terminate()
}
