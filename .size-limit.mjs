import { readdirSync, readFileSync } from 'node:fs'

// Each package keeps its budgets in its own package.json ("size-limit"), as nanostores
// does; this gathers them so `size-limit` at the root checks them all.
export default readdirSync('packages').flatMap((name) => {
  const pkg = JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8'))
  return (pkg['size-limit'] ?? []).map((entry) => ({
    ...entry,
    path: [entry.path].flat().map((path) => `packages/${name}/${path}`)
  }))
})
