import pg from 'pg'

export interface Column {
  name: string
  /** format_type() of the column, e.g. "timestamp with time zone". */
  type: string
  nullable: boolean
  hasDefault: boolean
  generated: boolean
}

export interface ForeignKey {
  name: string
  /** Inferred through a view from a base table's key, as PostgREST does. */
  viaView?: boolean
  /** The referencing table and its columns. */
  table: Table
  columns: string[]
  /** The referenced table and its columns, in the same order. */
  target: Table
  targetColumns: string[]
}

export interface Table {
  schema: string
  name: string
  oid: number
  kind: 'table' | 'view'
  columns: Map<string, Column>
  primaryKey: string[]
  /** Column sets of primary keys and unique constraints, to tell one-to-one from one-to-many. */
  uniques: string[][]
  /** Foreign keys this table declares. */
  foreignKeys: ForeignKey[]
  /** Foreign keys other tables declare towards this one. */
  referencedBy: ForeignKey[]
  /**
   * Functions taking this relation's row type as their only argument: computed fields
   * (scalar results, used as columns) and computed relationships (table results, embedded).
   */
  computed: Map<string, DbFunction>
}

export interface FunctionArg {
  name: string
  type: string
  /** i (in), o (out), b (inout), v (variadic), t (table column) as in pg_proc.proargmodes. */
  mode: string
  /** A row or composite type: JSON objects are read into it with json_populate_record. */
  composite?: boolean
}

export interface DbFunction {
  schema: string
  name: string
  oid: number
  volatility: 'i' | 's' | 'v'
  returnsSet: boolean
  returnsVoid: boolean
  /** Columns of the returned rows for composite and TABLE results; undefined for scalars. */
  resultColumns: string[] | undefined
  /** The exposed table whose row type the function returns, for embedding from its results. */
  resultTable?: Table
  inputs: FunctionArg[]
  /** How many trailing inputs have defaults. */
  defaults: number
  /** `ROWS n` of a set-returning function: `ROWS 1` makes a computed relationship to-one. */
  rows: number
}

/**
 * PostgREST's settings that the database can change (`alter role authenticator set
 * pgrst.db_schemas = '…'` then `notify pgrst, 'reload config'`); `PGRST_*` environment
 * variables give the defaults, as on PostgREST.
 */
export interface RestConfig {
  /** db-schemas: the exposed schemas, the first being the default. */
  schemas: string[]
  /** db-aggregates-enabled: avg(), count(), max(), min(), sum() in select. */
  aggregates: boolean
  /** db-tx-end: whether `Prefer: tx=rollback` may end a request's transaction with a rollback. */
  txEnd: 'commit' | 'commit-allow-override' | 'rollback' | 'rollback-allow-override'
}

export interface SchemaSnapshot {
  config: RestConfig
  schemas: Set<string>
  tables: Map<string, Table>
  functions: Map<string, DbFunction[]>
  /** Type names a select may cast to (`col::text`), mapped to their quoted qualified name. */
  types: Map<string, string>
  /** Per-role timeouts from `alter role … set`, applied to each request as PostgREST does. */
  roleSettings: Map<string, Record<string, string>>
}

export const key = (schema: string, name: string): string => `${schema}\u0000${name}`

const RELATIONS_SQL = `
  select c.oid::int as oid, n.nspname as schema, c.relname as name, c.relkind as kind
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`

const FUNCTIONS_SQL = `
  select p.oid::int as oid, n.nspname as schema, p.proname as name, p.provolatile as volatility,
         p.proretset as "returnsSet", p.prorettype = 'void'::regtype as "returnsVoid", p.pronargdefaults as defaults,
         p.prorows::float8 as rows,
         case when rt.typtype = 'c' then rt.typrelid::int end as "resultRelation",
         coalesce((select json_agg(json_build_object('name', coalesce(p.proargnames[a.i], ''),
                                                     'type', format_type(a.t, null),
                                                     'mode', coalesce(p.proargmodes[a.i]::text, 'i'),
                                                     'composite', at.typtype = 'c',
                                                     'relation', nullif(at.typrelid, 0)::int) order by a.i)
                   from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(t, i)
                   join pg_type at on at.oid = a.t), '[]') as args
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type rt on rt.oid = p.prorettype
  where n.nspname = any($1) and p.prokind = 'f'`

const COLUMNS_SQL = `
  select a.attrelid::int as relation, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
         not a.attnotnull as nullable, a.atthasdef as "hasDefault", a.attgenerated <> '' as generated
  from pg_attribute a
  where a.attrelid = any($1::oid[]) and a.attnum > 0 and not a.attisdropped
  order by a.attrelid, a.attnum`

