// `npm run demo`: the local stack with the demo dealer seeded, plus the examples (dealer
// page with the widget, staff console) served on localhost. `npm run demo` builds first.
import { parseArgs } from 'node:util'
import { startLocalStack } from '../packages/local/src/index.ts'
import { serveExamples } from '../examples/serve.ts'

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
const stack = await startLocalStack({
  root,
  port: Number(values.port),
  dbPort: Number(values['db-port']),
  stateDir: values['state-dir'],
  reset: values.reset
})
const web = await serveExamples({ supabaseUrl: stack.url, supabaseAnonKey: stack.anonKey, port: Number(values['web-port']) })

console.log(`Parley demo is running.

  Dealer page (customer widget): ${web.url}/dealer/
  Staff console:                 ${web.url}/staff/
  Supabase API:                  ${stack.url}
  anon key:                      ${stack.anonKey}

  Staff logins (password: parley-demo)
    admin@lavoie.demo   Nathalie Lavoie, admin
    julie@lavoie.demo   Julie Tremblay, agent
    marc@lavoie.demo    Marc Bouchard, agent

  Claim RC-2026-0042 as the customer (the link a dealer would e-mail):
    ${web.url}/dealer/claim.html#token=2b6030c4d067189f257c72342f7debdcdbb17883bc5d716f3bb5e5fbc54f0892

Press Ctrl-C to stop.`)

const stop = async () => {
  await web.close()
  await stack.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
