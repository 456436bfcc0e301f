import type pg from 'pg'

/** A type as pg_type knows it; columns, arguments and results point at these by oid. */
export interface PgType {
  oid: number
  schema: string
  name: string
  /** pg_type.typtype: b base, c composite, d domain, e enum, p pseudo, r range, m multirange. */
  kind: string
  /** The element type of an array type, else 0. */
  element: number
  /** The base type of a domain, else 0. */
  base: number
  /** The relation a composite type describes (a table's row type), else 0. */
  relation: number
}

export interface Column {
  name: string
  type: number
  nullable: boolean
  /** A default, a serial or a generated value: the column may be left out of an insert. */
  hasDefault: boolean
  /** GENERATED ALWAYS AS IDENTITY: the column must be left out of writes. */
  alwaysIdentity: boolean
  /** For views: whether writes through the view reach this column. */
  updatable: boolean
}

export interface Relationship {
  foreignKeyName: string
  columns: string[]
  isOneToOne: boolean
  referencedRelation: string
  referencedColumns: string[]
}

export interface Relation {
  oid: number
  name: string
  /** Views only: PostgreSQL can insert into and update it. */
  updatable: boolean
  columns: Column[]
  relationships: Relationship[]
}

export interface Argument {
  name: string
  type: number
  /** i in, o out, b inout, v variadic, t a column of RETURNS TABLE. */
  mode: string
  hasDefault: boolean
}

export interface Func {
  name: string
  /** Sorts overloads, as the identity arguments tell them apart. */
  signature: string
  args: Argument[]
  returnType: number
  returnsSet: boolean
  /** The planner's row estimate for set-returning functions (ROWS), else null. */
  rows: number | null
}

export interface Schema {
  name: string
  tables: Relation[]
  views: Relation[]
  functions: Func[]
  enums: { name: string; values: string[] }[]
  compositeTypes: { name: string; attributes: { name: string; type: number }[] }[]
  types: Map<number, PgType>
}

/** Roles the Data API runs requests as: what neither can reach is not part of the API. */
const API_ROLES = `array['anon', 'authenticated']`

/**
 * Reads what the Data API exposes in `schema` from pg_catalog: tables, views and functions
 * that `anon` or `authenticated` may use, and every enum and composite type. Results are
 * sorted by name so the same schema always renders the same file.
 */
export async function introspect(client: pg.ClientBase, schema = 'public'): Promise<Schema> {
  const types = await readTypes(client)
  const relations = await readRelations(client, schema)
  const columns = await readColumns(
    client,
    relations.map((relation) => relation.oid)
  )
  for (const relation of relations) relation.columns = columns.get(relation.oid) ?? []
  const exposed = new Map(relations.map((relation) => [relation.oid, relation]))
  for (const relationship of await readRelationships(client, schema)) {
    const from = exposed.get(relationship.from)
    if (from && exposed.has(relationship.to)) from.relationships.push(relationship.relationship)
  }
  return {
    name: schema,
    tables: relations.filter((relation) => relation.kind === 'table'),
    views: relations.filter((relation) => relation.kind === 'view'),
    functions: await readFunctions(client, schema),
    enums: await readEnums(client, schema),
    compositeTypes: await readCompositeTypes(client, schema),
    types
  }
}

async function readTypes(client: pg.ClientBase): Promise<Map<number, PgType>> {
  const { rows } = await client.query<PgType>(`
    select t.oid::int as oid, n.nspname as schema, t.typname as name, t.typtype as kind,
      case when t.typlen = -1 then t.typelem::int else 0 end as element,
      t.typbasetype::int as base, t.typrelid::int as relation
    from pg_type t join pg_namespace n on n.oid = t.typnamespace`)
  return new Map(rows.map((row) => [row.oid, row]))
}

async function readRelations(client: pg.ClientBase, schema: string): Promise<(Relation & { kind: 'table' | 'view' })[]> {
  const { rows } = await client.query<{ oid: number; name: string; kind: 'table' | 'view'; updatable: boolean }>(
    `select c.oid::int as oid, c.relname as name,
       case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind,
       -- 20 = insertable (8) + updatable (4): the test information_schema.views uses.
       c.relkind = 'v' and (pg_relation_is_updatable(c.oid, false) & 20) = 20 as updatable
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p', 'f', 'v', 'm') and not c.relispartition
       and exists (
         select from unnest(${API_ROLES}) as role
         where has_table_privilege(role, c.oid, 'select, insert, update, delete')
       )
     order by c.relname collate "C"`,
    [schema]
  )
  return rows.map((row) => ({ ...row, columns: [], relationships: [] }))
}

async function readColumns(client: pg.ClientBase, relations: number[]): Promise<Map<number, Column[]>> {
  const { rows } = await client.query<Column & { relation: number }>(
    `select a.attrelid::int as relation, a.attname::text as name, a.atttypid::int as type,
       not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)) as nullable,
       a.atthasdef or a.attidentity <> '' as "hasDefault",
       a.attidentity = 'a' as "alwaysIdentity",
       c.relkind in ('r', 'p') or pg_column_is_updatable(c.oid, a.attnum, false) as updatable
     from pg_attribute a
     join pg_class c on c.oid = a.attrelid
     join pg_type t on t.oid = a.atttypid
     where a.attrelid = any($1::oid[]) and a.attnum > 0 and not a.attisdropped
     order by a.attname collate "C"`,
    [relations]
  )
  const byRelation = new Map<number, Column[]>()
  for (const { relation, ...column } of rows) {
    byRelation.set(relation, [...(byRelation.get(relation) ?? []), column])
  }
  return byRelation
}

