import { sendJson } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'

export const createRealtimeService: ServiceFactory = () => ({
  async handle(_req, res) {
    sendJson(res, 501, { message: 'realtime is not implemented yet' })
  }
})
