import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { LocalStackError } from './errors.ts'

/** The login `supabase db push` uses on Supabase: it logs in as this role and runs SET SESSION ROLE postgres. */
export const CLI_LOGIN = { user: 'cli_login_postgres', password: 'postgres' }

/** The Supabase CLI's launcher in node_modules (the `supabase` package), or undefined when it is not installed. */
export function supabaseCli(): string | undefined {
  try {
    const launcher = join(dirname(createRequire(import.meta.url).resolve('supabase/package.json')), 'dist', 'supabase.js')
    return existsSync(launcher) ? launcher : undefined
  } catch {
    return undefined
  }
}

/** `databaseUrl` with the CLI's login and without TLS (the embedded server has none). */
export function cliDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl)
  url.username = CLI_LOGIN.user
  url.password = CLI_LOGIN.password
  url.searchParams.set('sslmode', 'disable')
  return url.toString()
}

export interface CliResult {
  code: number
  output: string
}

/** Runs the CLI in `projectDir` (the directory holding supabase/), without telemetry or prompts. */
export function runSupabaseCli(launcher: string, projectDir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [launcher, ...args, '--workdir', projectDir, '--yes'], {
    cwd: projectDir,
    env: { ...process.env, DO_NOT_TRACK: '1', SUPABASE_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((done, fail) => {
    child.once('error', fail)
    child.once('close', (code) => done({ code: code ?? 1, output }))
  })
}

/**
 * `supabase db push` as it deploys to a Supabase project: every pending migration, then the
 * seed when asked. Returns the migration files it applied; a failure names file and line.
 */
export async function pushWithCli(
  launcher: string,
  databaseUrl: string,
  supabaseDir: string,
  options: { seed: boolean }
): Promise<string[]> {
  const projectDir = dirname(resolve(supabaseDir))
  const args = ['db', 'push', '--db-url', cliDatabaseUrl(databaseUrl), '--include-all', ...(options.seed ? ['--include-seed'] : [])]
  // The CLI takes 127.0.0.1 on config.toml's db.port (54322 unless set, the local stack's
  // default too) for its own `supabase start` database and then skips SET SESSION ROLE
  // postgres: a db.port that is not this one keeps it deploying as it does to Supabase.
  const port = Number(new URL(databaseUrl).port || 5432)
  const env = { SUPABASE_DB_PORT: String(port === 1 ? 2 : 1) }
  const result = await runSupabaseCli(launcher, projectDir, args, env).catch((cause: unknown) => {
    throw new LocalStackError('MIGRATION_FAILED', `The Supabase CLI could not run (${(cause as Error).message}).`, { cause })
  })
  if (result.code !== 0) throw new LocalStackError('MIGRATION_FAILED', describeFailure(result.output, projectDir))
  return [...result.output.matchAll(/^Applying migration (\S+\.sql)\.\.\.$/gm)].map((match) => match[1] as string)
}

/**
 * "Migration failed at <file>:<line>: <message>" from the CLI's report, which names the file
 * it was applying, the error, and the failing statement with a caret under the error.
 */
export function describeFailure(output: string, projectDir: string): string {
  const lines = output.split('\n')
  const errorAt = lines.findIndex((line) => line.startsWith('ERROR: '))
  if (errorAt < 0) return `supabase db push failed:\n${output.trim()}`
  const message = (lines[errorAt] as string).slice('ERROR: '.length)
  let file: string | undefined
  let what = 'Migration'
  for (const line of lines.slice(0, errorAt)) {
    const applying = /^Applying migration (\S+\.sql)\.\.\.$/.exec(line)
    const seeding = /^Seeding data from (\S+)\.\.\.$/.exec(line)
    if (applying) [file, what] = [join(projectDir, 'supabase', 'migrations', applying[1] as string), 'Migration']
    if (seeding) [file, what] = [resolve(projectDir, seeding[1] as string), 'Seed']
  }
  if (!file) return `supabase db push failed: ${message}`
  return `${what} failed at ${file}${lineOf(lines.slice(errorAt + 1), file)}: ${message}`
}

/**
 * ":<line>" of the error in the statement the CLI printed, found in the file: the line above
 * the CLI's caret, or without one (no position) the statement's first line of SQL; "" when unsure.
 */
function lineOf(report: string[], file: string): string {
  const start = report.findIndex((line) => /^At statement: \d+$/.test(line))
  if (start < 0 || !existsSync(file)) return ''
  const end = report.findIndex((line, index) => index > start && (/^\s*\^\s*$/.test(line) || line.startsWith('Try rerunning the command')))
  const statement = report.slice(start + 1, end < 0 ? undefined : end)
  const text = readFileSync(file, 'utf8')
  const at = text.indexOf(statement.join('\n'))
  if (at < 0 || statement.length === 0) return ''
  const first = text.slice(0, at).split('\n').length
  const caret = end >= 0 && /^\s*\^\s*$/.test(report[end] as string)
  const offset = caret
    ? statement.length - 1
    : Math.max(
        0,
        statement.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('--'))
      )
  return `:${first + offset}`
}
