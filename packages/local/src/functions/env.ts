import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ServiceContext } from '../http/service.ts'
import { localMailEnv } from '../mail/env.ts'

/** KEY=VALUE lines as `supabase secrets set --env-file` reads them: comments, `export`, quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (!line || line.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line)
    if (!match) continue
    let value = match[2] ?? ''
    const quote = value[0]
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1)
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"')
    } else {
      value = value.replace(/\s+#.*$/, '')
    }
    values[match[1] as string] = value
  }
  return values
}

export function envFiles(context: ServiceContext): string[] {
  return [join(context.supabaseDir, 'functions', '.env'), join(context.stateDir, 'env')]
}

function readEnvFile(path: string): Record<string, string> {
  try {
    return parseEnvFile(readFileSync(path, 'utf8'))
  } catch {
    return {}
  }
}

/**
 * What `Deno.env` holds inside a function: the process environment, then secrets from
 * supabase/functions/.env and .parley/env (later wins), then the variables Supabase
 * itself injects, which secrets cannot override (as on Supabase).
 */
export function functionEnv(context: ServiceContext): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value
  for (const file of envFiles(context)) Object.assign(env, readEnvFile(file))
  return {
    ...env,
    ...localMailEnv(context, env),
    SUPABASE_URL: context.url(),
    SUPABASE_ANON_KEY: context.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: context.serviceRoleKey,
    SUPABASE_DB_URL: context.databaseUrl
  }
}
