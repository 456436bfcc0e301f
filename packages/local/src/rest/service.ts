import { sendJson } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'

export const createRestService: ServiceFactory = () => ({
  async handle(_req, res) {
    sendJson(res, 501, { message: 'rest is not implemented yet' })
  }
})
