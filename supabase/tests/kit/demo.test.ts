import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { DEMO } from './demo.ts'

it('names only ids, addresses and tokens the demo data really has', () => {
  const seed = readFileSync(resolve(import.meta.dirname, '../../seed.sql'), 'utf8')
  const { admin, julie, marc, ...rest } = DEMO
  const values = [...Object.values(rest), ...[admin, julie, marc].flatMap((person) => Object.values(person))]
  for (const value of values) expect(seed, value).toContain(value)
})
