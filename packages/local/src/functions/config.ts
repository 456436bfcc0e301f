import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface FunctionSettings {
  /** Supabase's default: the Authorization bearer must be a valid project JWT. */
  verifyJwt: boolean
}

/**
 * Reads `[functions.NAME] verify_jwt = false` from supabase/config.toml. Only that key is
 * needed, so a line reader does instead of a TOML library: section headers, `key = value`
 * pairs, comments. Anything else in the file is ignored.
 */
export function readFunctionSettings(supabaseDir: string, name: string): FunctionSettings {
  let text: string
  try {
    text = readFileSync(join(supabaseDir, 'config.toml'), 'utf8')
  } catch {
    return { verifyJwt: true }
  }
  let section = ''
  let verifyJwt = true
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+#.*$/, '').trim()
    if (!line || line.startsWith('#')) continue
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line)
    if (header) {
      section = (header[1] ?? '').replace(/"/g, '')
      continue
    }
    const pair = /^([A-Za-z0-9_]+)\s*=\s*(true|false)$/.exec(line)
    if (pair && section === `functions.${name}` && pair[1] === 'verify_jwt') verifyJwt = pair[2] === 'true'
  }
  return { verifyJwt }
}
