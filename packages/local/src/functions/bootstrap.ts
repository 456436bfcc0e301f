// Runs inside Deno, one process per function: `deno run … bootstrap.ts ENTRY ORIGIN NONCE`.
// It plays the part of Supabase's Edge Runtime around the function: captures the handler
// the function gives Deno.serve, serves it on a loopback port for the host to proxy to, and
// turns a throwing handler into Supabase's 500. Only Deno's own types are at hand here.

type Handler = (request: Request, info: unknown) => Response | Promise<Response>
type ErrorHandler = (error: unknown) => Response | Promise<Response>
interface ServeOptions {
  handler?: Handler
  onError?: ErrorHandler
  hostname?: string
  port?: number
  onListen?: (addr: { hostname: string; port: number }) => void
}
interface DenoRuntime {
  args: string[]
  serve(options: ServeOptions, handler: Handler): unknown
  stdout: { writeSync(data: Uint8Array): number }
  stdin: { readable: ReadableStream<Uint8Array> }
  exit(code: number): never
}

const deno = (globalThis as unknown as { Deno: DenoRuntime }).Deno
const [entry = '', stackOrigin = '', nonce = ''] = deno.args
const realServe = deno.serve.bind(deno)
let served: { handler: Handler; onError?: ErrorHandler } | undefined

/** The host reads these lines from stdout; the nonce keeps the function's own output from faking one. */
function report(message: { port: number } | { error: string }): void {
  deno.stdout.writeSync(new TextEncoder().encode(`${nonce} ${JSON.stringify(message)}\n`))
}

// Like the Edge Runtime, the function's own port and hostname are ignored: the host owns the listener.
deno.serve = (first: ServeOptions | Handler, second?: Handler) => {
  const options = typeof first === 'function' ? {} : first
  const handler = typeof first === 'function' ? first : (second ?? first.handler)
  if (typeof handler !== 'function') throw new TypeError('Deno.serve needs a handler function')
  served = { handler, onError: options.onError }
  const addr = { transport: 'tcp', hostname: options.hostname ?? '0.0.0.0', port: options.port ?? 8000 }
  options.onListen?.(addr)
  return { finished: new Promise<void>(() => undefined), addr, shutdown: async () => undefined, ref() {}, unref() {} }
}

Object.assign(globalThis, {
  EdgeRuntime: {
    waitUntil(promise: Promise<unknown>) {
      promise.catch((error: unknown) => console.error('EdgeRuntime.waitUntil task failed:', error))
    }
  }
})

try {
  const module = (await import(entry)) as { default?: { fetch?: Handler } }
  const fetchExport = module.default?.fetch
  if (!served && typeof fetchExport === 'function') served = { handler: (request, info) => fetchExport.call(module.default, request, info) }
  if (!served) throw new Error('The function neither called Deno.serve(handler) nor exported default { fetch }')
} catch (error) {
  report({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  deno.exit(1)
}

// The host keeps stdin open for the process's life: when it closes, the host is gone.
void (async () => {
  for await (const _ of deno.stdin.readable);
  deno.exit(0)
})()

const target = served as NonNullable<typeof served>
realServe({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => report({ port }) }, async (proxied, info) => {
  // The function sees the stack's URL (pathname /NAME/…), as on Supabase, not the loopback one.
  const url = new URL(proxied.url)
  const request = new Request(`${stackOrigin}${url.pathname}${url.search}`, proxied)
  try {
    const response = await target.handler(request, info)
    if (!(response instanceof Response)) throw new TypeError('The function handler must return a Response')
    return response
  } catch (error) {
    console.error(error)
    if (target.onError) return await target.onError(error)
    return new Response('Internal Server Error', { status: 500, headers: { 'sb-error-code': 'EDGE_FUNCTION_ERROR' } })
  }
})

export {}
