import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { LocalStackError } from '../db/errors.ts'
import { apiKeyOf } from './auth-header.ts'
import { applyCors } from './cors.ts'
import { sendJson } from './respond.ts'
import type { Service, ServiceContext, ServiceFactory } from './service.ts'

export interface HttpServer {
  server: Server
  port: number
  close(): Promise<void>
}

/**
 * One HTTP server for every Supabase API, routed by prefix like Supabase's gateway: the
 * gateway refuses requests without a valid project key before any service sees them.
 */
export async function startHttpServer(
  context: ServiceContext,
  factories: Record<string, ServiceFactory>,
  listen: { host: string; port: number }
): Promise<HttpServer> {
  const services = new Map<string, Service>()
  for (const [prefix, factory] of Object.entries(factories)) services.set(prefix, await factory(context))
  const closeServices = async () => {
    for (const service of services.values()) await service.close?.()
  }
  const keys = new Set([context.anonKey, context.serviceRoleKey])

  const route = (pathname: string): [Service, string] | undefined => {
    for (const [prefix, service] of services) {
      if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return [service, pathname.slice(prefix.length) || '/']
    }
    return undefined
  }

  const keyProblem = (key: string | undefined): string | undefined => {
    if (!key) return 'No API key found in request'
    if (!keys.has(key)) return 'Invalid API key'
    return undefined
  }

  // Long filter lists (`.in('id', [...500 uuids])`) travel in the URL; Node's 16 KiB default answers 431.
  const server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const found = route(url.pathname)
    if (!found?.[0].ownsPreflight && applyCors(req, res)) return
    if (!found) return sendJson(res, 404, { message: 'no Route matched with those values' })
    const [service, path] = found
    const method = req.method ?? 'GET'
    if (!service.isPublic?.(method, path, url)) {
      const problem = keyProblem(apiKeyOf(req, url))
      if (problem) return sendJson(res, 401, { message: problem, hint: 'Pass the anon or service_role key in the apikey header.' })
    }
    service.handle(req, res, path, url).catch((error: unknown) => {
      if (res.headersSent) return res.destroy(error as Error)
      sendJson(res, 500, { message: 'Internal server error', details: (error as Error).message })
    })
  })

  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const found = route(url.pathname)
    const problem = keyProblem(apiKeyOf(req, url))
    if (!found?.[0].upgrade || problem) {
      socket.end(`HTTP/1.1 ${problem ? '401 Unauthorized' : '404 Not Found'}\r\nConnection: close\r\n\r\n`)
      return
    }
    found[0].upgrade(req, socket, head, found[1], url)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalStackError(
              'PORT_IN_USE',
              `Port ${listen.port} on ${listen.host} is already in use. Stop what listens there or choose another port (--port / PARLEY_PORT).`
            )
          : error
      )
    )
    server.listen(listen.port, listen.host, () => resolve())
  }).catch(async (error: unknown) => {
    // Services that opened connections (Realtime's replication slot among them) let go of them.
    await closeServices()
    throw error
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : listen.port

  return {
    server,
    port,
    async close() {
      await closeServices()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closed
    }
  }
}
