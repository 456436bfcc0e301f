// A small static server for the examples and the widget's build: /widget/* from
// packages/widget/dist, everything else from examples/. HTML gets the stack's URL and anon
// key filled in, and optional headers (a strict CSP for the hostile page, with a nonce).

import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8'
}

export interface ExamplesServer {
  url: string
  server: Server
  close(): Promise<void>
}

export interface ServeOptions {
  supabaseUrl: string
  supabaseAnonKey: string
  port?: number
  host?: string
  /** Filled into `{{VAPID_PUBLIC_KEY}}`; empty leaves push switched off on the pages. */
  vapidPublicKey?: string
  /** Extra files or dirs to mount: URL prefix -> directory. */
  mounts?: Record<string, string>
}

const ROOT = resolve(import.meta.dirname)
const WIDGET = resolve(import.meta.dirname, '../packages/widget/dist')
// The push service worker must come from the page's origin, at the scope it controls.
const SERVICE_WORKER = resolve(import.meta.dirname, '../packages/widget/public/parley-sw.js')

/** Pages under /strict/ are served with a nonce-based CSP and no 'unsafe-inline'. */
function strictCsp(nonce: string, supabaseUrl: string): string {
  const api = new URL(supabaseUrl)
  const ws = `ws://${api.host}`
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    `connect-src ${api.origin} ${ws}`,
    `img-src 'self' blob: data: ${api.origin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

export async function serveExamples(options: ServeOptions): Promise<ExamplesServer> {
  const mounts: [string, string][] = [
    ['/widget/', WIDGET],
    ['/parley-sw.js', SERVICE_WORKER],
    ...Object.entries(options.mounts ?? {}),
    ['/', ROOT]
  ]
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
      // Browsers ask every origin for one; a 404 would be a console error on every page.
      if (path === '/favicon.ico') {
        response.writeHead(204).end()
        return
      }
      const [prefix, dir] = mounts.find(([prefix]) => path.startsWith(prefix))!
      let file = normalize(join(dir, path.slice(prefix.length)))
      if (!file.startsWith(dir)) {
        response.writeHead(403).end()
        return
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html')
      const info = await stat(file).catch(() => null)
      if (!info) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
        return
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream'
      const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' }
      // Pages and the examples' own small scripts get the stack's URL and key filled in.
      if (
        type.startsWith('text/html') ||
        (type.startsWith('text/javascript') && !path.startsWith('/widget/') && !path.includes('/dist/'))
      ) {
        const nonce = randomBytes(16).toString('base64')
        const html = (await readFile(file, 'utf8'))
          .replaceAll('{{SUPABASE_URL}}', options.supabaseUrl)
          .replaceAll('{{SUPABASE_ANON_KEY}}', options.supabaseAnonKey)
          .replaceAll('{{NONCE}}', nonce)
          .replaceAll('{{VAPID_PUBLIC_KEY}}', options.vapidPublicKey ?? '')
        if (path.startsWith('/strict/')) headers['content-security-policy'] = strictCsp(nonce, options.supabaseUrl)
        response.writeHead(200, headers).end(html)
        return
      }
      response.writeHead(200, { ...headers, 'content-length': String(info.size) })
      createReadStream(file).pipe(response)
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
    }
  })
  await new Promise<void>((done) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', done))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}
