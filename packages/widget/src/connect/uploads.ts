import { CHAT_ATTACHMENTS_FILE_SIZE_LIMIT, type ConversationStore, ParleyError } from '@parley/core'
import type { Locale } from '../loader/config.ts'
import type { UploadView } from '../ui/types.ts'
import type { WidgetState } from './state.ts'

export interface UploadDeps {
  get: () => WidgetState
  set: (change: Partial<WidgetState>) => void
  problem: (error: unknown) => string
}

/**
 * Sends each file with a chip showing its progress (and a preview for images), removed once
 * sent and kept with the reason if it fails. Fetched with the visitor's first attachment:
 * a returning visitor's first open does not carry it.
 */
export function sendFiles(store: ConversationStore, files: File[], deps: UploadDeps): void {
  for (const file of files) {
    const id = `${Date.now()}-${Math.random()}`
    kept.set(id, file)
    const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined
    deps.set({ uploads: [...deps.get().uploads, { id, name: file.name, progress: 0, previewUrl }] })
    send(store, id, file, deps)
  }
}

/** Sends a failed file again, from its chip's Retry. */
export function retryUpload(store: ConversationStore, id: string, deps: UploadDeps): void {
  const file = kept.get(id)
  if (file) send(store, id, file, deps)
}

// Travels with this chunk rather than in every first open's catalog.
const MAX_MB = CHAT_ATTACHMENTS_FILE_SIZE_LIMIT / 1048576
const REFUSED: Record<Locale, string> = {
  en: `: not sent (photo, PDF or text, up to ${MAX_MB} MB).`,
  'fr-CA': ` : non envoyé (photo, PDF ou texte, ${MAX_MB} Mo au plus).`
}

/** Files whose chip is still shown, for Retry. */
const kept = new Map<string, File>()

function send(store: ConversationStore, id: string, file: File, { get, set, problem }: UploadDeps): void {
  const update = (change: Partial<UploadView>) =>
    set({ uploads: get().uploads.map((upload) => (upload.id === id ? { ...upload, ...change } : upload)) })
  update({ progress: 0, error: undefined })
  store.sendFile(file, { name: file.name, onProgress: (progress) => update({ progress }) }).then(
    () => removeUpload(id, { get, set }),
    (error: unknown) => {
      // Core refused the file itself (size or type): said in the visitor's language, and
      // without Retry, which would fail again.
      const refused = error instanceof ParleyError && error.code === 'INVALID_INPUT'
      update(refused ? { error: `${file.name}${REFUSED[get().locale]}`, refused } : { error: problem(error) })
    }
  )
}

/** Drops a chip and frees its preview. */
export function removeUpload(id: string, { get, set }: Pick<UploadDeps, 'get' | 'set'>): void {
  const upload = get().uploads.find((candidate) => candidate.id === id)
  if (upload?.previewUrl) URL.revokeObjectURL(upload.previewUrl)
  kept.delete(id)
  set({ uploads: get().uploads.filter((candidate) => candidate.id !== id) })
}