const CONSTRAINTS_SQL = `
  select c.conname as name, c.contype as type, c.conrelid::int as relation, c.confrelid::int as target,
         array(select a.attname from unnest(c.conkey) with ordinality k(n, i)
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i)::text[] as columns,
         array(select a.attname from unnest(c.confkey) with ordinality k(n, i)
               join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i)::text[] as "targetColumns"
  from pg_constraint c
  where c.contype in ('p', 'u', 'f') and c.conrelid = any($1::oid[])`

/** Base-table columns each view reads, from the view's rewrite rule dependencies. */
const VIEW_COLUMNS_SQL = `
  select distinct r.ev_class::int as view, d.refobjid::int as source, a.attname as column
  from pg_rewrite r
  join pg_depend d on d.objid = r.oid and d.classid = 'pg_rewrite'::regclass
                  and d.refclassid = 'pg_class'::regclass and d.refobjsubid > 0
  join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
  where r.ev_class = any($1::oid[]) and d.refobjid <> r.ev_class`

/** Role settings PostgREST applies to the impersonated role; only timeouts, which are transaction-safe. */
const ROLE_SETTINGS_SQL = `
  select r.rolname as role, split_part(c.setting, '=', 1) as name, substr(c.setting, strpos(c.setting, '=') + 1) as value
  from pg_db_role_setting s
  join pg_roles r on r.oid = s.setrole
  cross join unnest(s.setconfig) as c(setting)
  where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
    and split_part(c.setting, '=', 1) in ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout')
  order by s.setdatabase`

/** PostgREST's in-database configuration: `pgrst.*` settings of the authenticator role. */
const CONFIG_SQL = `
  select split_part(c.setting, '=', 1) as name, substr(c.setting, strpos(c.setting, '=') + 1) as value
  from pg_db_role_setting s
  join pg_roles r on r.oid = s.setrole
  cross join unnest(s.setconfig) as c(setting)
  where r.rolname = 'authenticator' and c.setting like 'pgrst.%'
    and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
  order by s.setdatabase`

const TX_END = ['commit', 'commit-allow-override', 'rollback', 'rollback-allow-override'] as const

/** The configuration from `PGRST_*` variables, overridden by the database's `pgrst.*` settings. */
export function restConfig(settings: Record<string, string>, env: NodeJS.ProcessEnv = process.env): RestConfig {
  const value = (name: string): string | undefined => settings[`pgrst.${name}`] ?? env[`PGRST_${name.toUpperCase()}`]
  const schemas = (value('db_schemas') ?? 'public,graphql_public')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
  const txEnd = value('db_tx_end')
  return {
    schemas: schemas.length ? schemas : ['public'],
    aggregates: ['true', 'on', '1', 'yes'].includes((value('db_aggregates_enabled') ?? '').toLowerCase()),
    txEnd: TX_END.find((item) => item === txEnd) ?? 'commit'
  }
}

const TYPES_SQL = `
  select t.typname as name, quote_ident(n.nspname) || '.' || quote_ident(t.typname) as qualified
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
  where (n.nspname = 'pg_catalog' or n.nspname = any($1)) and t.typtype in ('b', 'c', 'd', 'e', 'r', 'm')
    and t.typname !~ '^_' and (t.typrelid = 0 or n.nspname <> 'pg_catalog')`

/** The SQL spellings people use in casts that pg_type knows under another name. */
const TYPE_ALIASES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  float: 'float8',
  double: 'float8',
  boolean: 'bool',
  decimal: 'numeric',
  varchar: 'varchar',
  char: 'bpchar',
  timestamptz: 'timestamptz',
  timestamp: 'timestamp'
}

export function resolveCastType(types: Map<string, string>, name: string): string | undefined {
  const match = /^([a-z_][a-z0-9_]*)(\[\])?$/.exec(name.toLowerCase())
  if (!match) return undefined
  const base = TYPE_ALIASES[match[1] as string] ?? (match[1] as string)
  const qualified = types.get(base)
  return qualified && `${qualified}${match[2] ?? ''}`
}

