import { randomUUID } from 'node:crypto'
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** One e-mail as the local mailbox keeps it. */
export interface MailMessage {
  id: string
  from: string
  to: string[]
  subject: string
  text: string
  html: string
  headers: Record<string, string>
  receivedAt: string
}

const KEEP = 1000

/**
 * Captured e-mails in memory, mirrored to a JSON-lines file so they survive a restart of the
 * stack. The newest KEEP are kept.
 */
export class MailStore {
  private messages: MailMessage[] = []
  private readonly file: string

  constructor(file: string) {
    this.file = file
    try {
      this.messages = readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as MailMessage)
        .slice(-KEEP)
    } catch {
      this.messages = []
    }
  }

  add(message: Omit<MailMessage, 'id' | 'receivedAt'>): MailMessage {
    const stored: MailMessage = { ...message, id: randomUUID(), receivedAt: new Date().toISOString() }
    this.messages.push(stored)
    if (this.messages.length > KEEP) {
      this.messages = this.messages.slice(-KEEP)
      this.rewrite()
    } else {
      mkdirSync(dirname(this.file), { recursive: true })
      appendFileSync(this.file, `${JSON.stringify(stored)}\n`)
    }
    return stored
  }

  /** Newest first; `to` filters by recipient, case-insensitively. */
  list(to?: string): MailMessage[] {
    const wanted = to?.toLowerCase()
    return this.messages.filter((m) => !wanted || m.to.some((t) => t.toLowerCase() === wanted)).reverse()
  }

  get(id: string): MailMessage | undefined {
    return this.messages.find((m) => m.id === id)
  }

  remove(id?: string): number {
    const before = this.messages.length
    this.messages = id ? this.messages.filter((m) => m.id !== id) : []
    this.rewrite()
    return before - this.messages.length
  }

  private rewrite(): void {
    mkdirSync(dirname(this.file), { recursive: true })
    writeFileSync(this.file, this.messages.map((m) => `${JSON.stringify(m)}\n`).join(''))
  }
}
