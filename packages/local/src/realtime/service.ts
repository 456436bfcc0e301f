import { apiKeyOf } from '../http/auth-header.ts'
import { sendJson } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'
import { realtimeLimits } from './limits.ts'
import { handleRestBroadcast } from './rest-broadcast.ts'
import { RealtimeServer } from './server.ts'

/**
 * /realtime/v1: the WebSocket at /websocket and the REST broadcast API. The gateway has
 * already checked the apikey; each channel join is authorized with its own access token.
 */
export const createRealtimeService: ServiceFactory = async (context) => {
  const server = new RealtimeServer(context, {
    limits: realtimeLimits(context.realtimeLimits),
    onError: (error) => {
      if (process.env.PARLEY_DEBUG) console.error('[realtime]', error)
    }
  })
  await server.start()
  return {
    async handle(req, res, path, url) {
      if (path.startsWith('/api/broadcast')) return handleRestBroadcast(req, res, path, url, context.jwt, server)
      sendJson(res, 404, { message: 'Not found' })
    },
    upgrade(req, socket, head, path, url) {
      if (path !== '/websocket') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
        return
      }
      server.upgrade(req, socket, head, url, apiKeyOf(req, url) ?? context.anonKey)
    },
    close: () => server.close()
  }
}
