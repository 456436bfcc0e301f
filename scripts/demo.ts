// `npm run demo`: the local stack with the demo dealer seeded.
import { startLocalStack } from '../packages/local/src/index.ts'

const stack = await startLocalStack({ root: new URL('..', import.meta.url).pathname })
console.log(`Parley demo is running.

  Supabase API: ${stack.url}
  anon key:     ${stack.anonKey}

Press Ctrl-C to stop.`)
const stop = async () => {
  await stack.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
