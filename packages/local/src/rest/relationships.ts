import { RestError } from './errors.ts'
import { key, type ForeignKey, type SchemaSnapshot, type Table } from './schema-cache.ts'

/** How an embedded relation joins its parent, found through a foreign key. */
export interface Relationship {
  /** many-to-one: the parent holds the key; one-to-many: the embedded table does. */
  kind: 'many-to-one' | 'one-to-many'
  fk: ForeignKey
  target: Table
  /** many-to-one, or one-to-many whose key columns are unique (one-to-one): an object, not an array. */
  toOne: boolean
}

const sameColumns = (a: string[], b: string[]): boolean => a.length === b.length && a.every((name) => b.includes(name))

function describe(source: Table, relation: Relationship): Record<string, string> {
  const { fk } = relation
  return {
    cardinality: relation.toOne && relation.kind === 'one-to-many' ? 'one-to-one' : relation.kind,
    embedding: `${source.name} with ${relation.target.name}`,
    relationship: `${fk.name} using ${fk.table.name}(${fk.columns.join(', ')}) and ${fk.target.name}(${fk.targetColumns.join(', ')})`
  }
}

/**
 * Finds the foreign key that embeds `name` under `source`, as PostgREST does: by table name,
 * by foreign-key column or constraint name, narrowed by a `!hint` (constraint or column).
 */
export function resolveRelationship(snapshot: SchemaSnapshot, source: Table, name: string, hint: string | undefined): Relationship {
  const candidates: Relationship[] = []
  const manyToOne = (fk: ForeignKey): Relationship => ({ kind: 'many-to-one', fk, target: fk.target, toOne: true })
  const oneToMany = (fk: ForeignKey): Relationship => ({
    kind: 'one-to-many',
    fk,
    target: fk.table,
    toOne: fk.table.uniques.some((unique) => sameColumns(unique, fk.columns))
  })
  const named = snapshot.tables.get(key(source.schema, name))
  if (named) {
    for (const fk of source.foreignKeys) if (fk.target === named) candidates.push(manyToOne(fk))
    for (const fk of source.referencedBy) if (fk.table === named && fk.table !== source) candidates.push(oneToMany(fk))
  } else {
    for (const fk of source.foreignKeys) {
      if (fk.name === name || (fk.columns.length === 1 && fk.columns[0] === name)) candidates.push(manyToOne(fk))
    }
    for (const fk of source.referencedBy) if (fk.name === name) candidates.push(oneToMany(fk))
  }
  const matching = hint === undefined
    ? candidates
    : candidates.filter(({ fk }) => fk.name === hint || fk.columns.includes(hint) || fk.targetColumns.includes(hint))
  if (matching.length === 1) return matching[0] as Relationship
  if (matching.length === 0) {
    throw new RestError(400, 'PGRST200', `Could not find a relationship between '${source.name}' and '${name}' in the schema cache`, {
      details: `Searched for a foreign key relationship between '${source.name}' and '${name}'${hint ? ` using the hint '${hint}'` : ''} in the schema '${source.schema}', but no matches were found.`,
      hint: named ? null : `Perhaps '${name}' is misspelled, or the foreign key is missing.`
    })
  }
  throw new RestError(300, 'PGRST201', `Could not embed because more than one relationship was found for '${source.name}' and '${name}'`, {
    details: JSON.stringify(matching.map((relation) => describe(source, relation))),
    hint: `Try changing '${name}' to one of the following: ${matching.map(({ fk }) => `'${name}!${fk.name}'`).join(', ')}. Find the desired relationship in the 'details' key.`
  })
}
