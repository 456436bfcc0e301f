import { sendJson } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'

export const createFunctionsService: ServiceFactory = () => ({
  async handle(_req, res) {
    sendJson(res, 501, { message: 'functions is not implemented yet' })
  }
})
