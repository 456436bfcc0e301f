import { ParleyError, REPLY_VARIABLES } from '@parley/core'
import type { REPLY_TEMPLATES_TEXTS } from './i18n.ts'

type Key = keyof (typeof REPLY_TEMPLATES_TEXTS)['en']
type Translate = (key: Key, values?: Record<string, string | number>) => string

/**
 * A refused save or delete in the reader's words: the unknown variable and which text has it,
 * a stray brace, a malformed or duplicate shortcut, a missing text, someone else's reply.
 * Null when there is no sentence for it (the caller shows core's message).
 */
export function explainTemplateError(error: unknown, shortcut: string, t: Translate): string | null {
  if (!(error instanceof ParleyError)) return null
  const field = /\b(body_fr|body_en)\b/.exec(error.message)?.[1] as 'body_fr' | 'body_en' | undefined
  switch (error.code) {
    case 'CONFLICT':
      return t('replies.error.duplicate', { shortcut })
    case 'NOT_FOUND':
      return t('replies.error.notFound')
    case 'NOT_AUTHORIZED':
      return t('replies.error.notAuthorized')
    case 'INVALID_INPUT': {
      const variable = /unknown variable (\{\{[^}]*\}\})/.exec(error.message)?.[1]
      if (field && variable) {
        const list = REPLY_VARIABLES.map((name) => `{{${name}}}`).join(', ')
        return t('replies.error.variable', { field: t(`replies.field.${field}`), variable, list })
      }
      if (field && /\{\{ or \}\}/.test(error.message)) return t('replies.error.braces', { field: t(`replies.field.${field}`) })
      if (/^shortcut\b/.test(error.message)) return t('replies.error.shortcut')
      if (/French or an English text/.test(error.message)) return t('replies.error.empty')
      return null
    }
    default:
      return null
  }
}
