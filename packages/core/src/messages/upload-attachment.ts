import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import { invalid, requireUuid } from '../errors/validate.ts'
import type { Attachment, SendAttachmentInput, SendMessageInput, UploadAttachmentInput } from '../types/api.ts'
import { ATTACHMENT_BUCKET, attachmentPath, safeFileName } from './attachment-path.ts'
import { newClientId } from './new-client-id.ts'
import { validateFile } from './validate-file.ts'
import { xhrUpload } from './xhr-upload.ts'

/** Seconds a signed attachment URL lives by default, and at most. */
export const ATTACHMENT_URL_LIFETIME = 600
export const ATTACHMENT_URL_MAX_LIFETIME = 3600

/**
 * Where a client uploads, when it says: supabase-js keeps these as (protected) fields, the
 * widget's client as public ones. Without them the upload goes through storage-js, without
 * progress between start and end.
 */
function uploadEndpoint(client: object): { url: URL; key: string } | null {
  return 'storageUrl' in client && client.storageUrl instanceof URL && 'supabaseKey' in client && typeof client.supabaseKey === 'string'
    ? { url: client.storageUrl, key: client.supabaseKey }
    : null
}

async function organizationOf(context: Context, conversationId: string): Promise<string> {
  const session = await context.requireSession()
  const client = context.supabase()
  const row =
    session.kind === 'staff'
      ? await call(client.from('chat_conversations').select('organization_id').eq('id', conversationId).maybeSingle())
      : await call(client.from('customer_conversations').select('organization_id').eq('id', conversationId).maybeSingle())
  if (!row) throw new ParleyError('NOT_FOUND', `Conversation ${conversationId} does not exist or is not yours`)
  return row.organization_id
}

/**
 * Uploads a file to the conversation's folder of `chat-attachments` after checking type and
 * size. Reports progress through XMLHttpRequest where available, else at start and end.
 * Retrying with the same client_id is safe: an existing object counts as uploaded.
 */
export async function uploadAttachment(context: Context, input: UploadAttachmentInput, organizationId?: string): Promise<Attachment> {
  const conversationId = requireUuid(input.conversation_id, 'conversation_id')
  const file = validateFile(input.file, context.options.maxAttachmentBytes, context.options.allowedAttachmentTypes)
  const name = safeFileName(input.name ?? (file as Partial<File>).name ?? 'attachment')
  const clientId = input.client_id === undefined ? newClientId() : requireUuid(input.client_id, 'client_id')
  await context.requireSession()
  const path = attachmentPath(organizationId ?? (await organizationOf(context, conversationId)), conversationId, clientId, name)
  const attachment: Attachment = { path, name, size: file.size, mime_type: file.type.split(';')[0] ?? file.type }
  input.onProgress?.(0)
  const client = context.supabase()
  const endpoint = uploadEndpoint(client)
  try {
    if (input.onProgress && typeof XMLHttpRequest !== 'undefined' && endpoint) {
      const { data } = await client.auth.getSession()
      const token = data.session?.access_token ?? endpoint.key
      const url = `${endpoint.url.href}/object/${ATTACHMENT_BUCKET}/${path.split('/').map(encodeURIComponent).join('/')}`
      await xhrUpload(
        url,
        { apikey: endpoint.key, authorization: `Bearer ${token}`, 'x-upsert': 'false', 'content-type': attachment.mime_type },
        file,
        input.onProgress
      )
    } else {
      await call(client.storage.from(ATTACHMENT_BUCKET).upload(path, file, { contentType: attachment.mime_type, upsert: false }))
    }
  } catch (caught) {
    const error = toParleyError(caught)
    // The bucket's policy answers the unsent-upload limit with 403 AccessDenied in its own words.
    if (/^Too many attachments/.test(error.message)) throw new ParleyError('RATE_LIMITED', error.message, { cause: caught })
    if (error.code !== 'CONFLICT' && !/already exists|duplicate/i.test(error.message)) throw error
  }
  input.onProgress?.(1)
  return attachment
}

/**
 * Uploads a file and returns the send input of the message that carries it (an image or file
 * message under the upload's client id), for sendAttachment and a conversation's sendFile.
 */
export async function fileMessage(context: Context, input: SendAttachmentInput, organizationId?: string): Promise<SendMessageInput> {
  const client_id = input.client_id ?? newClientId()
  const attachment = await uploadAttachment(context, { ...input, client_id }, organizationId)
  return {
    conversation_id: input.conversation_id,
    client_id,
    content: input.content ?? '',
    attachments: [attachment],
    message_type: attachment.mime_type.startsWith('image/') ? 'image' : 'file',
    is_internal: input.is_internal
  }
}

/**
 * A short-lived URL to show or download an attachment (signed; the bucket is private). A
 * signed URL keeps working after its signer loses access, so it lives minutes, not days.
 */
export async function getAttachmentUrl(
  context: Context,
  attachment: Attachment | string,
  expiresInSeconds = ATTACHMENT_URL_LIFETIME
): Promise<string> {
  const path = typeof attachment === 'string' ? attachment : attachment.path
  if (typeof path !== 'string' || path.split('/').length !== 4) throw invalid(`Not an attachment path: ${JSON.stringify(path)}`)
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > ATTACHMENT_URL_MAX_LIFETIME) {
    throw invalid(`expiresInSeconds must be 1 to ${ATTACHMENT_URL_MAX_LIFETIME}`)
  }
  const data = await call(context.supabase().storage.from(ATTACHMENT_BUCKET).createSignedUrl(path, expiresInSeconds))
  return data.signedUrl
}