async function load(pool: pg.Pool): Promise<SchemaSnapshot> {
  const client = await pool.connect()
  try {
    const configRows = await client.query<{ name: string; value: string }>(CONFIG_SQL)
    const config = restConfig(Object.fromEntries(configRows.rows.map((row) => [row.name, row.value])))
    const exposed = config.schemas
    const schemas = await client.query<{ nspname: string }>('select nspname from pg_namespace')
    const relations = await client.query<{ oid: number; schema: string; name: string; kind: string }>(RELATIONS_SQL, [exposed])
    const functions = await client.query<{
      oid: number
      schema: string
      name: string
      volatility: 'i' | 's' | 'v'
      returnsSet: boolean
      returnsVoid: boolean
      defaults: number
      rows: number
      resultRelation: number | null
      args: Array<FunctionArg & { relation: number | null }>
    }>(FUNCTIONS_SQL, [exposed])
    const relationIds = [
      ...relations.rows.map((row) => row.oid),
      ...functions.rows.flatMap((row) => (row.resultRelation === null ? [] : [row.resultRelation]))
    ]
    const columns = await client.query<Column & { relation: number }>(COLUMNS_SQL, [relationIds])
    const constraints = await client.query<{
      name: string
      type: string
      relation: number
      target: number
      columns: string[]
      targetColumns: string[]
    }>(CONSTRAINTS_SQL, [relations.rows.map((row) => row.oid)])
    const types = await client.query<{ name: string; qualified: string }>(TYPES_SQL, [exposed])
    const viewColumns = await client.query<{ view: number; source: number; column: string }>(VIEW_COLUMNS_SQL, [
      relations.rows.filter((row) => row.kind === 'v' || row.kind === 'm').map((row) => row.oid)
    ])

    const columnsOf = new Map<number, Column[]>()
    for (const { relation, ...column } of columns.rows) {
      columnsOf.set(relation, [...(columnsOf.get(relation) ?? []), column])
    }
    const byOid = new Map<number, Table>()
    const tables = new Map<string, Table>()
    for (const row of relations.rows) {
      const table: Table = {
        schema: row.schema,
        name: row.name,
        oid: row.oid,
        kind: row.kind === 'v' || row.kind === 'm' ? 'view' : 'table',
        columns: new Map((columnsOf.get(row.oid) ?? []).map((column) => [column.name, column])),
        primaryKey: [],
        uniques: [],
        foreignKeys: [],
        referencedBy: [],
        computed: new Map()
      }
      byOid.set(row.oid, table)
      tables.set(key(row.schema, row.name), table)
    }
    for (const constraint of constraints.rows) {
      const table = byOid.get(constraint.relation)
      if (!table) continue
      if (constraint.type === 'p') table.primaryKey = constraint.columns
      if (constraint.type !== 'f') {
        table.uniques.push(constraint.columns)
        continue
      }
      const target = byOid.get(constraint.target)
      if (!target) continue
      const fk: ForeignKey = { name: constraint.name, table, columns: constraint.columns, target, targetColumns: constraint.targetColumns }
      table.foreignKeys.push(fk)
      target.referencedBy.push(fk)
    }
    const settings = await client.query<{ role: string; name: string; value: string }>(ROLE_SETTINGS_SQL)
    inferViewKeys(byOid, viewColumns.rows)
    const roleSettings = new Map<string, Record<string, string>>()
    for (const { role, name, value } of settings.rows) roleSettings.set(role, { ...roleSettings.get(role), [name]: value })
    const fns = new Map<string, DbFunction[]>()
    for (const row of functions.rows) {
      const outputs = row.args.filter((arg) => arg.mode === 'o' || arg.mode === 'b' || arg.mode === 't')
      const fn: DbFunction = {
        schema: row.schema,
        name: row.name,
        oid: row.oid,
        volatility: row.volatility,
        returnsSet: row.returnsSet,
        returnsVoid: row.returnsVoid,
        resultColumns:
          row.resultRelation !== null
            ? (columnsOf.get(row.resultRelation) ?? []).map((column) => column.name)
            : outputs.length > 1 || (outputs.length === 1 && row.args.some((arg) => arg.mode === 't'))
              ? outputs.map((arg) => arg.name)
              : undefined,
        resultTable: row.resultRelation === null ? undefined : byOid.get(row.resultRelation),
        inputs: row.args.filter((arg) => arg.mode === 'i' || arg.mode === 'b' || arg.mode === 'v').map(({ relation: _, ...arg }) => arg),
        defaults: row.defaults,
        rows: row.rows
      }
      const inputs = row.args.filter((arg) => arg.mode === 'i' || arg.mode === 'b' || arg.mode === 'v')
      const owner = inputs.length === 1 && inputs[0]?.relation ? byOid.get(inputs[0].relation) : undefined
      // A computed field returns a scalar; a computed relationship returns rows of an exposed table or view.
      if (
        owner &&
        owner.schema === row.schema &&
        !row.returnsVoid &&
        (fn.resultTable || (fn.resultColumns === undefined && !row.returnsSet))
      ) {
        owner.computed.set(row.name, fn)
      }
      const k = key(row.schema, row.name)
      fns.set(k, [...(fns.get(k) ?? []), fn])
    }
    const typeMap = new Map<string, string>()
    for (const row of types.rows) if (!typeMap.has(row.name)) typeMap.set(row.name, row.qualified)
    return { config, schemas: new Set(schemas.rows.map((row) => row.nspname)), tables, functions: fns, types: typeMap, roleSettings }
  } finally {
    client.release()
  }
}

