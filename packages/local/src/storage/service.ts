import { join } from 'node:path'
import type { ServiceFactory } from '../http/service.ts'
import { createBucket, deleteBucket, emptyBucket, getBucket, listBuckets, updateBucket } from './buckets.ts'
import { type Call, createCall } from './call.ts'
import { ObjectFiles } from './disk.ts'
import { errors, StorageError, sendStorageError } from './errors.ts'
import { listV2 } from './list-v2.ts'
import { copy, download, downloadPublic, info, list, move, removeMany, removeOne, upload } from './objects.ts'
import { renderAuthenticated, renderPublic } from './render.ts'
import {
  createSignedUploadUrl,
  createSignedUrl,
  createSignedUrls,
  readSignedRender,
  readSignedUrl,
  uploadToSignedUrl
} from './signed-urls.ts'

type Route = (call: Call, segments: string[]) => Promise<void> | undefined

/** `[bucket, 'a/b.png']` from the segments after a route's fixed part. */
function target(segments: string[]): [string, string] {
  const [bucket, ...rest] = segments
  if (!bucket) throw errors.bucketNotFound()
  return [bucket, rest.join('/')]
}

/**
 * Storage at /storage/v1, speaking what storage-js sends. Route order matters where
 * Supabase's own routes overlap (`/object/sign/...` before `/object/{bucket}/...`).
 */
const route: Route = (call, segments) => {
  const method = call.req.method ?? 'GET'
  const [head, second, ...rest] = segments
  const read = method === 'GET' || method === 'HEAD'
  if (head === 'render') {
    const [kind, ...path] = rest
    if (second !== 'image' || !read) return undefined
    if (kind === 'public') return renderPublic(call, ...target(path))
    if (kind === 'authenticated') return renderAuthenticated(call, ...target(path))
    if (kind === 'sign') return readSignedRender(call, ...target(path))
    return undefined
  }
  if (head === 'bucket') {
    if (second === undefined) {
      if (method === 'GET') return listBuckets(call)
      if (method === 'POST') return createBucket(call)
      return undefined
    }
    if (rest[0] === 'empty' && rest.length === 1 && method === 'POST') return emptyBucket(call, second)
    if (rest.length > 0) return undefined
    if (method === 'GET') return getBucket(call, second)
    if (method === 'PUT') return updateBucket(call, second)
    if (method === 'DELETE') return deleteBucket(call, second)
    return undefined
  }
  if (head !== 'object' || second === undefined) return undefined
  if (second === 'list' && method === 'POST') return list(call, target(rest)[0])
  if (second === 'list-v2' && method === 'POST') return listV2(call, target(rest)[0])
  if (second === 'move' && method === 'POST' && rest.length === 0) return move(call)
  if (second === 'copy' && method === 'POST' && rest.length === 0) return copy(call)
  if (second === 'sign') {
    if (method === 'POST' && rest.length === 1) return createSignedUrls(call, target(rest)[0])
    if (method === 'POST') return createSignedUrl(call, ...target(rest))
    if (read) return readSignedUrl(call, ...target(rest))
    return undefined
  }
  if (second === 'upload' && rest[0] === 'sign') {
    if (method === 'POST') return createSignedUploadUrl(call, ...target(rest.slice(1)))
    if (method === 'PUT') return uploadToSignedUrl(call, ...target(rest.slice(1)))
    return undefined
  }
  if (second === 'public' && read) return downloadPublic(call, ...target(rest))
  if (second === 'authenticated' && read) return download(call, ...target(rest))
  if (second === 'info' && method === 'GET') {
    if (rest[0] === 'public') return info(call, ...target(rest.slice(1)), true)
    if (rest[0] === 'authenticated') return info(call, ...target(rest.slice(1)), false)
    return info(call, ...target(rest), false)
  }
  const [bucket, name] = target([second, ...rest])
  if (read) return download(call, bucket, name)
  if (method === 'POST') return upload(call, bucket, name, call.req.headers['x-upsert'] === 'true')
  if (method === 'PUT') return upload(call, bucket, name, true)
  if (method === 'DELETE') return name ? removeOne(call, bucket, name) : removeMany(call, bucket)
  return undefined
}

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter((segment, index) => index > 0 || segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        throw errors.invalidKey(segment)
      }
    })
}

export const createStorageService: ServiceFactory = (context) => {
  const files = new ObjectFiles(join(context.stateDir, 'storage'))
  return {
    isPublic(method, path) {
      if ((method === 'GET' || method === 'HEAD') && (path.startsWith('/render/image/public/') || path.startsWith('/render/image/sign/')))
        return true
      if ((method === 'GET' || method === 'HEAD') && (path.startsWith('/object/public/') || path.startsWith('/object/sign/'))) return true
      return method === 'PUT' && path.startsWith('/object/upload/sign/')
    },
    async handle(req, res, path, url) {
      const call = createCall(context, files, req, res, url)
      try {
        const handled = route(call, segmentsOf(path))
        if (!handled) {
          sendStorageError(res, new StorageError('InvalidRequest', 404, `Route ${req.method} ${url.pathname} not found`, 'Not Found'))
          return
        }
        await handled
      } catch (caught) {
        const error =
          caught instanceof StorageError
            ? caught
            : new StorageError('InternalError', 500, (caught as Error).message, 'internal', { cause: caught })
        if (res.headersSent) res.destroy(error)
        else sendStorageError(res, error)
      }
    }
  }
}
