import { ParleyError } from '../errors/parley-error.ts'
import { toParleyError } from '../errors/to-parley-error.ts'

/**
 * fetch cannot report upload progress; XMLHttpRequest can. Same request as storage-js
 * sends for a raw body: POST /object/<bucket>/<path> with x-upsert.
 */
export function xhrUpload(url: string, headers: Record<string, string>, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', url)
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value)
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total))
    }
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) return resolve()
      let body: unknown = { message: request.statusText || `HTTP ${request.status}` }
      try {
        body = JSON.parse(request.responseText)
      } catch {
        // Not JSON: keep the status text.
      }
      reject(toParleyError(body, { status: request.status }))
    }
    // A request cut mid-way by a lost network can stall for minutes before it errors: the
    // browser saying it went offline ends it now, so the caller can offer to send it again.
    const offline = () => request.abort()
    addEventListener('offline', offline)
    request.onloadend = () => removeEventListener('offline', offline)
    request.onerror = () => reject(new ParleyError('NETWORK', 'Upload failed: network error'))
    request.onabort = () => reject(new ParleyError('NETWORK', 'Upload interrupted: the network was lost'))
    request.ontimeout = () => reject(new ParleyError('NETWORK', 'Upload timed out'))
    request.send(file)
  })
}
