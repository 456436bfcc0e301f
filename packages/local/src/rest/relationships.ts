import { RestError } from './errors.ts'
import { type DbFunction, type ForeignKey, key, type SchemaSnapshot, type Table } from './schema-cache.ts'

/** How an embedded relation joins its parent, found through a foreign key. */
export interface KeyRelationship {
  /**
   * many-to-one: the parent holds the key; one-to-many: the embedded table does;
   * many-to-many: a junction table holds `fk` (towards the parent) and `junctionFk` (towards the target).
   */
  kind: 'many-to-one' | 'one-to-many' | 'many-to-many'
  fk: ForeignKey
  junctionFk?: ForeignKey
  target: Table
  /** many-to-one, or one-to-many whose key columns are unique (one-to-one): an object, not an array. */
  toOne: boolean
}

/** A computed relationship: `fn(parent_row)` returns the embedded rows. */
export interface ComputedRelationship {
  kind: 'computed'
  fn: DbFunction
  target: Table
  /** `returns t` or `returns setof t rows 1`: an object. */
  toOne: boolean
}

export type Relationship = KeyRelationship | ComputedRelationship

const sameColumns = (a: string[], b: string[]): boolean => a.length === b.length && a.every((name) => b.includes(name))

function describe(source: Table, relation: KeyRelationship): Record<string, string> {
  const { fk } = relation
  return {
    cardinality: relation.toOne && relation.kind === 'one-to-many' ? 'one-to-one' : relation.kind,
    embedding: `${source.name} with ${relation.target.name}`,
    relationship: relation.junctionFk
      ? `${fk.table.name} using ${fk.name}(${fk.columns.join(', ')}) and ${relation.junctionFk.name}(${relation.junctionFk.columns.join(', ')})`
      : relation.kind === 'one-to-many'
        ? `${fk.name} using ${fk.target.name}(${fk.targetColumns.join(', ')}) and ${fk.table.name}(${fk.columns.join(', ')})`
        : `${fk.name} using ${fk.table.name}(${fk.columns.join(', ')}) and ${fk.target.name}(${fk.targetColumns.join(', ')})`
  }
}

/**
 * Finds the foreign key that embeds `name` under `source`, as PostgREST does: by table name,
 * by foreign-key column or constraint name, narrowed by a `!hint` (constraint or column).
 */
export function resolveRelationship(snapshot: SchemaSnapshot, source: Table, name: string, hint: string | undefined): Relationship {
  // A function taking the parent's row and returning rows of a table or view wins over keys, as on PostgREST.
  const computed = source.computed.get(name)
  if (computed?.resultTable && hint === undefined) {
    return { kind: 'computed', fn: computed, target: computed.resultTable, toOne: !computed.returnsSet || computed.rows === 1 }
  }
  const candidates: KeyRelationship[] = []
  const manyToOne = (fk: ForeignKey): KeyRelationship => ({ kind: 'many-to-one', fk, target: fk.target, toOne: true })
  const oneToMany = (fk: ForeignKey): KeyRelationship => ({
    kind: 'one-to-many',
    fk,
    target: fk.table,
    toOne: fk.table.uniques.some((unique) => sameColumns(unique, fk.columns))
  })
  const named = snapshot.tables.get(key(source.schema, name))
  if (named) {
    // A self-referencing key embeds its children by the table's name (an array); the parent is
    // reached by the key's column or constraint name (`parent_id(*)`), as on PostgREST.
    for (const fk of source.foreignKeys) if (fk.target === named && fk.target !== source) candidates.push(manyToOne(fk))
    for (const fk of source.referencedBy) if (fk.table === named) candidates.push(oneToMany(fk))
  } else {
    // By column or constraint name, only real keys count: views repeat their tables' keys.
    for (const fk of source.foreignKeys) {
      if (!fk.viaView && (fk.name === name || (fk.columns.length === 1 && fk.columns[0] === name))) candidates.push(manyToOne(fk))
    }
    for (const fk of source.referencedBy) if (!fk.viaView && fk.name === name) candidates.push(oneToMany(fk))
  }
  if (named && candidates.length === 0) {
    // Many-to-many: a third table with a foreign key to each side.
    for (const fk of source.referencedBy) {
      if (fk.table === source || fk.table === named) continue
      if (fk.viaView) continue
      for (const junctionFk of fk.table.foreignKeys) {
        if (junctionFk.target === named && junctionFk !== fk && !junctionFk.viaView) {
          candidates.push({ kind: 'many-to-many', fk, junctionFk, target: named, toOne: false })
        }
      }
    }
  }
  const matching =
    hint === undefined
      ? candidates
      : candidates.filter(
          ({ fk, junctionFk }) =>
            // A self-reference's children are hinted by the key's column only, as on PostgREST.
            (fk.name === hint && fk.table !== fk.target) ||
            fk.columns.includes(hint) ||
            fk.targetColumns.includes(hint) ||
            (junctionFk !== undefined && (fk.table.name === hint || junctionFk.name === hint))
        )
  if (matching.length === 1) return matching[0] as KeyRelationship
  if (matching.length === 0) {
    throw new RestError(400, 'PGRST200', `Could not find a relationship between '${source.name}' and '${name}' in the schema cache`, {
      details: `Searched for a foreign key relationship between '${source.name}' and '${name}'${hint ? ` using the hint '${hint}'` : ''} in the schema '${source.schema}', but no matches were found.`
    })
  }
  throw new RestError(300, 'PGRST201', `Could not embed because more than one relationship was found for '${source.name}' and '${name}'`, {
    details: matching.map((relation) => describe(source, relation)),
    hint: `Try changing '${name}' to one of the following: ${matching
      .map(({ fk, junctionFk }) => `'${name}!${junctionFk ? fk.table.name : fk.name}'`)
      .join(', ')}. Find the desired relationship in the 'details' key.`
  })
}
