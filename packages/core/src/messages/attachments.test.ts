import { describe, expect, it } from 'vitest'
import { CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES } from '../types/limits.ts'
import { attachmentPath, safeFileName } from './attachment-path.ts'
import { validateFile } from './validate-file.ts'

describe('attachments', () => {
  it('builds <org>/<conversation>/<client_id>/<name> with a single-segment name', () => {
    expect(attachmentPath('o', 'c', 'k', 'photo.png')).toBe('o/c/k/photo.png')
    expect(safeFileName('C:\\Users\\ada\\scan.pdf')).toBe('scan.pdf')
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('..hidden')).toBe('hidden')
    expect(() => safeFileName('///')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })

  it('checks type and size before any upload', () => {
    const ok = new File(['hello'], 'a.txt', { type: 'text/plain' })
    expect(validateFile(ok, 10, CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES)).toBe(ok)
    expect(() => validateFile(new File([''], 'e.txt', { type: 'text/plain' }), 10, CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES)).toThrow(/empty/)
    expect(() =>
      validateFile(new File(['x'.repeat(11)], 'b.txt', { type: 'text/plain' }), 10, CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES)
    ).toThrow(/limit/)
    expect(() =>
      validateFile(new File(['x'], 'v.exe', { type: 'application/x-msdownload' }), 10, CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES)
    ).toThrow(/not accepted/)
    expect(() => validateFile(new File(['x'], 'noext', { type: '' }), 10, CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES)).toThrow(/unknown/)
    expect(() => validateFile('not a file', 10, CHAT_ATTACHMENTS_ALLOWED_MIME_TYPES)).toThrow(/Blob/)
  })
})
