import { sendJson } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'

export const createAuthService: ServiceFactory = () => ({
  async handle(_req, res) {
    sendJson(res, 501, { message: 'auth is not implemented yet' })
  }
})
