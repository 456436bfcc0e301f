// @vitest-environment node
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../local/test/db.ts'
import { GENERATED_FILES, generateTypes } from '../../../scripts/typegen/generate.ts'

const root = resolve(import.meta.dirname, '../../..')

describe('generated schema types', () => {
  let database: TestDatabase
  let generated: Record<(typeof GENERATED_FILES)[number], string>

  beforeAll(async () => {
    database = await createTestDatabase()
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    try {
      generated = await generateTypes(client)
    } finally {
      await client.end()
    }
  })
  afterAll(() => database?.drop())

  it.each(GENERATED_FILES)('%s matches supabase/migrations', (path) => {
    const committed = readFileSync(resolve(root, path), 'utf8').split('\n')
    const fresh = generated[path].split('\n')
    const line = fresh.findIndex((text, index) => text !== committed[index])
    const at = line === -1 ? committed.length : line
    const drift = `${path}:${at + 1} is out of date with supabase/migrations (expected ${JSON.stringify(fresh[at])}, found ${JSON.stringify(committed[at])}): run npm run gen:types`
    expect(committed.length === fresh.length && line === -1, drift).toBe(true)
  })
})
