import type { PgType, Schema } from './introspect.ts'

const NUMBER = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric'])
const STRING = new Set([
  'bytea',
  'bpchar',
  'varchar',
  'date',
  'text',
  'citext',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'uuid',
  'vector',
  'interval'
])

/**
 * The TypeScript type of a PostgreSQL type, as PostgREST serializes it to JSON: numbers and
 * booleans as such, everything textual (dates, uuids) as strings, json as `Json`, the
 * schema's own enums, row types and composite types by reference into `Database`.
 */
export function tsType(schema: Schema, oid: number): string {
  const type = schema.types.get(oid)
  if (!type) return 'unknown'
  if (type.kind === 'd') return tsType(schema, type.base)
  if (type.element) {
    const element = tsType(schema, type.element)
    return /^[\w.[\]']+$/.test(element) ? `${element}[]` : `(${element})[]`
  }
  if (type.schema === 'pg_catalog' || type.kind === 'b') return baseType(type)
  if (type.kind === 'e') return enumType(schema, type)
  if (type.kind === 'c') return rowType(schema, type)
  return 'unknown'
}

function baseType(type: PgType): string {
  if (type.name === 'bool') return 'boolean'
  if (NUMBER.has(type.name)) return 'number'
  if (STRING.has(type.name)) return 'string'
  if (type.name === 'json' || type.name === 'jsonb') return 'Json'
  if (type.name === 'void') return 'undefined'
  if (type.name === 'record') return 'Record<string, unknown>'
  return 'unknown'
}

function enumType(schema: Schema, type: PgType): string {
  if (type.schema === schema.name) return `Database[${quote(schema.name)}]['Enums'][${quote(type.name)}]`
  return 'string'
}

function rowType(schema: Schema, type: PgType): string {
  if (type.schema !== schema.name) return 'unknown'
  const at = `Database[${quote(schema.name)}]`
  if (schema.tables.some((table) => table.oid === type.relation)) return `${at}['Tables'][${quote(type.name)}]['Row']`
  if (schema.views.some((view) => view.oid === type.relation)) return `${at}['Views'][${quote(type.name)}]['Row']`
  if (schema.compositeTypes.some((composite) => composite.name === type.name)) return `${at}['CompositeTypes'][${quote(type.name)}]`
  return 'unknown'
}

/** `T | null`, except for unknown, which already admits null. */
export function orNull(type: string, nullable: boolean): string {
  return nullable && type !== 'unknown' ? `${type} | null` : type
}

/** A TypeScript string literal. */
export function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

/** A property name, quoted only when it is not an identifier. */
export function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name)
}

/** A property access: `.name`, or `['name']` when it is not an identifier. */
export function member(name: string): string {
  const property = key(name)
  return property === name ? `.${name}` : `[${property}]`
}
