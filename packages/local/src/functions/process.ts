import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { sendJson } from '../http/respond.ts'
import { denoFlagsFor } from './import-map.ts'

// Runs from src/ under Node's type stripping, or from the dist/ bundle that ships src/ beside it.
const here = import.meta.filename.endsWith('.ts') ? import.meta.dirname : resolve(import.meta.dirname, '../src/functions')
const BOOTSTRAP = join(here, 'bootstrap.ts')

/** Supabase's gateway headers a function's own answer must not inherit: CORS is the function's job. */
const GATEWAY_HEADERS = ['access-control-allow-origin', 'access-control-expose-headers', 'vary']
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer'])
/** Enough of a dying process's stderr to say why it did not start. */
const STDERR_TAIL = 16_384

/** Errors the relay itself answers, with Supabase's `sb-error-code` header. */
export function sendRelayError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { code, message }, { 'sb-error-code': code })
}

export class FunctionBootError extends Error {
  readonly code = 'BOOT_ERROR'

  constructor(message: string) {
    super(message)
    this.name = 'FunctionBootError'
  }
}

export interface FunctionRequest {
  req: IncomingMessage
  res: ServerResponse
  /** The URL the function sees: the stack's origin, then /NAME/rest/of/path?query. */
  url: string
  body: Buffer | null
}

export interface ProcessOptions {
  deno: string
  entry: string
  functionsDir: string
  env: Record<string, string>
  denoDir: string
  idleTimeoutMs: number
  origin: string
  onExit: () => void
}

/**
 * One function in its own Deno process, as Supabase runs each function in its own isolate:
 * the bootstrap serves the function's handler on a loopback port and requests are proxied
 * to it. Permissions are the Edge Runtime's: network, environment, and reading the
 * function's own files (and the shared folder it imports from); no subprocesses, no FFI.
 */
export class FunctionProcess {
  readonly version: string
  readonly #child: ChildProcess
  readonly #port: Promise<number>
  readonly #idleTimeoutMs: number
  #inFlight = 0
  #dead = false

  constructor(version: string, options: ProcessOptions) {
    this.version = version
    this.#idleTimeoutMs = options.idleTimeoutMs
    const functionDir = dirname(options.entry)
    const nonce = randomUUID()
    const args = [
      'run',
      '--no-prompt',
      '--no-lock',
      '--node-modules-dir=none',
      // request.signal aborts when the caller goes away (or the idle timeout), not after every answer.
      '--unstable-no-legacy-abort',
      ...denoFlagsFor(functionDir),
      '--allow-net',
      '--allow-env',
      `--allow-read=${functionDir},${join(options.functionsDir, '_shared')}`,
      BOOTSTRAP,
      pathToFileURL(options.entry).href,
      options.origin,
      nonce
    ]
    const env = { ...options.env, DENO_DIR: options.denoDir, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' }
    // stdin stays open: the bootstrap exits when it closes, so a killed stack leaves no Deno behind.
    this.#child = spawn(options.deno, args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    this.#port = new Promise((ready, fail) => {
      createInterface({ input: this.#child.stdout! }).on('line', (line) => {
        // The report may follow output the function left without a line break.
        const at = line.indexOf(`${nonce} `)
        if (at === -1) return void process.stdout.write(`${line}\n`)
        if (at > 0) process.stdout.write(`${line.slice(0, at)}\n`)
        const message = JSON.parse(line.slice(at + nonce.length + 1)) as { port?: number; error?: string }
        if (message.port) ready(message.port)
        else fail(new FunctionBootError(message.error ?? 'The function failed to start'))
      })
      this.#child.stderr!.on('data', (chunk: Buffer) => {
        process.stderr.write(chunk)
        stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)
      })
      this.#child.once('error', (error) => fail(new FunctionBootError(`Cannot run ${options.deno}: ${error.message}`)))
      this.#child.once('exit', (code, signal) => {
        this.#dead = true
        fail(new FunctionBootError(stderr.trim() || `Deno exited (${signal ?? code}) while starting the function`))
        options.onExit()
      })
    })
    this.#port.catch(() => undefined)
  }

  get busy(): boolean {
    return this.#inFlight > 0
  }

  get dead(): boolean {
    return this.#dead
  }

  /** Proxies one request; the idle timeout covers the start-up too. Resolves when the answer is done. */
  async dispatch({ req, res, url, body }: FunctionRequest): Promise<void> {
    this.#inFlight++
    try {
      await this.#proxy(req, res, url, body)
    } finally {
      this.#inFlight--
    }
  }

  async #proxy(req: IncomingMessage, res: ServerResponse, url: string, body: Buffer | null): Promise<void> {
    let upstream: ReturnType<typeof httpRequest> | undefined
    let timedOut = false
    const idle = setTimeout(() => {
      timedOut = true
      // Closing the connection aborts the handler's request.signal inside Deno.
      upstream?.destroy()
      if (!res.headersSent) sendRelayError(res, 504, 'IDLE_TIMEOUT', 'The function did not respond before the request idle timeout')
    }, this.#idleTimeoutMs)
    try {
      const port = await this.#port
      if (timedOut) return
      const headers: Record<string, string | string[]> = {}
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'content-length') headers[name] = value
      }
      if (body?.length) headers['content-length'] = String(body.length)
      const { pathname, search } = new URL(url)
      await new Promise<void>((done) => {
        const outgoing = httpRequest({
          host: '127.0.0.1',
          port,
          method: req.method,
          path: `${pathname}${search}`,
          headers,
          // A connection per request: a dropped connection then always means the process died.
          agent: false
        })
        upstream = outgoing
        res.once('close', () => {
          if (!res.writableFinished) outgoing.destroy()
        })
        outgoing.once('response', (answer) => {
          clearTimeout(idle)
          for (const name of GATEWAY_HEADERS) res.removeHeader(name)
          const forwarded: Record<string, string | string[]> = {}
          for (const [name, value] of Object.entries(answer.headers)) {
            // Node frames the body itself (chunked), so a length copied from the function could lie.
            if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'content-length') forwarded[name] = value
          }
          res.writeHead(answer.statusCode ?? 502, forwarded)
          answer.pipe(res)
          // Cut short (the process died mid-stream): the caller must not take it for a whole answer.
          answer.once('close', () => {
            if (!answer.complete) res.destroy()
          })
          res.once('close', () => done())
        })
        outgoing.once('error', () => {
          // The process died (an exception outside any handler) or the idle timeout closed the connection.
          if (!timedOut) {
            // Before answering, so the caller's next request starts a fresh process.
            if (!res.destroyed) void this.terminate()
            if (!res.headersSent) sendRelayError(res, 500, 'WORKER_ERROR', 'Function exited due to an error (please check logs)')
            else res.destroy()
          }
          done()
        })
        outgoing.end(body?.length ? body : undefined)
      })
    } finally {
      clearTimeout(idle)
    }
  }

  /** Stops the process and waits for it to exit. */
  async terminate(): Promise<void> {
    this.#dead = true
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return
    const exited = new Promise<void>((done) => this.#child.once('exit', () => done()))
    this.#child.kill('SIGKILL')
    await exited
  }
}