/**
 * Foreign keys between tables of the schema. A key is one-to-one when its columns are also
 * the table's primary key or a unique key, the rule PostgREST uses to embed a single row.
 */
async function readRelationships(
  client: pg.ClientBase,
  schema: string
): Promise<{ from: number; to: number; relationship: Relationship }[]> {
  const { rows } = await client.query<Relationship & { from: number; to: number }>(
    `select fk.conrelid::int as "from", fk.confrelid::int as "to", fk.conname as "foreignKeyName",
       target.relname as "referencedRelation", keys.columns, keys."referencedColumns",
       exists (
         select from pg_constraint unique_key
         where unique_key.conrelid = fk.conrelid and unique_key.contype in ('p', 'u')
           and (select array_agg(a.attname::text order by a.attnum) from unnest(unique_key.conkey) as k(attnum)
                join pg_attribute a on a.attrelid = unique_key.conrelid and a.attnum = k.attnum) = keys.columns
       ) as "isOneToOne"
     from pg_constraint fk
     join pg_class target on target.oid = fk.confrelid
     join lateral (
       select array_agg(source_column.attname::text order by k.position) as columns,
              array_agg(target_column.attname::text order by k.position) as "referencedColumns"
       from unnest(fk.conkey, fk.confkey) with ordinality as k(source, target, position)
       join pg_attribute source_column on source_column.attrelid = fk.conrelid and source_column.attnum = k.source
       join pg_attribute target_column on target_column.attrelid = fk.confrelid and target_column.attnum = k.target
     ) keys on true
     where fk.contype = 'f' and fk.conparentid = 0
       and fk.connamespace = $1::regnamespace and target.relnamespace = $1::regnamespace
     order by fk.conname collate "C", target.relname collate "C", keys."referencedColumns"::text collate "C"`,
    [schema]
  )
  return rows.map(({ from, to, ...relationship }) => ({ from, to, relationship }))
}

/**
 * Functions `anon` or `authenticated` may execute, except trigger functions, with their
 * arguments in declaration order (pg_proc keeps the defaults on the last input arguments).
 */
async function readFunctions(client: pg.ClientBase, schema: string): Promise<Func[]> {
  const { rows } = await client.query<{
    name: string
    signature: string
    returnType: number
    returnsSet: boolean
    rows: number | null
    defaults: number
    modes: string[] | null
    names: string[] | null
    argTypes: number[]
  }>(
    `select p.proname as name, pg_get_function_identity_arguments(p.oid) as signature,
       p.prorettype::int as "returnType", p.proretset as "returnsSet",
       case when p.proretset then nullif(p.prorows, 0)::int end as rows,
       p.pronargdefaults::int as defaults, p.proargmodes::text[] as modes, p.proargnames::text[] as names,
       coalesce(p.proallargtypes, p.proargtypes::oid[])::int[] as "argTypes"
     from pg_proc p
     where p.pronamespace = $1::regnamespace and p.prokind = 'f'
       and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
       and exists (select from unnest(${API_ROLES}) as role where has_function_privilege(role, p.oid, 'execute'))
     order by p.proname collate "C", pg_get_function_identity_arguments(p.oid) collate "C"`,
    [schema]
  )
  return rows.map(({ defaults, modes, names, argTypes, ...func }) => {
    const args = argTypes.map((type, index) => ({ name: names?.[index] ?? '', type, mode: modes?.[index] ?? 'i', hasDefault: false }))
    const inputs = args.filter((arg) => arg.mode === 'i' || arg.mode === 'b' || arg.mode === 'v')
    for (const arg of inputs.slice(inputs.length - defaults)) arg.hasDefault = true
    return { ...func, args }
  })
}

async function readEnums(client: pg.ClientBase, schema: string): Promise<Schema['enums']> {
  const { rows } = await client.query<{ name: string; values: string[] }>(
    `select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as values
     from pg_type t join pg_enum e on e.enumtypid = t.oid
     where t.typnamespace = $1::regnamespace
     group by t.typname
     order by t.typname collate "C"`,
    [schema]
  )
  return rows
}

/** Composite types created with CREATE TYPE … AS (…), not the row types tables carry. */
async function readCompositeTypes(client: pg.ClientBase, schema: string): Promise<Schema['compositeTypes']> {
  const { rows } = await client.query<{ name: string; attributes: { name: string; type: number }[] }>(
    `select t.typname as name,
       json_agg(json_build_object('name', a.attname, 'type', a.atttypid::int) order by a.attnum) as attributes
     from pg_type t
     join pg_class c on c.oid = t.typrelid and c.relkind = 'c'
     join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where t.typnamespace = $1::regnamespace and t.typtype = 'c'
     group by t.typname
     order by t.typname collate "C"`,
    [schema]
  )
  return rows
}
