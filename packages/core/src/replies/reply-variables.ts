import { invalid } from '../errors/validate.ts'
import { REPLY_VARIABLES } from './reply-variable-names.ts'

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g
const KNOWN = /\{\{\s*[a-z.]+\s*\}\}/g

/**
 * Why a template text would be refused (an unknown variable, a stray `{{` or `}}`), or null;
 * the same rule the database applies, so a form can say so before saving.
 * @example `templateTextProblem('Bonjour {{customer.nom}}') // 'unknown variable {{customer.nom}}'`
 */
export function templateTextProblem(text: string): string | null {
  for (const match of text.matchAll(VARIABLE)) {
    if (!(REPLY_VARIABLES as readonly string[]).includes(match[1]!)) return `unknown variable {{${match[1]}}}`
  }
  if (/\{\{|\}\}/.test(text.replace(KNOWN, ''))) return 'a {{ or }} that is not part of a variable'
  return null
}

export function requireTemplateText(value: unknown, name: string, max: number): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw invalid(`${name} must be a string`)
  if (value.length > max) throw invalid(`${name} must be at most ${max} characters (got ${value.length})`)
  const problem = templateTextProblem(value)
  if (problem) throw invalid(`${name} has ${problem}; the variables are ${REPLY_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`)
  return value
}
