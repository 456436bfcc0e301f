// `npm run bench`: runs every bench/*.ts in name order, each in its own Node process so
// one benchmark's heap and sockets cannot skew the next. Pass names to run a subset.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

const dir = resolve(import.meta.dirname, '../bench')
const wanted = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((want) => name.includes(want)))
  .sort()

let failed = false
for (const name of files) {
  console.log(`\n# ${name}`)
  const run = spawnSync(process.execPath, ['--expose-gc', join(dir, name)], { stdio: 'inherit' })
  failed ||= run.status !== 0
}
process.exit(failed ? 1 : 0)
