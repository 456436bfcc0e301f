import type { ServerResponse } from 'node:http'
import { sendJson } from '../http/respond.ts'

/** Storage API error codes, as Supabase's storage server names them in `code`. */
export type StorageErrorCode =
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'InvalidJWT'
  | 'InvalidRequest'
  | 'EntityTooLarge'
  | 'InternalError'
  | 'ResourceNotEmpty'
  | 'InvalidBucketName'
  | 'InvalidKey'
  | 'InvalidMimeType'
  | 'KeyAlreadyExists'
  | 'BucketAlreadyExists'
  | 'AccessDenied'
  | 'MissingParameter'
  | 'InvalidSignature'
  | 'InvalidParameter'

/**
 * An error rendered the way Supabase's storage server renders it: `statusCode` is the
 * meaningful code as a string, while the HTTP status is 400 for every client error and
 * 500 for server errors (storage-js exposes both as `statusCode` and `status`).
 */
export class StorageError extends Error {
  readonly code: StorageErrorCode
  readonly statusCode: number
  readonly error: string

  constructor(code: StorageErrorCode, statusCode: number, message: string, error: string = code, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StorageError'
    this.code = code
    this.statusCode = statusCode
    this.error = error
  }

  get httpStatus(): number {
    return this.statusCode >= 500 ? 500 : 400
  }

  toJSON(): { statusCode: string; code: StorageErrorCode; error: string; message: string } {
    return { statusCode: String(this.statusCode), code: this.code, error: this.error, message: this.message }
  }
}

export const errors = {
  bucketNotFound: () => new StorageError('NoSuchBucket', 404, 'Bucket not found', 'Bucket not found'),
  objectNotFound: () => new StorageError('NoSuchKey', 404, 'Object not found', 'not_found'),
  bucketExists: () => new StorageError('BucketAlreadyExists', 409, 'The resource already exists', 'Duplicate'),
  keyExists: () => new StorageError('KeyAlreadyExists', 409, 'The resource already exists', 'Duplicate'),
  bucketNotEmpty: () => new StorageError('ResourceNotEmpty', 409, 'The bucket you tried to delete is not empty'),
  rlsViolation: (cause?: unknown, message = 'new row violates row-level security policy') =>
    new StorageError('AccessDenied', 403, message, 'Unauthorized', { cause }),
  tooLarge: () => new StorageError('EntityTooLarge', 413, 'The object exceeded the maximum allowed size', 'Payload too large'),
  invalidMimeType: (mime: string) => new StorageError('InvalidMimeType', 415, `mime type ${mime} is not supported`, 'invalid_mime_type'),
  invalidKey: (key: string) => new StorageError('InvalidKey', 400, `Invalid key: ${key}`),
  invalidBucketName: () => new StorageError('InvalidBucketName', 400, 'Bucket name invalid', 'Invalid Input'),
  invalidJwt: (message: string) => new StorageError('InvalidJWT', 400, message),
  invalidSignature: () => new StorageError('InvalidSignature', 400, 'The token was issued for another object or action'),
  invalidRequest: (message: string) => new StorageError('InvalidRequest', 400, message),
  invalidParameter: (parameter: string) => new StorageError('InvalidParameter', 400, `Invalid Parameter ${parameter}`),
  missing: (parameter: string) => new StorageError('MissingParameter', 400, `Missing Required Parameter ${parameter}`)
}

/** Maps what PostgreSQL raises inside a storage request to storage's own errors. */
export function fromDatabase(error: unknown): unknown {
  const code = (error as { code?: string }).code
  // As Supabase Storage does: a policy that raises 42501 with its own words is answered with them.
  if (code === '42501') {
    const message = (error as Error).message
    return errors.rlsViolation(error, message.includes('row-level security') ? undefined : message)
  }
  if (code === '23505') return errors.keyExists()
  if (code === '23503') return errors.bucketNotFound()
  if (code === '22P02' || code === '22023') return errors.invalidRequest((error as Error).message)
  return error
}

export function sendStorageError(res: ServerResponse, error: StorageError): void {
  sendJson(res, error.httpStatus, error.toJSON())
}
