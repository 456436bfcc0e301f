// `npm run demo`: the local stack with the demo dealer seeded, plus the examples (dealer
// page with the widget, staff app, React page with the staff elements) served on localhost. `npm run demo` builds first.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { serveExamples } from '../examples/serve.ts'
import { startLocalStack } from '../packages/local/src/index.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '54321' },
    'db-port': { type: 'string', default: '54322' },
    'web-port': { type: 'string', default: '8080' },
    'state-dir': { type: 'string' },
    reset: { type: 'boolean', default: false }
  }
})

const root = new URL('..', import.meta.url).pathname
const stateDir = resolve(values['state-dir'] ?? join(root, '.parley'))
const vapidPublicKey = ensurePushKeys(join(stateDir, 'env'))
// Invitation e-mails link to the staff app served below (an env file's value still wins).
process.env.PARLEY_STAFF_URL ??= `http://127.0.0.1:${values['web-port']}/staff/`
const stack = await startLocalStack({
  root,
  port: Number(values.port),
  dbPort: Number(values['db-port']),
  stateDir,
  reset: values.reset
})
const web = await serveExamples({
  supabaseUrl: stack.url,
  supabaseAnonKey: stack.anonKey,
  vapidPublicKey,
  port: Number(values['web-port'])
})

/** The demo's push keys, made once with scripts/vapid-keys.ts so the push functions can sign and seal. */
function ensurePushKeys(envFile: string): string {
  const publicKey = () => (existsSync(envFile) ? /^VAPID_PUBLIC_KEY=(.+)$/m.exec(readFileSync(envFile, 'utf8'))?.[1] : undefined)
  if (!publicKey()) {
    execFileSync(process.execPath, [join(root, 'scripts/vapid-keys.ts'), '--write', envFile, '--subject', 'mailto:admin@lavoie.demo'], {
      stdio: 'ignore'
    })
  }
  return publicKey() ?? ''
}

// Before the banner: whoever reads it may send Ctrl-C at once.
const stop = async () => {
  await web.close()
  await stack.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

console.log(`Parley demo is running: ${web.url}/ lists its pages.

  Dealer page (customer widget): ${web.url}/dealer/
  Staff app:                     ${web.url}/staff/   (#/chat, #/notifications, #/replies; admins: #/analytics, #/team, #/settings)
  React page with staff elements: ${web.url}/react-admin/
  Supabase API:                  ${stack.url}
  Mailbox (every e-mail sent):   ${stack.url}/mail/
  anon key:                      ${stack.anonKey}

  Staff logins (password: parley-demo)
    admin@lavoie.demo   Nathalie Lavoie, admin
    julie@lavoie.demo   Julie Tremblay, agent
    marc@lavoie.demo    Marc Bouchard, agent

  Claim RC-2026-0042 as the customer (the link a dealer would e-mail):
    ${web.url}/dealer/claim.html#token=2b6030c4d067189f257c72342f7debdcdbb17883bc5d716f3bb5e5fbc54f0892

Press Ctrl-C to stop.`)
