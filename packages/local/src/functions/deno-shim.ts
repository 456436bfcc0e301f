import { readFile } from 'node:fs/promises'

export type ServeHandler = (request: Request, info: { remoteAddr: { transport: 'tcp'; hostname: string; port: number } }) => Response | Promise<Response>
export type ErrorHandler = (error: unknown) => Response | Promise<Response>

export interface Served {
  handler: ServeHandler
  onError?: ErrorHandler
}

interface ServeOptions {
  handler?: ServeHandler
  onError?: ErrorHandler
  port?: number
  hostname?: string
  onListen?: (addr: { hostname: string; port: number }) => void
}

/**
 * The part of Deno's global that Supabase Edge Functions use: `Deno.serve` (handler, or
 * options with a handler), `Deno.env`, and file reads; plus `EdgeRuntime.waitUntil`.
 * `Deno.serve` only records the handler: the host feeds it requests.
 */
export function installDeno(onServe: (served: Served) => void): void {
  const serve = (first: ServeHandler | ServeOptions, second?: ServeHandler) => {
    const options = typeof first === 'function' ? {} : first
    const handler = typeof first === 'function' ? first : (second ?? first.handler)
    if (typeof handler !== 'function') throw new TypeError('Deno.serve needs a handler function')
    onServe({ handler, onError: options.onError })
    const addr = { transport: 'tcp' as const, hostname: options.hostname ?? '0.0.0.0', port: options.port ?? 8000 }
    options.onListen?.(addr)
    return { finished: new Promise<void>(() => undefined), addr, shutdown: async () => undefined, ref() {}, unref() {} }
  }
  const env = {
    get: (key: string): string | undefined => process.env[key],
    set: (key: string, value: string): void => {
      process.env[key] = value
    },
    delete: (key: string): void => {
      delete process.env[key]
    },
    has: (key: string): boolean => process.env[key] !== undefined,
    toObject: (): Record<string, string> => Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined))
  }
  Object.assign(globalThis, {
    Deno: {
      serve,
      env,
      cwd: () => process.cwd(),
      readTextFile: (path: string | URL) => readFile(path, 'utf8'),
      readFile: async (path: string | URL) => new Uint8Array(await readFile(path))
    },
    EdgeRuntime: {
      waitUntil(promise: Promise<unknown>) {
        promise.catch((error: unknown) => console.error('EdgeRuntime.waitUntil task failed:', error))
      }
    }
  })
}
