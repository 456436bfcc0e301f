import { join } from 'node:path'
import { bearerOf } from '../http/auth-header.ts'
import { BodyTooLargeError, readBody } from '../http/respond.ts'
import type { ServiceFactory } from '../http/service.ts'
import { readFunctionSettings } from './config.ts'
import { envFiles, functionEnv } from './env.ts'
import { FunctionBootError, FunctionHost, sendRelayError } from './host.ts'

/** Supabase's request size limit for Edge Functions is far above what a local stack needs. */
const BODY_LIMIT = 20 * 1024 * 1024
/** What Supabase's relay passes to a function, preflight OPTIONS included. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/**
 * Edge Functions at /functions/v1/NAME, from supabase/functions/NAME/index.ts. The relay
 * checks verify_jwt (on unless config.toml turns it off) and needs no apikey, as on
 * Supabase; everything else, CORS included, is the function's own answer.
 */
export const createFunctionsService: ServiceFactory = (context) => {
  const host = new FunctionHost(join(context.supabaseDir, 'functions'), {
    env: () => functionEnv(context),
    denoDir: process.env.DENO_DIR || join(context.stateDir, 'deno'),
    watchFiles: () => [...envFiles(context), join(context.supabaseDir, 'config.toml')]
  })
  return {
    isPublic: () => true,
    ownsPreflight: true,
    async handle(req, res, path, url) {
      const [, name = '', ...rest] = path.split('/')
      const entry = host.entryOf(name)
      if (!entry) return sendRelayError(res, 404, 'NOT_FOUND', 'Requested function was not found')
      if (!METHODS.has(req.method ?? ''))
        return sendRelayError(res, 405, 'METHOD_NOT_ALLOWED', `Edge Functions do not accept ${req.method}`)

      // Browsers send preflights without credentials; the relay lets them through to the function.
      if (req.method !== 'OPTIONS' && readFunctionSettings(context.supabaseDir, name).verifyJwt) {
        const token = bearerOf(req)
        if (!token) return sendRelayError(res, 401, 'UNAUTHORIZED_NO_AUTH_HEADER', 'Missing authorization header')
        try {
          await context.jwt.verify(token)
        } catch {
          return sendRelayError(res, 401, 'UNAUTHORIZED_INVALID_JWT_FORMAT', 'Invalid JWT')
        }
      }

      let body: Buffer
      try {
        body = await readBody(req, BODY_LIMIT)
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendRelayError(res, 413, 'PAYLOAD_TOO_LARGE', error.message)
        throw error
      }
      const functionUrl = `${context.url()}/${[name, ...rest].join('/')}${url.search}`
      try {
        await host.dispatch(name, entry, { req, res, url: functionUrl, body })
      } catch (error) {
        if (!(error instanceof FunctionBootError)) throw error
        console.error(`Function ${name} failed to start:\n${error.message}`)
        if (!res.headersSent) sendRelayError(res, 503, 'BOOT_ERROR', 'Function failed to start (please check logs)')
      }
    },
    close: () => host.close()
  }
}
