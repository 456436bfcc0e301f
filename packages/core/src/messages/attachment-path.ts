import { invalid } from '../errors/validate.ts'

export const ATTACHMENT_BUCKET = 'chat-attachments'

/** Keeps a file name a single path segment the storage policies can parse. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(-200)
  if (!cleaned) throw invalid(`Unusable file name ${JSON.stringify(name)}`)
  return cleaned
}

/** `<organization>/<conversation>/<client_id>/<name>`, as the bucket's policies expect. */
export function attachmentPath(organizationId: string, conversationId: string, clientId: string, name: string): string {
  return `${organizationId}/${conversationId}/${clientId}/${safeFileName(name)}`
}
