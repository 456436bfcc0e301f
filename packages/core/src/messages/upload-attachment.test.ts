import { describe, expect, it } from 'vitest'
import { CUSTOMER, fakeContext } from '../../test/fake-context.ts'
import { getAttachmentUrl, uploadAttachment } from './upload-attachment.ts'

const conversation_id = '66666666-6666-4666-8666-666666666601'
const client_id = '77777777-7777-4777-8777-777777777777'

function setUp(uploadError: unknown) {
  const server = fakeContext(CUSTOMER)
  const uploads: Array<{ path: string; options: unknown }> = []
  const signed: Array<{ path: string; expiresIn: number }> = []
  Object.assign(server.context, {
    supabase: () => ({
      storage: {
        from: (bucket: string) => ({
          upload: async (path: string, _file: Blob, options: unknown) => (
            uploads.push({ path: `${bucket}/${path}`, options }), { data: uploadError ? null : { path }, error: uploadError }
          ),
          createSignedUrl: async (path: string, expiresIn: number) => (
            signed.push({ path, expiresIn }), { data: { signedUrl: `https://signed/${path}` }, error: null }
          )
        })
      }
    })
  })
  return { context: server.context, uploads, signed }
}

describe('uploadAttachment', () => {
  it('uploads to <org>/<conversation>/<client_id>/<name> in chat-attachments and reports progress ends', async () => {
    const { context, uploads } = setUp(null)
    const progress: number[] = []
    const attachment = await uploadAttachment(
      context,
      { conversation_id, client_id, file: new File(['%PDF-1.4'], 'devis.pdf', { type: 'application/pdf' }), name: 'Devis final.pdf' },
      'org'
    )
    expect(attachment).toEqual({
      path: `org/${conversation_id}/${client_id}/Devis final.pdf`,
      name: 'Devis final.pdf',
      size: 8,
      mime_type: 'application/pdf'
    })
    expect(uploads).toEqual([
      {
        path: `chat-attachments/org/${conversation_id}/${client_id}/Devis final.pdf`,
        options: { contentType: 'application/pdf', upsert: false }
      }
    ])
    await uploadAttachment(
      context,
      { conversation_id, client_id, file: new File(['x'], 'a.txt', { type: 'text/plain' }), onProgress: (f) => progress.push(f) },
      'org'
    )
    expect(progress).toEqual([0, 1])
  })

  it('treats an object already there (a retry with the same client id) as uploaded', async () => {
    const { context } = setUp({ name: 'StorageApiError', message: 'The resource already exists', status: 409 })
    await expect(
      uploadAttachment(context, { conversation_id, client_id, file: new File(['x'], 'a.txt', { type: 'text/plain' }) }, 'org')
    ).resolves.toMatchObject({ name: 'a.txt' })
  })

  it('passes other storage errors on, typed', async () => {
    const { context } = setUp({ name: 'StorageApiError', message: 'new row violates row-level security policy', status: 403 })
    await expect(
      uploadAttachment(context, { conversation_id, client_id, file: new File(['x'], 'a.txt', { type: 'text/plain' }) }, 'org')
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED', status: 403 })
  })

  it("reports the unsent-upload limit as RATE_LIMITED, with the server's words", async () => {
    const message = 'Too many attachments waiting to be sent: at most 10 in an hour; send them or wait before uploading more'
    const { context } = setUp({ name: 'StorageApiError', message, status: 400, statusCode: '403' })
    await expect(
      uploadAttachment(context, { conversation_id, client_id, file: new File(['x'], 'a.txt', { type: 'text/plain' }) }, 'org')
    ).rejects.toMatchObject({ code: 'RATE_LIMITED', message })
  })

  // Was a bug: URLs were signed for an hour by default and for any lifetime asked, and a
  // signed URL keeps serving the file after its signer loses access.
  it('signs attachment URLs for ten minutes by default, and for at most an hour', async () => {
    const { context, signed } = setUp(null)
    expect(await getAttachmentUrl(context, { path: 'o/c/k/a.txt', name: 'a.txt', size: 1, mime_type: 'text/plain' })).toBe(
      'https://signed/o/c/k/a.txt'
    )
    await getAttachmentUrl(context, 'o/c/k/b.txt', 60)
    expect(signed).toEqual([
      { path: 'o/c/k/a.txt', expiresIn: 600 },
      { path: 'o/c/k/b.txt', expiresIn: 60 }
    ])
    for (const lifetime of [0, 3601, 10 * 365 * 86400, 1.5]) {
      await expect(getAttachmentUrl(context, 'o/c/k/a.txt', lifetime)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    }
    expect(signed).toHaveLength(2)
  })
})
