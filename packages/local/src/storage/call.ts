import type { IncomingMessage, ServerResponse } from 'node:http'
import { asRequest, type Queryable } from '../db/request.ts'
import { type Caller, callerOf } from '../http/auth-header.ts'
import { BodyTooLargeError, readBody } from '../http/respond.ts'
import type { ServiceContext } from '../http/service.ts'
import type { ObjectFiles } from './disk.ts'
import { errors, fromDatabase } from './errors.ts'

/** As Supabase's Storage API: it deletes the files with the rows, so its DELETEs pass storage.protect_delete. */
const DELETES_FROM_API = { 'storage.allow_delete_query': 'true' }

/** One storage request: what every handler needs, with the caller resolved lazily. */
export interface Call {
  context: ServiceContext
  files: ObjectFiles
  req: IncomingMessage
  res: ServerResponse
  url: URL
  caller(): Promise<Caller>
  json(): Promise<Record<string, unknown>>
  /** Runs `work` in a transaction as the caller, so storage.objects RLS decides. */
  asCaller<T>(work: (client: Queryable) => Promise<T>, options?: { readOnly?: boolean; rollback?: boolean }): Promise<T>
}

export function createCall(context: ServiceContext, files: ObjectFiles, req: IncomingMessage, res: ServerResponse, url: URL): Call {
  let caller: Promise<Caller> | undefined
  const call: Call = {
    context,
    files,
    req,
    res,
    url,
    caller() {
      caller ??= callerOf(req, url, context.jwt).catch((error: unknown) => {
        const cause = (error as { cause?: Error }).cause
        throw errors.invalidJwt(cause?.message ?? (error as Error).message)
      })
      return caller
    },
    async json() {
      let raw: Buffer
      try {
        raw = await readBody(req, 1024 * 1024)
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw errors.tooLarge()
        throw error
      }
      if (raw.length === 0) return {}
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'))
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
      } catch {
        // reported below
      }
      throw errors.invalidRequest('Body must be a JSON object')
    },
    async asCaller(work, options = {}) {
      const { role, claims } = await call.caller()
      try {
        return await asRequest(
          context.pool,
          {
            role,
            claims,
            headers: lowerCaseHeaders(req),
            method: req.method ?? 'GET',
            path: url.pathname,
            readOnly: options.readOnly,
            settings: DELETES_FROM_API
          },
          work,
          { rollback: options.rollback }
        )
      } catch (error) {
        throw fromDatabase(error)
      }
    }
  }
  return call
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

/** `auth.uid()` as storage records it in `owner`: the JWT subject when it is a UUID. */
export function ownerOf(caller: Caller): string | null {
  const sub = caller.claims.sub
  return typeof sub === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub) ? sub : null
}

export function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (typeof value !== 'string' || value === '') throw errors.missing(name)
  return value
}