/**
 * Gives views the foreign keys of their base tables (both directions) when every key column
 * reaches the view under its own name from exactly one base table: `select id, author_id, …
 * from posts where …` embeds like posts does.
 */
function inferViewKeys(byOid: Map<number, Table>, rows: Array<{ view: number; source: number; column: string }>): void {
  const sources = new Map<number, Map<string, number[]>>()
  for (const { view, source, column } of rows) {
    const columns = sources.get(view) ?? new Map<string, number[]>()
    columns.set(column, [...(columns.get(column) ?? []), source])
    sources.set(view, columns)
  }
  for (const [viewOid, columns] of sources) {
    const view = byOid.get(viewOid)
    if (!view) continue
    const reaches = (base: Table, names: string[]): boolean =>
      names.every((name) => view.columns.has(name) && columns.get(name)?.length === 1 && columns.get(name)?.[0] === base.oid)
    for (const base of new Set([...columns.values()].flat())) {
      const table = byOid.get(base)
      if (!table || table.kind !== 'table') continue
      for (const fk of table.foreignKeys) {
        if (fk.viaView || !reaches(table, fk.columns)) continue
        const inferred: ForeignKey = { ...fk, name: fk.name, viaView: true, table: view }
        view.foreignKeys.push(inferred)
        fk.target.referencedBy.push(inferred)
      }
      for (const fk of [...table.referencedBy]) {
        if (fk.viaView || fk.table === table || !reaches(table, fk.targetColumns)) continue
        const inferred: ForeignKey = { ...fk, viaView: true, target: view }
        fk.table.foreignKeys.push(inferred)
        view.referencedBy.push(inferred)
      }
    }
  }
}

/**
 * PostgREST's schema cache: loaded from pg_catalog, reloaded on `NOTIFY pgrst, 'reload schema'`,
 * which the bootstrap's DDL event triggers send as Supabase's do, so tables created by
 * migrations or tests show up without a manual reload. An unknown name never reloads the
 * catalog by itself: it only makes sure a notification already committed has been read.
 */
export class SchemaCache {
  readonly #pool: pg.Pool
  readonly #databaseUrl: string
  #current: Promise<SchemaSnapshot> | undefined
  #listener: pg.Client | undefined
  #syncing: Promise<void> | undefined
  #queued: Promise<void> | undefined

  constructor(pool: pg.Pool, databaseUrl: string) {
    this.#pool = pool
    this.#databaseUrl = databaseUrl
  }

  get(): Promise<SchemaSnapshot> {
    this.#current ??= this.#load()
    return this.#current
  }

  /**
   * After a miss: the newest snapshot once every reload notification committed before the
   * miss has arrived (one round trip on the listening connection delivers them).
   * Misses share round trips, so a stream of bogus names costs one `select 1` at a time and
   * no catalog reads.
   */
  async refresh(): Promise<SchemaSnapshot> {
    await this.#sync()
    return this.get()
  }

  /** A round trip that starts after the call: one already under way may predate the miss. */
  #sync(): Promise<void> {
    if (this.#syncing) {
      this.#queued ??= this.#syncing.then(() => {
        this.#queued = undefined
        return this.#sync()
      })
      return this.#queued
    }
    const listener = this.#listener
    this.#syncing = (
      listener
        ? listener.query('select 1').then(
            () => undefined,
            () => undefined
          )
        : Promise.resolve()
    ).finally(() => {
      this.#syncing = undefined
    })
    return this.#syncing
  }

  #load(): Promise<SchemaSnapshot> {
    const loading = load(this.#pool)
    loading.catch(() => {
      if (this.#current === loading) this.#current = undefined
    })
    return loading
  }

  /** Listens for PostgREST's reload notifications; a lost listener only costs freshness. */
  async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#databaseUrl })
    client.on('error', () => undefined)
    client.on('notification', (message) => {
      if (message.channel === 'pgrst' && ['', 'reload schema', 'reload config'].includes(message.payload ?? '')) {
        this.#current = this.#load()
      }
    })
    await client.connect()
    await client.query('listen pgrst')
    this.#listener = client
  }

  async close(): Promise<void> {
    await this.#listener?.end().catch(() => undefined)
    this.#listener = undefined
  }
}
