import { registerHooks } from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'
import { installDeno, type Served } from './deno-shim.ts'
import type { HostMessage, WorkerMessage, WorkerSetup } from './protocol.ts'
import { applyImportMap, EMPTY_MODULE, toNodeSpecifier } from './specifiers.ts'

// One function per worker thread: its globals, module cache and crashes stay its own, and
// a reload is terminate-and-respawn rather than fighting the ESM cache.
const port = parentPort
if (!port) throw new Error('functions/worker.ts runs inside a worker thread')
const setup = workerData as WorkerSetup
const post = (message: WorkerMessage) => port.postMessage(message)

registerHooks({
  resolve(specifier, context, nextResolve) {
    const mapped = toNodeSpecifier(applyImportMap(specifier, setup.importMap))
    if (mapped === undefined) return { url: EMPTY_MODULE, shortCircuit: true }
    if (/^https?:\/\//.test(mapped)) {
      throw Object.assign(
        new Error(`Cannot import ${mapped}: the local functions host loads npm:, jsr: and node_modules packages only. Map it to an npm package in deno.json "imports".`),
        { code: 'ERR_UNSUPPORTED_URL_IMPORT' }
      )
    }
    try {
      return nextResolve(mapped, context)
    } catch (error) {
      if (/^[./]|^[a-z]+:/i.test(mapped)) throw error
      return nextResolve(mapped, { ...context, parentURL: setup.fallbackParent })
    }
  }
})

let served: Served | undefined
installDeno((value) => {
  served = value
})

const controllers = new Map<number, AbortController>()

async function handle(message: Extract<HostMessage, { type: 'request' }>, target: Served): Promise<void> {
  const controller = new AbortController()
  controllers.set(message.id, controller)
  try {
    const request = new Request(message.url, {
      method: message.method,
      headers: message.headers,
      body: message.body && message.method !== 'GET' && message.method !== 'HEAD' ? message.body : null,
      signal: controller.signal
    })
    let response: Response
    try {
      response = await target.handler(request, { remoteAddr: { transport: 'tcp', hostname: '127.0.0.1', port: 0 } })
      if (!(response instanceof Response)) throw new TypeError('The function handler must return a Response')
    } catch (error) {
      console.error(error)
      response = target.onError
        ? await target.onError(error)
        : new Response('Internal Server Error', { status: 500, headers: { 'sb-error-code': 'EDGE_FUNCTION_ERROR' } })
    }
    post({ type: 'head', id: message.id, status: response.status, headers: [...response.headers] })
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) post({ type: 'chunk', id: message.id, chunk })
    }
    post({ type: 'end', id: message.id })
  } catch (error) {
    post({ type: 'fail', id: message.id, message: (error as Error).message })
  } finally {
    controllers.delete(message.id)
  }
}

try {
  const module = (await import(setup.entry)) as { default?: { fetch?: Served['handler'] } }
  const fetchExport = module.default?.fetch
  if (!served && typeof fetchExport === 'function') served = { handler: (request, info) => fetchExport.call(module.default, request, info) }
  if (!served) throw new Error('The function neither called Deno.serve(handler) nor exported default { fetch }')
  const target = served
  port.on('message', (message: HostMessage) => {
    if (message.type === 'abort') controllers.get(message.id)?.abort()
    else void handle(message, target)
  })
  post({ type: 'ready' })
} catch (error) {
  post({ type: 'boot-error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
}
