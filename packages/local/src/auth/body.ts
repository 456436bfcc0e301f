import type { IncomingMessage } from 'node:http'
import { AuthHttpError, badRequest } from './errors.ts'

export type JsonObject = Record<string, unknown>

/** Reads a JSON object body as GoTrue does: empty means {}, anything else must parse. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<JsonObject> {
  const text = (await readText(req, limit)).trim()
  if (text === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw badRequest('bad_json', `Could not parse request body as JSON: ${(cause as Error).message}`)
  }
  if (value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(
      'bad_json',
      `Could not parse request body as JSON: expected an object, got ${Array.isArray(value) ? 'an array' : typeof value}`
    )
  }
  return value as JsonObject
}

/**
 * Collects at most `limit` bytes. Past it the rest is drained, not kept, and the request is
 * refused; destroying the stream instead would reset the kept-alive connection under the client.
 */
function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      if (!tooLarge) chunks.push(chunk)
    })
    req.on('end', () => {
      if (tooLarge) reject(new AuthHttpError(413, 'request_entity_too_large', `Request body too large (max ${limit} bytes)`))
      else resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', reject)
  })
}

/** A string field; absent and null read as ''. A value of another type is a JSON error, as in Go. */
export function stringField(body: JsonObject, name: string): string {
  const value = body[name]
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw typeError(name, 'a string', value)
  return value
}

/** A string field that distinguishes absent/null (undefined) from '' (GoTrue's *string). */
export function optionalStringField(body: JsonObject, name: string): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw typeError(name, 'a string', value)
  return value
}

export function booleanField(body: JsonObject, name: string): boolean {
  const value = body[name]
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') throw typeError(name, 'a boolean', value)
  return value
}

export function objectField(body: JsonObject, name: string): JsonObject | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw typeError(name, 'an object', value)
  return value as JsonObject
}

function typeError(name: string, expected: string, value: unknown): AuthHttpError {
  const got = Array.isArray(value) ? 'array' : typeof value
  return badRequest('bad_json', `Could not parse request body as JSON: field "${name}" must be ${expected}, got ${got}`)
}
