/**
 * Prints the secrets Parley's push functions need: a VAPID key pair (web-push's
 * generateVAPIDKeys), the subject, and PARLEY_PUSH_ENCRYPTION_KEY (the AES key that seals
 * subscriptions at rest) — as .parley/env lines for the local stack and as a
 * `supabase secrets set` command for a hosted project.
 *
 *   node scripts/vapid-keys.ts [--subject mailto:you@dealer.example] [--write .parley/env]
 *
 * --write appends the lines to that env file (created if missing) and refuses to replace
 * keys already there: changing VAPID keys orphans every browser subscription, and
 * changing the encryption key makes every stored subscription unreadable.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import webpush from 'web-push'
import { generateVaultKey } from '../supabase/functions/_shared/push/vault.ts'

const { values } = parseArgs({
  options: {
    subject: { type: 'string', default: 'mailto:admin@example.com' },
    write: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  }
})

if (values.help) {
  console.log('usage: node scripts/vapid-keys.ts [--subject mailto:you@dealer.example] [--write .parley/env]')
  process.exit(0)
}

const subject = values.subject ?? ''
if (!/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/.test(subject)) {
  console.error(`--subject must be a mailto: address or an https: URL (RFC 8292), got ${subject}`)
  process.exit(2)
}

const { publicKey, privateKey } = webpush.generateVAPIDKeys()
const secrets: Record<string, string> = {
  VAPID_PUBLIC_KEY: publicKey,
  VAPID_PRIVATE_KEY: privateKey,
  VAPID_SUBJECT: subject,
  PARLEY_PUSH_ENCRYPTION_KEY: generateVaultKey()
}
const envLines = Object.entries(secrets).map(([key, value]) => `${key}=${value}`)

if (values.write) {
  const path = resolve(values.write)
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const clash = Object.keys(secrets).filter((key) => new RegExp(`^(export\\s+)?${key}\\s*=`, 'm').test(existing))
  if (clash.length) {
    console.error(
      `${values.write} already has ${clash.join(', ')}; remove them first if you really mean to rotate (existing subscriptions stop working).`
    )
    process.exit(1)
  }
  mkdirSync(dirname(path), { recursive: true })
  appendFileSync(
    path,
    `${existing && !existing.endsWith('\n') ? '\n' : ''}# Parley push (scripts/vapid-keys.ts)\n${envLines.join('\n')}\n`,
    { mode: 0o600 }
  )
  console.log(`Wrote ${Object.keys(secrets).join(', ')} to ${values.write}`)
}

console.log(`# .parley/env (local stack) or supabase/functions/.env
${envLines.join('\n')}

# Hosted project:
supabase secrets set ${envLines.map((line) => `'${line}'`).join(' ')}

# The browser needs only the public key (widget option / subscribeToPush):
#   vapidPublicKey: '${publicKey}'`)
