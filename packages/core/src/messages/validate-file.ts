import { invalid } from '../errors/validate.ts'

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`
}

/** Type and size checks before upload, with the same limits as the bucket. */
export function validateFile(file: unknown, maxBytes: number, allowedTypes: readonly string[]): Blob {
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) throw invalid('file must be a Blob or File')
  if (file.size === 0) throw invalid('The file is empty')
  if (file.size > maxBytes) throw invalid(`The file is ${megabytes(file.size)}; the limit is ${megabytes(maxBytes)}`)
  const type = file.type.split(';')[0]?.trim().toLowerCase() ?? ''
  if (!allowedTypes.includes(type)) {
    throw invalid(`Files of type ${type || 'unknown'} are not accepted (allowed: ${allowedTypes.join(', ')})`)
  }
  return file
}
