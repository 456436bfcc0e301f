import { randomUUID } from 'node:crypto'
import { copyFile, mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import { errors } from './errors.ts'

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it forbids.
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/

/**
 * Refuses object names that could leave the bucket's folder or that S3-style storage
 * would not round-trip: empty, `.` or `..` segments, backslashes and control characters.
 */
export function assertValidKey(name: string): void {
  if (!name || name.length > 1024 || FORBIDDEN.test(name) || name.startsWith('/')) throw errors.invalidKey(name)
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') throw errors.invalidKey(name)
  }
}

/** Object bytes on disk: `<root>/<bucket>/<object name>`. */
export class ObjectFiles {
  readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  bucketDir(bucket: string): string {
    assertValidKey(bucket)
    if (bucket.includes('/')) throw errors.invalidBucketName()
    return this.#inside(join(this.root, bucket))
  }

  pathOf(bucket: string, name: string): string {
    assertValidKey(name)
    return this.#inside(join(this.bucketDir(bucket), ...name.split('/')))
  }

  /** Writes beside the target first, so a reader never sees half a file. */
  async stage(bucket: string, name: string, data: Buffer): Promise<Staged> {
    const target = this.pathOf(bucket, name)
    await mkdir(dirname(target), { recursive: true })
    const temp = `${target}.${randomUUID()}.part`
    await writeFile(temp, data)
    return {
      commit: () => rename(temp, target),
      discard: async () => {
        await rm(temp, { force: true })
        await this.#prune(dirname(target), this.bucketDir(bucket))
      }
    }
  }

  async move(fromBucket: string, from: string, toBucket: string, to: string): Promise<void> {
    const source = this.pathOf(fromBucket, from)
    const target = this.pathOf(toBucket, to)
    await mkdir(dirname(target), { recursive: true })
    await rename(source, target)
    await this.#prune(dirname(source), this.bucketDir(fromBucket))
  }

  async copy(fromBucket: string, from: string, toBucket: string, to: string): Promise<void> {
    const target = this.pathOf(toBucket, to)
    await mkdir(dirname(target), { recursive: true })
    await copyFile(this.pathOf(fromBucket, from), target)
  }

  async remove(bucket: string, name: string): Promise<void> {
    const path = this.pathOf(bucket, name)
    await rm(path, { force: true })
    await this.#prune(dirname(path), this.bucketDir(bucket))
  }

  async removeBucket(bucket: string): Promise<void> {
    await rm(this.bucketDir(bucket), { recursive: true, force: true })
  }

  #inside(path: string): string {
    if (path !== this.root && !path.startsWith(this.root + sep)) throw errors.invalidKey(path)
    return path
  }

  /** Folders exist only through their objects, as in S3: drop the ones left empty. */
  async #prune(dir: string, stop: string): Promise<void> {
    while (dir.startsWith(stop + sep)) {
      try {
        await rmdir(dir)
      } catch {
        return
      }
      dir = dirname(dir)
    }
  }
}

export interface Staged {
  commit(): Promise<void>
  discard(): Promise<void>
}
