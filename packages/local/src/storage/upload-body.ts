import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import { errors } from './errors.ts'

export interface UploadBody {
  data: Buffer
  contentType: string
  cacheControl: string
  userMetadata: Record<string, unknown> | null
}

/**
 * Reads an upload as storage-js sends it: multipart/form-data for Blobs and FormData (the
 * file part plus `cacheControl` and `metadata` fields), the raw body otherwise (with
 * `cache-control`, `content-type` and base64 `x-metadata` headers). Bodies over `limit`
 * are drained and refused with 413 so the client reads the answer instead of a reset.
 */
export async function readUpload(req: IncomingMessage, limit: number): Promise<UploadBody> {
  const contentType = req.headers['content-type'] ?? ''
  if (/^multipart\/form-data/i.test(contentType)) return readMultipart(req, limit)
  const data = await readLimited(req, limit)
  return {
    data,
    contentType: contentType || 'application/octet-stream',
    cacheControl: req.headers['cache-control'] ?? 'no-cache',
    userMetadata: decodeMetadata(header(req, 'x-metadata'), true)
  }
}

async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size <= limit) chunks.push(chunk as Buffer)
  }
  if (size > limit) throw errors.tooLarge()
  return Buffer.concat(chunks)
}

function readMultipart(req: IncomingMessage, limit: number): Promise<UploadBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: limit, files: 1 } })
    } catch (cause) {
      reject(errors.invalidRequest(`Malformed multipart body: ${(cause as Error).message}`))
      return
    }
    const fields: Record<string, string> = {}
    let file: { data: Buffer; mimeType: string; truncated: boolean } | undefined
    parser.on('field', (name, value) => {
      fields[name] = value
    })
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        file = { data: Buffer.concat(chunks), mimeType: info.mimeType, truncated: stream.truncated === true }
      })
    })
    parser.on('error', (cause: Error) => reject(errors.invalidRequest(`Malformed multipart body: ${cause.message}`)))
    parser.on('close', () => {
      if (!file) return reject(errors.invalidRequest('No content provided'))
      if (file.truncated) return reject(errors.tooLarge())
      try {
        const cacheControl = fields.cacheControl
        resolve({
          data: file.data,
          contentType: file.mimeType || 'application/octet-stream',
          cacheControl: cacheControl ? (/^\d+$/.test(cacheControl) ? `max-age=${cacheControl}` : cacheControl) : 'no-cache',
          userMetadata: decodeMetadata(fields.metadata, false)
        })
      } catch (error) {
        reject(error)
      }
    })
    req.pipe(parser)
  })
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function decodeMetadata(value: string | undefined, base64: boolean): Record<string, unknown> | null {
  if (!value) return null
  try {
    const parsed: unknown = JSON.parse(base64 ? Buffer.from(value, 'base64').toString('utf8') : value)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  } catch {
    // fall through to the typed error below
  }
  throw errors.invalidRequest('metadata must be a JSON object')
}
