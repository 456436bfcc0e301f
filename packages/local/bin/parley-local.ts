#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { LocalStackError, startLocalStack } from '../src/index.ts'

const USAGE = `Usage: parley-local start [options]

A Supabase-compatible stack on this machine: PostgreSQL, REST, Auth, Realtime, Storage, Functions.

Options:
  --port <n>       HTTP port (env PARLEY_PORT, default 54321)
  --host <addr>    HTTP host (default 127.0.0.1); any other address needs PARLEY_JWT_SECRET
  --db-port <n>    embedded PostgreSQL port (env PARLEY_DB_PORT, default 54322)
  --data-dir <d>   state directory (default ./.parley)
  --no-seed        do not load supabase/seed.sql into a new database
  --reset          start from an empty database
  Env DATABASE_URL uses your own PostgreSQL instead of the embedded one.
  Env PARLEY_JWT_SECRET signs every key and token (at least 32 characters); without it the
  public demo secret is used, which is refused on any address but loopback.`

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'db-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'no-seed': { type: 'boolean' },
    reset: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  }
})

if (values.help || (positionals[0] ?? 'start') !== 'start') {
  console.log(USAGE)
  process.exit(values.help ? 0 : 2)
}

const started = performance.now()
try {
  const stack = await startLocalStack({
    port: Number(values.port ?? process.env.PARLEY_PORT ?? 54321),
    host: values.host,
    dbPort: Number(values['db-port'] ?? process.env.PARLEY_DB_PORT ?? 54322),
    stateDir: values['data-dir'],
    databaseUrl: process.env.DATABASE_URL,
    jwtSecret: process.env.PARLEY_JWT_SECRET || undefined,
    seed: !values['no-seed'],
    reset: values.reset
  })
  // Before the banner: whoever reads it may send Ctrl-C at once.
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await stack.stop()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  console.log(`Parley local stack ready in ${Math.round(performance.now() - started)} ms

  API URL:          ${stack.url}
  DB URL:           ${stack.databaseUrl}
  anon key:         ${stack.anonKey}
  service_role key: ${stack.serviceRoleKey}
  JWT secret:       ${stack.jwtSecret}
${stack.migrations.length ? `  migrations applied: ${stack.migrations.join(', ')}\n` : ''}
Press Ctrl-C to stop.`)
} catch (error) {
  if (error instanceof LocalStackError) {
    console.error(`parley-local: ${error.code}: ${error.message}`)
    process.exit(1)
  }
  throw error
}
