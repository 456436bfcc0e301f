import type pg from 'pg'
import { introspect } from './introspect.ts'
import { readLimits, renderLimits } from './limits.ts'
import { renderDatabase } from './render-database.ts'

/** The generated files, by path from the repository root. */
export const GENERATED_FILES = ['packages/core/src/types/database.ts', 'packages/core/src/types/limits.ts'] as const

/** Renders every generated file from a migrated database. */
export async function generateTypes(client: pg.ClientBase): Promise<Record<(typeof GENERATED_FILES)[number], string>> {
  const schema = await introspect(client)
  return {
    'packages/core/src/types/database.ts': renderDatabase(schema),
    'packages/core/src/types/limits.ts': renderLimits(await readLimits(client, schema))
  }
}
