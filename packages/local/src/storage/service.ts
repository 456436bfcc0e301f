import { sendJson } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'

export const createStorageService: ServiceFactory = () => ({
  async handle(_req, res) {
    sendJson(res, 501, { message: 'storage is not implemented yet' })
  }
})
